"""The async database engine and sessions: SQLite (aiosqlite) by default, PostgreSQL (asyncpg)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

__all__ = [
    "Database",
    "async_url",
    "is_postgres",
    "is_sqlite",
]

SQLITE_BUSY_TIMEOUT_MS = 10_000


def async_url(url: str) -> str:
    """Return ``url`` with the async driver Heard uses (aiosqlite or asyncpg).

    People write ``sqlite:///var/heard.db`` or ``postgresql://…``; the async
    engine needs the driver named, so it is added here rather than demanded.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise ValueError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    """Return True for a SQLite URL."""
    return make_url(url).get_backend_name() == "sqlite"


def is_postgres(url: str) -> bool:
    """Return True for a PostgreSQL URL."""
    return make_url(url).get_backend_name() in {"postgresql", "postgres"}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    """An engine plus its session factory; opened in the app's cleanup context, closed with it."""

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 10) -> None:
        self.url = async_url(url)
        kwargs: dict[str, Any] = {"echo": echo}
        if is_postgres(self.url):
            # A server can drop idle connections; a local SQLite file cannot, so only here is a
            # round trip per checkout worth paying.
            kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if is_sqlite(self.url):
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """Return ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """Yield a session that is committed on success and rolled back on error."""
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def ping(self) -> bool:
        """Return True if the database answers a trivial query."""
        from sqlalchemy import text

        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
