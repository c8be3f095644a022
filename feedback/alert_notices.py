"""Which alerts to announce to safeguarding leads now: new ones, and urgent ones left overdue.

Alerts are claimed with a single UPDATE … RETURNING, so with several
replicas each is announced once; if nobody could be told, the claim is
released and the next run tries again. An alert raised from concern to
urgent by the young person's answer has its stamps cleared, so it is
announced again, as urgent, and is overdue counting from when it became
urgent (``feedback.triage.overdue_clause``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import Alert, table_of
from feedback.triage import overdue_clause

__all__ = ["Claimed", "claim_notices", "release_notices"]

_alert = table_of(Alert)
_c = _alert.c


@dataclass(frozen=True)
class Claimed:
    """What this run will announce: new alerts by id and level, and overdue urgent alerts by id."""

    new: tuple[tuple[int, str], ...]
    overdue: tuple[int, ...]

    def __bool__(self) -> bool:
        return bool(self.new or self.overdue)


async def claim_notices(session: AsyncSession, *, now: datetime, renotify_after: timedelta) -> Claimed:
    """Claim every alert not yet announced, and every overdue urgent one not re-announced lately."""
    new = (
        await session.execute(
            update(_alert).where(_c.notified_at.is_(None)).values(notified_at=now).returning(_c.id, _c.level)
        )
    ).all()
    overdue_before = now - renotify_after
    overdue = (
        await session.execute(
            update(_alert)
            .where(
                overdue_clause(now, renotify_after),
                _c.notified_at.is_not(None),
                _c.notified_at < now,
                or_(_c.renotified_at.is_(None), _c.renotified_at <= overdue_before),
            )
            .values(renotified_at=now)
            .returning(_c.id)
        )
    ).all()
    return Claimed(tuple((int(i), str(level)) for i, level in new), tuple(int(i) for (i,) in overdue))


async def release_notices(session: AsyncSession, claimed: Claimed, *, now: datetime) -> None:
    """Undo a claim nobody could be told about, so the next run announces those alerts again."""
    if claimed.new:
        await session.execute(
            update(_alert)
            .where(_c.id.in_([i for i, _ in claimed.new]), _c.notified_at == now)
            .values(notified_at=None)
        )
    if claimed.overdue:
        await session.execute(
            update(_alert)
            .where(_c.id.in_(list(claimed.overdue)), _c.renotified_at == now)
            .values(renotified_at=None)
        )
