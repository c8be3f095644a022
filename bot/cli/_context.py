"""What most commands need first: validated settings with keys, and a database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

from bot.cli._errors import UserError
from bot.keys import with_local_keys
from bot.settings import Settings, SettingsError
from feedback.db import CANNOT_CONNECT, Database, sqlite_path
from feedback.migrate import SchemaBehindError, ensure_current

T = TypeVar("T")
log = logging.getLogger("heard")


def load_settings(*, with_keys: bool = True) -> Settings:
    """Return settings from the environment, or raise ``UserError`` listing every problem."""
    try:
        settings = Settings.from_env()
        if with_keys:
            settings = with_local_keys(settings)
    except SettingsError as exc:
        raise UserError(str(exc)) from exc
    if settings.keys_generated:
        log.warning(
            "keys.local",
            extra={
                "event": "keys.local",
                "hint": f"using keys from {settings.data_dir / 'keys.json'}; "
                "set HEARD_SECRET_KEYS and HEARD_PSEUDONYM_KEY for real use",
            },
        )
    return settings


def run(coro_factory: Callable[[], Awaitable[T]]) -> T:
    """Run an async step from a synchronous command."""

    async def runner() -> T:
        return await coro_factory()

    return asyncio.run(runner())


def _missing_sqlite_file(database_url: str) -> str | None:
    """Return the path of a SQLite database file that does not exist yet, else None."""
    path = sqlite_path(database_url)
    return path if path is not None and not Path(path).exists() else None


@asynccontextmanager
async def open_database(settings: Settings, *, check_schema: bool = True) -> AsyncIterator[Database]:
    """Yield the configured database, turning "not migrated" and "cannot connect" into one-line errors."""
    missing = _missing_sqlite_file(settings.resolved_database_url)
    if check_schema and missing:
        # Opening would create an empty file; say what to do instead.
        raise UserError(f"there is no database at {missing}; run 'heard migrate' first")
    db = Database(settings.resolved_database_url)
    try:
        if check_schema:
            await ensure_current(db)
        yield db
    except SchemaBehindError as exc:
        raise UserError(str(exc)) from exc
    except CANNOT_CONNECT as exc:
        raise UserError(
            "cannot open the database; check HEARD_DATABASE_URL and run 'heard migrate' first"
        ) from exc
    finally:
        await db.dispose()
