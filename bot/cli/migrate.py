"""`heard migrate`: bring the database schema up to date."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "migrate",
        help="apply database migrations (safe to run any time)",
        description="Apply Alembic migrations to HEARD_DATABASE_URL. Safe to run repeatedly.",
    )
    parser.add_argument("--check", action="store_true", help="only report whether the database is up to date")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot.cli._context import load_settings
    from bot.cli._context import run as run_async
    from bot.cli._errors import UserError
    from feedback.db import Database
    from feedback.migrate import SchemaBehindError, current_revision, ensure_current, upgrade

    settings = load_settings(with_keys=False)
    url = settings.resolved_database_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)

    async def go() -> str | None:
        db = Database(url)
        try:
            if args.check:
                await ensure_current(db)
            else:
                await upgrade(db)
            return await current_revision(db)
        except SchemaBehindError as exc:
            raise UserError(str(exc)) from exc
        except OSError as exc:
            raise UserError(f"cannot reach the database: {exc.strerror or exc}") from exc
        finally:
            await db.dispose()

    revision = run_async(go)
    print(f"database is at revision {revision}")
    return 0
