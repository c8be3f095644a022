"""The async database engine and sessions: SQLite (aiosqlite) by default, PostgreSQL (asyncpg).

SQLite lets one connection write at a time; the others wait in its busy
handler, which sleeps in growing steps and turns a burst of small writes into
seconds of latency. So on SQLite every session of a ``Database`` passes one
write gate (``WriteGate``): Heard's own writers queue in the event loop
instead, whoever they are (webhook, workers, web chat, portal, jobs). On
PostgreSQL the gate does nothing.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

__all__ = [
    "CANNOT_CONNECT",
    "DATABASE_FAILED",
    "PING_IDLE_AFTER",
    "Database",
    "IdlePing",
    "Session",
    "WriteGate",
    "async_url",
    "client_url",
    "is_postgres",
    "is_sqlite",
    "sqlite_path",
]

# The session type callers annotate with, so that code outside ``feedback`` names no SQL library.
Session = AsyncSession
# What opening or using a database raises when it cannot be reached (a wrong URL, a server down).
CANNOT_CONNECT: tuple[type[Exception], ...] = (OSError, OperationalError, InterfaceError)
# What any failed database call may raise: the above, a refused statement, a lost connection.
DATABASE_FAILED: tuple[type[Exception], ...] = (OSError, SQLAlchemyError)

SQLITE_BUSY_TIMEOUT_MS = 10_000
PING_IDLE_AFTER = 10.0  # seconds a pooled PostgreSQL connection may idle before it is checked


def session_dialect(session: AsyncSession) -> str:
    """Return the dialect ``session`` talks to ("sqlite" when unbound)."""
    return session.bind.dialect.name if session.bind is not None else "sqlite"


def insert_for(session: AsyncSession) -> Any:
    """Return the ``INSERT`` of the session's dialect: both take ``ON CONFLICT`` clauses, each its own."""
    return pg_insert if session_dialect(session) == "postgresql" else sqlite_insert


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


def sqlite_path(url: str) -> str | None:
    """Return the file a SQLite URL names ("" for an in-memory one), or None for any other database."""
    parsed = make_url(url)
    return parsed.database or "" if parsed.get_backend_name() == "sqlite" else None


def client_url(url: str) -> tuple[str, str | None]:
    """Return ``url`` as PostgreSQL's own tools take it (no driver, no password), and the password apart.

    The password goes in the tools' environment (``PGPASSWORD``), never on a command line.
    """
    parsed = make_url(url)
    # Built afresh: ``URL.set(password=None)`` would keep the password, and so show it in ``ps``.
    plain = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return plain.render_as_string(hide_password=False), parsed.password


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class IdlePing:
    """Checks a pooled PostgreSQL connection before use, but only if it sat idle for a while.

    A server, proxy or firewall can drop connections that idle; SQLAlchemy's
    ``pool_pre_ping`` catches that with a round trip on every checkout, which
    at load is a round trip per transaction for connections used a moment
    ago. Here a connection is pinged only when it was last returned more than
    ``idle_after`` seconds ago; a dead one is replaced before anyone uses it
    (raising ``DisconnectionError`` makes the pool connect afresh). A
    connection dropped while busy still fails its next statement once, as it
    would with pre-ping, and every caller retries that.
    """

    def __init__(self, engine: AsyncEngine, idle_after: float) -> None:
        self.engine = engine
        self.idle_after = idle_after
        self.pings = 0  # how many checkouts were pinged (for tests and curiosity)

    def listen(self) -> None:
        """Attach to the engine's pool."""
        event.listen(self.engine.sync_engine, "checkin", self._checked_in)
        event.listen(self.engine.sync_engine, "checkout", self._checking_out)

    def _checked_in(self, _dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["returned_at"] = time.monotonic()

    def _checking_out(self, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is not None and time.monotonic() - returned < self.idle_after:
            return
        if returned is None:  # a connection just made is alive
            record.info["returned_at"] = time.monotonic()
            return
        self.pings += 1
        try:
            self.engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError("idle connection was dropped") from exc


def _create_private(path: str | None) -> None:
    """Create a new SQLite file readable by its owner only (0600); SQLite gives its -wal and -shm the same.

    Left to SQLite, the file would follow the umask (usually 0644): anyone on
    the host could read sealed text, pseudonyms and the audit log.
    """
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return
    except OSError:  # a missing folder: SQLite reports that itself, with its own message
        return


class WriteGate:
    """Lets one task at a time through; the task already through may pass again (a session inside one)."""

    def __init__(self) -> None:
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._holder: asyncio.Task[Any] | None = None

    @asynccontextmanager
    async def through(self) -> AsyncIterator[None]:
        """Wait for the gate, hold it for the block, then let the next task through."""
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            yield
            return
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:  # a lock serves the loop it first waited in
            self._lock, self._loop = asyncio.Lock(), loop
        async with self._lock:
            self._holder = task
            try:
                yield
            finally:
                self._holder = None


class Database:
    """An engine plus its session factory; opened in the app's cleanup context, closed with it."""

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        pool_size: int = 10,
        ping_idle_after: float = PING_IDLE_AFTER,
    ) -> None:
        self.url = async_url(url)
        kwargs: dict[str, Any] = {"echo": echo}
        if is_postgres(self.url):
            kwargs.update(pool_size=pool_size, max_overflow=pool_size)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        self.idle_ping: IdlePing | None = None
        if is_sqlite(self.url):
            _create_private(make_url(self.url).database)
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            self.idle_ping = IdlePing(self.engine, ping_idle_after)
            self.idle_ping.listen()
        self.sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)
        # One writer at a time on SQLite (see the module's docstring); PostgreSQL takes many at once.
        self.gate: WriteGate | None = WriteGate() if is_sqlite(self.url) else None

    @property
    def dialect(self) -> str:
        """Return ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """Yield a session that is committed on success and rolled back on error.

        On SQLite the session is opened only once the write gate lets this
        task through, and the gate is held until it is committed or rolled back.
        """
        if self.gate is None:
            async with self._session() as session:
                yield session
            return
        async with self.gate.through(), self._session() as session:
            yield session

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
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
