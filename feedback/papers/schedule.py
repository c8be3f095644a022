"""When to draft each quarter's paper: a set number of days before each board meeting.

Councils fix their Corporate Parenting Board dates a year ahead. Heard drafts
the paper for the last complete quarter before the drafting day, so a
participation worker has time to read, approve and publish it. Drafting is
idempotent per board date: the draft records which meeting it was made for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Table, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.aggregate.period import Period, quarter_of
from feedback.models import BoardPaper, table_of

__all__ = ["DueDraft", "already_drafted", "drafted_by", "due_drafts"]

_paper: Table = table_of(BoardPaper)


@dataclass(frozen=True)
class DueDraft:
    """A paper that should be drafted now: for which meeting, covering which quarter."""

    board_date: date
    period: Period


def due_drafts(board_dates: Iterable[date], *, draft_days: int, today: date) -> list[DueDraft]:
    """Return the drafts due ``today``: meetings whose drafting day has come and that are not past."""
    due: list[DueDraft] = []
    for board_date in sorted(set(board_dates)):
        drafting_day = board_date - timedelta(days=draft_days)
        if drafting_day <= today <= board_date:
            # The last complete quarter before the drafting day.
            due.append(DueDraft(board_date, quarter_of(drafting_day).previous()))
    return due


def drafted_by(board_date: date) -> str:
    """Return the ``created_by`` a scheduled draft carries, naming its meeting."""
    return f"scheduler:board-{board_date.isoformat()}"


async def already_drafted(session: AsyncSession, due: DueDraft) -> bool:
    """Return True when a draft for this meeting exists (whatever happened to it since)."""
    count = await session.execute(
        select(func.count())
        .select_from(_paper)
        .where(_paper.c.created_by == drafted_by(due.board_date), _paper.c.period == due.period.label)
    )
    return int(count.scalar_one()) > 0
