"""Applies and checks Alembic migrations from async code.

The service refuses to start on a database that is behind: running on a
half-migrated schema could write sealed data into the wrong columns.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from feedback.db import Database

__all__ = ["SchemaBehindError", "current_revision", "ensure_current", "head_revision", "upgrade"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaBehindError(RuntimeError):
    """The database has not been migrated to the code's schema."""


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """Return the newest revision the code knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(db: Database) -> str | None:
    """Return the database's revision, or None when it was never migrated."""
    async with db.engine.connect() as conn:
        return await conn.run_sync(_current)


async def upgrade(db: Database, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (default: the newest)."""

    def run(connection: Connection) -> None:
        cfg = _config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    async with db.engine.begin() as conn:
        await conn.run_sync(run)


async def ensure_current(db: Database) -> None:
    """Raise ``SchemaBehindError`` with a fix hint unless the database is at the newest revision."""
    current = await current_revision(db)
    head = head_revision()
    if current != head:
        state = "has never been migrated" if current is None else f"is at revision {current}"
        raise SchemaBehindError(
            f"the database {state} but this version of Heard needs {head}; run 'heard migrate'"
        )
