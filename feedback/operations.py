"""What an operator needs from the database: queue states and ages, and safe codes for errors.

Queue figures are read from the database rather than counted in memory, so
they agree across replicas and survive a restart: how many rows wait in each
queue and state, and how old the oldest is (a reply stuck in ``sending`` or
a text stuck waiting for redaction shows as an age that keeps growing).
Errors are reduced to codes that can never carry what someone wrote: a
PostgreSQL SQLSTATE, a SQLite error name, or else the exception's type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Table, event, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.db import Database
from feedback.models import AnswerRecord, InboxItem, IssueMessage, OutboxItem, table_of

__all__ = ["DISK_FULL", "QueueState", "error_code", "queue_states", "watch_errors"]

# Error codes that mean the database cannot write for want of space: SQLite's, PostgreSQL's disk_full.
DISK_FULL = frozenset({"SQLITE_FULL", "53100"})

_inbox: Table = table_of(InboxItem)
_outbox: Table = table_of(OutboxItem)
_messages: Table = table_of(IssueMessage)
_answers: Table = table_of(AnswerRecord)

# States worth watching: rows still to be dealt with, and messages given up on.
WATCHED = {"inbox": ("pending", "processing"), "outbox": ("pending", "sending", "failed")}


@dataclass(frozen=True)
class QueueState:
    """How many rows one queue holds in one state, and the oldest one's age in seconds."""

    queue: str
    state: str
    count: int
    oldest_seconds: float


def error_code(exc: BaseException) -> str:
    """Return a code for ``exc`` that is safe to log: SQLSTATE, SQLite error name or exception type.

    Database messages can quote the values of a statement; codes cannot.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        sqlstate = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if isinstance(sqlstate, str) and sqlstate:
            return sqlstate
        name = getattr(current, "sqlite_errorname", None)
        if isinstance(name, str) and name:
            return name
        current = getattr(current, "orig", None) or current.__cause__
    return type(exc).__name__


def watch_errors(database: Database, on_error: Callable[[str], None]) -> None:
    """Call ``on_error(code)`` for every error the database engine reports (for a metric)."""

    def handle(context: Any) -> None:
        on_error(error_code(context.original_exception))

    event.listen(database.engine.sync_engine, "handle_error", handle)


async def queue_states(session: AsyncSession, *, now: datetime) -> list[QueueState]:
    """Return every watched queue state (zero when empty), and the redaction backlog as ``redaction``."""
    found: list[QueueState] = []
    sources: list[tuple[str, Table, Any]] = [
        ("inbox", _inbox, _inbox.c.received_at),
        ("outbox", _outbox, _outbox.c.created_at),
    ]
    for queue, table, stamp in sources:
        rows = await session.execute(
            select(table.c.status, func.count(), func.min(stamp))
            .where(table.c.status.in_(WATCHED[queue]))
            .group_by(table.c.status)
        )
        by_state = {status: (int(count), oldest) for status, count, oldest in rows.all()}
        for state in WATCHED[queue]:
            count, oldest = by_state.get(state, (0, None))
            found.append(QueueState(queue, state, count, _age(now, oldest)))
    messages = (
        await session.execute(
            select(func.count(), func.min(_messages.c.created_at)).where(
                _messages.c.redaction_status == "pending"
            )
        )
    ).one()
    answers = (
        await session.execute(
            select(func.count(), func.min(_answers.c.sealed_on)).where(
                _answers.c.redaction_status == "pending"
            )
        )
    ).one()
    ages = [_age(now, messages[1]), _age(now, answers[1])]
    found.append(QueueState("redaction", "pending", int(messages[0]) + int(answers[0]), max(ages)))
    return found


def _age(now: datetime, oldest: datetime | date | str | None) -> float:
    if oldest is None:
        return 0.0
    if isinstance(oldest, str):  # SQLite hands back aggregates of dates as text
        oldest = (
            datetime.fromisoformat(oldest) if " " in oldest or "T" in oldest else date.fromisoformat(oldest)
        )
    if not isinstance(oldest, datetime):
        oldest = datetime.combine(oldest, time(), tzinfo=UTC)
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return max(0.0, (now - oldest).total_seconds())
