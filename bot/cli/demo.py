"""`heard demo seed`: fill a local database with an invented council, to see a full board paper."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from bot.cli._errors import UserError


def register(subparsers: Any) -> None:
    """Add `heard demo seed`."""
    parser = subparsers.add_parser(
        "demo",
        help="fill a local database with invented demo data",
        description="Demo data for trying Heard out. Never use it on a council's real database.",
    )
    parser.set_defaults(func=lambda _args: _usage(parser))
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    seed = actions.add_parser(
        "seed",
        help="add an invented council: 820 young people, survey rounds, issues, alerts",
        description=(
            "Add a synthetic council to HEARD_DATABASE_URL: about 500 children in care and 320 "
            "care leavers, three rounds of the Promise/Charter surveys, a well-being check-in each "
            "quarter, a few hundred issues with outcomes and quotes, and a handful of safeguarding "
            "alerts, all closed or dealt with by today. Everything is written through the same "
            "services as real use, and free text is sealed with your keys like real data; replies "
            "and acknowledgements come from two disabled demo staff accounts (demo-worker, "
            "demo-lead) that nobody can sign in as. The same --seed on the same day gives the same "
            "data. Refuses a database that already has participants unless --force (which clears "
            "young people's data first; staff accounts and the audit log stay). Refused in production."
        ),
        epilog="Then: heard report --period <the quarter printed> --out papers/",
    )
    seed.add_argument("--force", action="store_true", help="clear existing young people's data first")
    seed.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    seed.add_argument(
        "--offer",
        action="store_true",
        help="only if the database is empty: ask first on a terminal, otherwise just say how (make run)",
    )
    seed.set_defaults(func=run_seed)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def run_seed(args: argparse.Namespace) -> int:
    """Seed the database; return 0."""
    from datetime import UTC, datetime

    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from feedback.crypto import Pseudonymiser, Sealer
    from feedback.demo import DemoNotEmpty, seed_demo

    settings = load_settings()
    if settings.production:
        if args.offer:
            return 0
        raise UserError("demo data is refused when HEARD_ENV=production")
    if args.offer and not _accept_offer(settings.resolved_database_url):
        return 0
    started = time.monotonic()

    def say(step: str) -> None:
        print(f"[{time.monotonic() - started:5.1f}s] {step}…", file=sys.stderr, flush=True)

    async def go() -> Any:
        try:
            async with open_database(settings) as db:
                return await seed_demo(
                    db,
                    sealer=Sealer(settings.secret_keys),
                    pseudonymiser=Pseudonymiser.from_setting(settings.pseudonym_key),
                    today=datetime.now(UTC).date(),
                    seed=args.seed,
                    force=args.force,
                    progress=say,
                )
        except DemoNotEmpty as exc:
            raise UserError(f"{exc}; use --force to replace it with demo data") from exc

    summary = run_async(go)
    print(
        f"seeded {summary.participants} young people, {summary.rounds} survey rounds, "
        f"{summary.responses} responses ({summary.answers} answers), {summary.issues} issues, "
        f"{summary.quotes} quotes, {summary.alerts} alerts"
    )
    print(f"try: heard report --period {summary.report_period} --out papers/")
    return 0


def _accept_offer(url: str) -> bool:
    """Return True when the database is empty and the person at the terminal wants demo data."""
    from bot.cli._context import run as run_async
    from feedback.db import Database
    from feedback.participants import count_participants

    async def count() -> int:
        db = Database(url)
        try:
            async with db.session() as session:
                return await count_participants(session)
        finally:
            await db.dispose()

    if run_async(count) > 0:
        return False
    question = (
        "This database is empty. Add an invented demo council (about 800 young people, survey rounds, "
        "issues and alerts) so you can see a full board paper? [y/N] "
    )
    if not sys.stdin.isatty():
        print("tip: 'heard demo seed' fills this empty database with an invented council", file=sys.stderr)
        return False
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}
