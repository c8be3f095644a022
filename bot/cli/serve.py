"""`heard serve`: run the service (webhook, web chat, staff portal, workers, scheduler)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the web service (web chat, staff portal, Telegram, workers)",
        description=(
            "Serve Heard over HTTP on HEARD_HOST:HEARD_PORT. Joins Telegram only when "
            "HEARD_TELEGRAM_TOKEN is set. Refuses to start on an unmigrated database."
        ),
    )
    parser.add_argument("--host", help="override HEARD_HOST")
    parser.add_argument("--port", type=int, help="override HEARD_PORT")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from aiohttp import web

    from bot.app import init_app
    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from bot.logs import configure_logging

    configure_logging("INFO", tracebacks=args.debug)
    settings = load_settings()
    configure_logging(settings.log_level, tracebacks=args.debug)
    if args.host:
        settings = replace(settings, host=args.host)
    if args.port:
        settings = replace(settings, port=args.port)

    async def check() -> None:
        async with open_database(settings):
            pass

    run_async(check)
    print(f"Heard is listening on http://{settings.host}:{settings.port}", flush=True)
    web.run_app(init_app(settings), host=settings.host, port=settings.port, print=None)
    return 0
