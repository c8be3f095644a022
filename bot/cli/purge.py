"""`heard purge`: delete raw text and queue rows past HEARD_RETENTION_DAYS now, or show what would go."""

from __future__ import annotations

import argparse
from typing import Any

LABELS = {
    "issue_messages": "raw issue messages",
    "answers": "raw free-text answers",
    "alerts": "alert texts and typed safety answers",
    "shared_contacts": "shared contact details",
    "queue_rows": "handled inbox and outbox rows",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "purge",
        help="apply the retention policy now (heard serve also does it at start-up and daily)",
        description=(
            "Delete sealed raw text, shared contact details and handled queue rows older than "
            "HEARD_RETENTION_DAYS, as the running service does at start-up and once a day. "
            "Anonymised text and themes stay."
        ),
    )
    parser.add_argument("--dry-run", action="store_true", help="count what would be deleted; change nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from feedback.retention import FullPurge, purge

    settings = load_settings(with_keys=False)

    async def go() -> FullPurge:
        async with open_database(settings) as db, db.session() as session:
            return await purge(
                session, now=datetime.now(UTC), retention_days=settings.retention_days, dry_run=args.dry_run
            )

    report = run_async(go)
    verb = "would delete" if args.dry_run else "deleted"
    print(f"retention {settings.retention_days} days: {verb}")
    for kind, count in report.counts().items():
        print(f"  {count:>7}  {LABELS[kind]}")
    return 0
