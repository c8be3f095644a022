"""`heard outbox retry --failed`: send again the messages given up on (after a long outage)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "outbox",
        help="look after the queue of outgoing messages",
        description="Look after the durable queue of messages to young people.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    retry = commands.add_parser(
        "retry",
        help="queue failed messages again",
        description=(
            "Queue messages that were given up on (failed after HEARD_DELIVERY_HORIZON_HOURS of retries) "
            "again, with a fresh horizon; a running 'heard serve' sends them within seconds. Messages to "
            "someone who blocked the bot stay failed unless --include-blocked."
        ),
    )
    retry.add_argument("--failed", action="store_true", required=True, help="retry every failed message")
    retry.add_argument(
        "--include-blocked", action="store_true", help="also retry messages to people who blocked the bot"
    )
    retry.set_defaults(func=run_retry)
    parser.set_defaults(func=lambda _args: parser.print_help() or 2)


def run_retry(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from feedback import outbox

    settings = load_settings(with_keys=False)

    async def go() -> int:
        async with open_database(settings) as db, db.session() as session:
            return await outbox.retry_failed(
                session, now=datetime.now(UTC), include_blocked=args.include_blocked
            )

    count = run_async(go)
    print(f"queued {count} failed message(s) again")
    return 0
