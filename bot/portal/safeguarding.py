"""Reading and acting on safeguarding alerts for the portal: the list, one alert, acknowledge, action.

Overdue urgent alerts (unacknowledged after the re-notify interval) sort to
the top, then other waiting alerts by level and age, then the acknowledged.
Opening the flagged text is a separate call, so each view that reveals it
can be audited by its caller.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.crypto import Sealer, UnsealableError
from feedback.issues import Relay
from feedback.models import Alert, Issue, Participant, StaffUser, table_of

__all__ = [
    "AlertRow",
    "acknowledge",
    "alert_order",
    "get_alert",
    "list_alerts",
    "open_alert_text",
    "record_action",
    "relay_for_alert",
    "waiting_counts",
]

_alert = table_of(Alert)
_issue = table_of(Issue)
_staff = table_of(StaffUser)
_person = table_of(Participant)
_LEVEL_RANK = {"urgent": 0, "concern": 1}


@dataclass(frozen=True)
class AlertRow:
    """An alert as the safeguarding list shows it: no text, no participant."""

    id: int
    level: str
    categories: tuple[str, ...]
    source: str
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    action_note: str | None
    issue_reference: str | None
    overdue: bool

    @property
    def waiting(self) -> bool:
        """Return True until a safeguarding lead has acknowledged the alert."""
        return self.acknowledged_at is None


def is_overdue(level: str, created_at: datetime, acknowledged: bool, now: datetime, after: timedelta) -> bool:
    """Return True for an urgent alert still unacknowledged ``after`` its creation."""
    return level == "urgent" and not acknowledged and now - created_at >= after


def alert_order(row: AlertRow) -> tuple[int, int, float]:
    """Return the sort key: overdue first, then waiting by level, oldest first; acknowledged last."""
    if row.overdue:
        return (0, 0, row.created_at.timestamp())
    if row.waiting:
        return (1, _LEVEL_RANK.get(row.level, 2), row.created_at.timestamp())
    return (2, 0, -(row.acknowledged_at or row.created_at).timestamp())


def _query() -> Select[Any]:
    return (
        select(_alert, _issue.c.reference, _staff.c.display_name, _staff.c.username)
        .outerjoin(_issue, _issue.c.id == _alert.c.issue_id)
        .outerjoin(_staff, _staff.c.id == _alert.c.acknowledged_by)
    )


def _row(data: dict[str, object], now: datetime, after: timedelta) -> AlertRow:
    created = data["created_at"]
    acknowledged = data["acknowledged_at"]
    assert isinstance(created, datetime)
    level = str(data["level"])
    return AlertRow(
        id=int(str(data["id"])),
        level=level,
        categories=tuple(json.loads(str(data["categories_json"] or "[]"))),
        source=str(data["source"]),
        created_at=created,
        acknowledged_at=acknowledged if isinstance(acknowledged, datetime) else None,
        acknowledged_by=str(data["display_name"] or data["username"]) if data["username"] else None,
        action_note=str(data["action_note"]) if data["action_note"] else None,
        issue_reference=str(data["reference"]) if data["reference"] else None,
        overdue=is_overdue(level, created, acknowledged is not None, now, after),
    )


async def list_alerts(
    session: AsyncSession, *, now: datetime, renotify_after: timedelta, limit: int = 200
) -> Sequence[AlertRow]:
    """Return recent alerts in the order a safeguarding lead should deal with them."""
    stmt = _query().order_by(_alert.c.id.desc()).limit(limit)
    rows = [_row(dict(r), now, renotify_after) for r in (await session.execute(stmt)).mappings().all()]
    return sorted(rows, key=alert_order)


async def get_alert(
    session: AsyncSession, alert_id: int, *, now: datetime, renotify_after: timedelta
) -> AlertRow | None:
    """Return one alert, or None."""
    data = (await session.execute(_query().where(_alert.c.id == alert_id))).mappings().first()
    return None if data is None else _row(dict(data), now, renotify_after)


async def waiting_counts(
    session: AsyncSession, *, now: datetime, renotify_after: timedelta
) -> tuple[int, int]:
    """Return how many alerts wait for acknowledgement, and how many of them are overdue urgent."""
    waiting = _alert.c.acknowledged_at.is_(None)
    total = (await session.execute(select(func.count()).where(waiting))).scalar_one()
    overdue = (
        await session.execute(
            select(func.count()).where(
                waiting, _alert.c.level == "urgent", _alert.c.created_at <= now - renotify_after
            )
        )
    ).scalar_one()
    return int(total), int(overdue)


async def open_alert_text(session: AsyncSession, sealer: Sealer, alert_id: int) -> str | None:
    """Return the flagged text as written; the caller must audit this view."""
    sealed = (
        await session.execute(select(_alert.c.text_sealed).where(_alert.c.id == alert_id))
    ).scalar_one_or_none()
    if not sealed:
        return None
    try:
        return sealer.open(sealed)
    except UnsealableError:
        return None


async def issue_id_of(session: AsyncSession, alert_id: int) -> int | None:
    """Return the id of the issue an alert came from, if any (for the raw thread)."""
    value = (
        await session.execute(select(_alert.c.issue_id).where(_alert.c.id == alert_id))
    ).scalar_one_or_none()
    return None if value is None else int(value)


async def acknowledge(session: AsyncSession, *, alert_id: int, staff_id: int, now: datetime) -> bool:
    """Mark an alert acknowledged; return False if it already was (the first lead's name stays)."""
    result = await session.execute(
        update(_alert)
        .where(_alert.c.id == alert_id, _alert.c.acknowledged_at.is_(None))
        .values(acknowledged_at=now, acknowledged_by=staff_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def record_action(
    session: AsyncSession, *, alert_id: int, staff_id: int, note: str, now: datetime
) -> None:
    """Store what was done about an alert (acknowledging it too, if nobody had)."""
    await acknowledge(session, alert_id=alert_id, staff_id=staff_id, now=now)
    await session.execute(update(_alert).where(_alert.c.id == alert_id).values(action_note=note))


async def relay_for_alert(session: AsyncSession, alert_id: int) -> Relay | None:
    """Return where a message about this alert can reach the young person, or None if they left."""
    row = (
        await session.execute(
            select(_person.c.channel, _person.c.chat_id_sealed, _issue.c.reference)
            .select_from(_alert)
            .join(_person, _person.c.id == _alert.c.participant_id)
            .outerjoin(_issue, _issue.c.id == _alert.c.issue_id)
            .where(_alert.c.id == alert_id)
        )
    ).first()
    if row is None or not row[1]:
        return None
    channel, address_sealed, reference = row
    return Relay(reference or "", str(channel), str(address_sealed))
