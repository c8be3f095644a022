"""A bare python-telegram-bot echo bot behind an aiohttp webhook route: the yardstick for Heard.

PTB's own custom-webhook pattern (``updater(None)``, a route that puts the
update on the application's queue and answers 200 at once), made as fast as
it honestly goes: ``concurrent_updates(256)`` lets ``process_update`` run for
many updates at a time, with a connection pool as large. Nothing is stored:
a crash loses every update still in memory.

    python bench/webhook/echo_bot.py --api URL --token T --port P --transport httpx|aiohttp
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from aiohttp import web
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot.telegram.request import AiohttpRequest


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None and update.effective_message is not None
    await context.bot.send_message(update.effective_chat.id, update.effective_message.text or "")


def build(api: str, token: str, transport: str) -> Application:  # type: ignore[type-arg]
    request = (
        HTTPXRequest(connection_pool_size=256, pool_timeout=30.0)
        if transport == "httpx"
        else AiohttpRequest(connections=256, pool_timeout=30.0)
    )
    application = (
        ApplicationBuilder().token(token).base_url(api).request(request).updater(None).job_queue(None).build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--transport", choices=["httpx", "aiohttp"], required=True)
    args = parser.parse_args()
    application = build(args.api, args.token, args.transport)

    async def webhook(request: web.Request) -> web.Response:
        update = Update.de_json(json.loads(await request.read()), application.bot)
        await application.update_queue.put(update)
        return web.Response()

    async def lifecycle(_app: web.Application):  # type: ignore[no-untyped-def]
        async with application:
            await application.start()
            yield
            await application.stop()

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    app.cleanup_ctx.append(lifecycle)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
