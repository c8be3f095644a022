"""Triage of safeguarding alerts: the list in the order a lead should work, one alert, and the lead's actions.

The rules live here, not in the portal: what counts as overdue (urgent and
unacknowledged for longer than the re-notify interval, counted from when it
became urgent; written once, as the SQL condition every list, count and
re-notice uses), the order (waiting first, urgent before concern, longest
waiting first; then those dealt with, urgent before concern, newest first),
and what "not a concern" means (dealt with, with a reason, counted in the
weekly false-alarm figures). Rows come back as plain shapes with no text and
no participant; opening the words is a separate call, so every view that
reveals them can be audited by its caller.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.crypto import Sealer, UnsealableError
from feedback.issues import Relay
from feedback.models import Alert, Issue, Participant, StaffUser, table_of
from feedback.participants import forget_words_of_handled_alert

__all__ = [
    "RENOTIFY_AFTER",
    "AlertRow",
    "CheckQuestion",
    "acknowledge",
    "alert_order",
    "get_alert",
    "issue_id_of",
    "list_alerts",
    "mark_not_a_concern",
    "open_alert_text",
    "open_check_reply",
    "overdue_clause",
    "record_action",
    "relay_for_alert",
    "waiting_counts",
]

_alert = table_of(Alert)
_issue = table_of(Issue)
_person = table_of(Participant)
_acker = table_of(StaffUser).alias("acker")
_dismisser = table_of(StaffUser).alias("dismisser")
_LEVEL_RANK = {"urgent": 0, "concern": 1}
RENOTIFY_AFTER = timedelta(minutes=15)  # an urgent alert unacknowledged this long is overdue, and told again


@dataclass(frozen=True)
class CheckQuestion:
    """A safety question put to the young person, and their answer (None: not answered)."""

    asked_at: datetime | None
    answer: str | None  # "Are you safe?": ok | help | words; "contact you?": yes | no
    answered_at: datetime | None

    @property
    def asked(self) -> bool:
        """Return True if the question was put to the young person."""
        return self.asked_at is not None


@dataclass(frozen=True)
class AlertRow:
    """An alert as the safeguarding list shows it: no words, no participant."""

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
    reasons: tuple[str, ...] = ()
    raised_at: datetime | None = None  # a concern made urgent by the young person's answer
    safe_check: CheckQuestion = CheckQuestion(None, None, None)
    contact: CheckQuestion = CheckQuestion(None, None, None)
    dismissed_at: datetime | None = None
    dismissed_by: str | None = None
    dismissed_reason: str | None = None

    @property
    def waiting(self) -> bool:
        """Return True until a safeguarding lead has acknowledged the alert (or marked it not a concern)."""
        return self.acknowledged_at is None

    @property
    def not_a_concern(self) -> bool:
        """Return True if a lead marked the alert "not a concern"."""
        return self.dismissed_at is not None

    @property
    def urgent_since(self) -> datetime:
        """Return when the alert became what it is now: raised to urgent, or created."""
        return self.raised_at or self.created_at


def overdue_clause(now: datetime, after: timedelta) -> ColumnElement[bool]:
    """Return the condition for an urgent alert still unacknowledged ``after`` it became urgent.

    The one statement of the rule: the list, the counts and the re-notices all use it.
    """
    return (
        (_alert.c.level == "urgent")
        & _alert.c.acknowledged_at.is_(None)
        & (func.coalesce(_alert.c.raised_at, _alert.c.created_at) <= now - after)
    )


def alert_order(row: AlertRow) -> tuple[int, int, float]:
    """Return the sort key: waiting first by level, longest waiting first; then dealt with, newest first."""
    rank = _LEVEL_RANK.get(row.level, 2)
    if row.waiting:
        return (0, rank, row.urgent_since.timestamp())
    return (1, rank, -(row.acknowledged_at or row.created_at).timestamp())


def _query(now: datetime, after: timedelta) -> Select[Any]:
    return (
        select(
            _alert,
            overdue_clause(now, after).label("overdue"),
            _issue.c.reference,
            _acker.c.display_name.label("acker_name"),
            _acker.c.username.label("acker_username"),
            _dismisser.c.display_name.label("dismisser_name"),
            _dismisser.c.username.label("dismisser_username"),
        )
        .outerjoin(_issue, _issue.c.id == _alert.c.issue_id)
        .outerjoin(_acker, _acker.c.id == _alert.c.acknowledged_by)
        .outerjoin(_dismisser, _dismisser.c.id == _alert.c.dismissed_by)
    )


def _when(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None


def _name(data: Mapping[Any, Any], prefix: str) -> str | None:
    username = data[f"{prefix}_username"]
    return str(data[f"{prefix}_name"] or username) if username else None


def _contact_answer(wanted: object) -> str | None:
    return None if wanted is None else ("yes" if wanted else "no")


def _row(data: Mapping[Any, Any]) -> AlertRow:
    created = data["created_at"]
    assert isinstance(created, datetime)
    level = str(data["level"])
    acknowledged = _when(data["acknowledged_at"])
    raised = _when(data["raised_at"])
    reasons = data["reasons"] or []
    return AlertRow(
        id=int(data["id"]),
        level=level,
        categories=tuple(json.loads(str(data["categories_json"] or "[]"))),
        source=str(data["source"]),
        created_at=created,
        acknowledged_at=acknowledged,
        acknowledged_by=_name(data, "acker"),
        action_note=str(data["action_note"]) if data["action_note"] else None,
        issue_reference=str(data["reference"]) if data["reference"] else None,
        overdue=bool(data["overdue"]),
        reasons=tuple(str(r) for r in reasons) if isinstance(reasons, list) else (),
        raised_at=raised,
        safe_check=CheckQuestion(
            _when(data["check_asked_at"]), data["check_answer"], _when(data["check_answered_at"])
        ),
        contact=CheckQuestion(
            _when(data["contact_asked_at"]),
            _contact_answer(data["contact_wanted"]),
            _when(data["contact_answered_at"]),
        ),
        dismissed_at=_when(data["dismissed_at"]),
        dismissed_by=_name(data, "dismisser"),
        dismissed_reason=str(data["dismissed_reason"]) if data["dismissed_reason"] else None,
    )


async def list_alerts(
    session: AsyncSession, *, now: datetime, renotify_after: timedelta, limit: int = 200
) -> Sequence[AlertRow]:
    """Return every waiting alert and the newest ``limit`` dealt with, in the order a lead should work."""
    query = _query(now, renotify_after)
    waiting = query.where(_alert.c.acknowledged_at.is_(None))
    dealt = query.where(_alert.c.acknowledged_at.is_not(None)).order_by(_alert.c.id.desc()).limit(limit)
    rows = [_row(r) for stmt in (waiting, dealt) for r in (await session.execute(stmt)).mappings().all()]
    return sorted(rows, key=alert_order)


async def get_alert(
    session: AsyncSession, alert_id: int, *, now: datetime, renotify_after: timedelta
) -> AlertRow | None:
    """Return one alert, or None."""
    query = _query(now, renotify_after).where(_alert.c.id == alert_id)
    data = (await session.execute(query)).mappings().first()
    return None if data is None else _row(data)


async def waiting_counts(
    session: AsyncSession, *, now: datetime, renotify_after: timedelta
) -> tuple[int, int]:
    """Return how many alerts wait for acknowledgement, and how many of them are overdue urgent."""
    total = (
        await session.execute(select(func.count()).where(_alert.c.acknowledged_at.is_(None)))
    ).scalar_one()
    overdue = (
        await session.execute(select(func.count()).where(overdue_clause(now, renotify_after)))
    ).scalar_one()
    return int(total), int(overdue)


async def _open(session: AsyncSession, sealer: Sealer, column: str, alert_id: int) -> str | None:
    sealed = (
        await session.execute(select(_alert.c[column]).where(_alert.c.id == alert_id))
    ).scalar_one_or_none()
    if not sealed:
        return None
    try:
        return sealer.open(sealed)
    except UnsealableError:
        return None


async def open_alert_text(session: AsyncSession, sealer: Sealer, alert_id: int) -> str | None:
    """Return the flagged text as written; the caller must audit this view."""
    return await _open(session, sealer, "text_sealed", alert_id)


async def open_check_reply(session: AsyncSession, sealer: Sealer, alert_id: int) -> str | None:
    """Return what the young person typed back to "Are you safe right now?"; the caller must audit this."""
    return await _open(session, sealer, "check_reply_sealed", alert_id)


async def issue_id_of(session: AsyncSession, alert_id: int) -> int | None:
    """Return the id of the issue an alert came from, if any (for the raw thread)."""
    value = (
        await session.execute(select(_alert.c.issue_id).where(_alert.c.id == alert_id))
    ).scalar_one_or_none()
    return None if value is None else int(value)


async def acknowledge(session: AsyncSession, *, alert_id: int, staff_id: int, now: datetime) -> bool:
    """Mark an alert acknowledged; return False if it already was (the first lead's name stays).

    If the young person asked Heard to forget them, the alert's words go now:
    they were kept only for a lead to deal with.
    """
    result = await session.execute(
        update(_alert)
        .where(_alert.c.id == alert_id, _alert.c.acknowledged_at.is_(None))
        .values(acknowledged_at=now, acknowledged_by=staff_id)
    )
    await forget_words_of_handled_alert(session, alert_id=alert_id)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def record_action(
    session: AsyncSession, *, alert_id: int, staff_id: int, note: str, now: datetime
) -> None:
    """Store what was done about an alert (acknowledging it too, if nobody had)."""
    await acknowledge(session, alert_id=alert_id, staff_id=staff_id, now=now)
    await session.execute(update(_alert).where(_alert.c.id == alert_id).values(action_note=note))


async def mark_not_a_concern(
    session: AsyncSession, *, alert_id: int, staff_id: int, reason: str, now: datetime
) -> bool:
    """Mark an alert "not a concern" with the lead's reason (acknowledging it too); False if already marked.

    A reason is required: the weekly count reports these as false alarms, and
    a reader of the alert later must be able to see why it was set aside.
    """
    if not reason.strip():
        raise ValueError("a reason is required to mark an alert not a concern")
    result = await session.execute(
        update(_alert)
        .where(_alert.c.id == alert_id, _alert.c.dismissed_at.is_(None))
        .values(dismissed_at=now, dismissed_by=staff_id, dismissed_reason=reason.strip())
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    await acknowledge(session, alert_id=alert_id, staff_id=staff_id, now=now)
    return True


async def relay_for_alert(session: AsyncSession, alert_id: int) -> Relay | None:
    """Return where a message about this alert can reach the young person, or None if they left."""
    row = (
        await session.execute(
            select(
                _person.c.channel,
                _person.c.chat_id_sealed,
                _issue.c.reference,
                _person.c.language,
                _person.c.easy_read,
            )
            .select_from(_alert)
            .join(_person, _person.c.id == _alert.c.participant_id)
            .outerjoin(_issue, _issue.c.id == _alert.c.issue_id)
            .where(_alert.c.id == alert_id)
        )
    ).first()
    if row is None or not row[1]:
        return None
    channel, address_sealed, reference, language, easy_read = row
    return Relay(reference or "", str(channel), str(address_sealed), None, str(language), bool(easy_read))
