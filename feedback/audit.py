"""The audit log: who revealed or changed what, appended and never edited.

The database itself refuses UPDATE and DELETE on ``audit_log`` (see the
baseline migration), so this module only ever inserts and reads. Details are
small JSON objects of references and counts: never text a young person wrote,
never a pseudonym or chat id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import AuditEntry, table_of

__all__ = ["AuditRecord", "count_entries", "find_entry", "recent", "record"]

_audit = table_of(AuditEntry)
_c = _audit.c


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry as staff may read it."""

    id: int
    at: datetime
    actor: str
    action: str
    target_type: str | None
    target_id: str | None
    detail: Mapping[str, Any]


async def record(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    now: datetime,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Append one entry in the caller's transaction, so the action and its record commit together."""
    await session.execute(
        _audit.insert().values(
            at=now,
            actor=actor[:120],
            action=action[:64],
            target_type=target_type,
            target_id=None if target_id is None else str(target_id)[:64],
            detail_json=json.dumps(dict(detail), sort_keys=True) if detail else None,
        )
    )


async def recent(
    session: AsyncSession,
    *,
    limit: int = 100,
    offset: int = 0,
    action: str | None = None,
    actor: str | None = None,
) -> Sequence[AuditRecord]:
    """Return entries newest first, optionally only one action or one actor."""
    stmt = select(_audit).order_by(_c.id.desc()).limit(limit).offset(offset)
    if action:
        stmt = stmt.where(_c.action == action)
    if actor:
        stmt = stmt.where(_c.actor == actor)
    rows = (await session.execute(stmt)).mappings().all()
    return [
        AuditRecord(
            id=row["id"],
            at=row["at"],
            actor=row["actor"],
            action=row["action"],
            target_type=row["target_type"],
            target_id=row["target_id"],
            detail=json.loads(row["detail_json"]) if row["detail_json"] else {},
        )
        for row in rows
    ]


async def find_entry(session: AsyncSession, *, action: str, target_id: str) -> bool:
    """Return True when an entry with this action and target exists (e.g. a signed-out session)."""
    stmt = select(_c.id).where(_c.action == action, _c.target_id == target_id).limit(1)
    return (await session.execute(stmt)).first() is not None


async def count_entries(session: AsyncSession, *, action: str | None = None) -> int:
    """Return how many entries there are, optionally for one action."""
    stmt = select(func.count()).select_from(_audit)
    if action:
        stmt = stmt.where(_c.action == action)
    return int((await session.execute(stmt)).scalar_one())
