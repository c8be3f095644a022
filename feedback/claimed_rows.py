"""Who holds claimed rows, and giving them back: the two statements every claimed queue runs.

The inbox, the outbox and text work (``feedback.queue``) each mark a held row
by its own status ("processing", "sending", pending text) and its
``claimed_by``; these take that condition and the table, so each queue states
only what "held" means for its rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, and_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

__all__ = ["holders", "release_rows"]


async def holders(session: AsyncSession, claimed_by: Any, held: ColumnElement[bool]) -> set[int]:
    """Return the claimant numbers on the rows ``held`` selects."""
    rows = await session.execute(select(claimed_by).where(held, claimed_by.is_not(None)).distinct())
    return {int(row[0]) for row in rows}


async def release_rows(
    session: AsyncSession,
    table: Table,
    held: ColumnElement[bool],
    *,
    owner: int | None,
    **values: Any,
) -> int:
    """Clear ``claimed_by`` (and set ``values``) on the held rows of ``owner`` (every held row when None)."""
    which = held if owner is None else and_(held, table.c.claimed_by == owner)
    result = await session.execute(update(table).where(which).values(claimed_by=None, **values))
    return int(result.rowcount)  # type: ignore[attr-defined]
