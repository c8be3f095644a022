"""Safeguarding alerts: what was said that a safeguarding lead must see, recorded at once.

The raw text is sealed; only the level, categories and the risk check's
reasons (rule, tense, whose: never the words) are readable without a key, so
the alert list can be sorted, counted and explained without exposing anyone's
words. Delivering alerts to leads (and re-notifying) is built on these rows.

Repeated risky messages typed by one young person while their alert is still
open (not acknowledged or dismissed, and less than ``GROUP_WINDOW`` old) join
that alert instead of adding rows: the lead reads them together, the level only
rises, and one person (or anyone who got hold of one identity) cannot flood
the queue.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.crypto import Sealer
from feedback.models import Alert

__all__ = ["ALERT_LEVELS", "ALERT_SOURCES", "GROUP_WINDOW", "record_alert"]

ALERT_LEVELS = ("concern", "urgent")
ALERT_SOURCES = ("conversation", "answer", "issue_message")
MAX_REASONS = 12  # reason lines kept per alert, each cut to 200 characters
GROUP_WINDOW = timedelta(hours=24)
MAX_GROUPED_TEXT = 20_000  # characters of words kept on one grouped alert; later repeats are counted
_SEPARATOR = "\n\n— later message —\n"


async def record_alert(
    session: AsyncSession,
    *,
    sealer: Sealer,
    source: str,
    level: str,
    categories: Sequence[str],
    text: str,
    now: datetime,
    participant_id: int | None = None,
    source_id: int | None = None,
    issue_id: int | None = None,
    reasons: Sequence[str] = (),
    group: bool = False,
) -> int:
    """Store an alert with the text sealed and the risk check's ``reasons``; return its id.

    With ``group``, a young person's open alert from the same source takes a
    repeat instead (see the module docstring), and its id is returned. The
    conversation groups what people type; callers recording a distinct event
    (a survey answer, a thread message) keep their own alert.
    """
    if level not in ALERT_LEVELS:
        raise ValueError(f"alert level must be one of {ALERT_LEVELS}, not {level!r}")
    if source not in ALERT_SOURCES:
        raise ValueError(f"alert source must be one of {ALERT_SOURCES}, not {source!r}")
    if group and participant_id is not None:
        open_alert = await _open_alert(session, participant_id=participant_id, source=source, now=now)
        if open_alert is not None:
            return _repeat(open_alert, sealer, level, categories, text, reasons, now)
    alert = Alert(
        source=source,
        source_id=source_id,
        participant_id=participant_id,
        issue_id=issue_id,
        level=level,
        categories_json=json.dumps(list(categories)),
        text_sealed=sealer.seal(text),
        created_at=now,
        reasons=[str(r)[:200] for r in list(reasons)[:MAX_REASONS]],
    )
    session.add(alert)
    await session.flush()
    assert alert.id is not None
    return alert.id


async def _open_alert(
    session: AsyncSession, *, participant_id: int, source: str, now: datetime
) -> Alert | None:
    c = Alert.__table__.c  # type: ignore[attr-defined]
    stmt = (
        select(Alert)
        .where(
            c.participant_id == participant_id,
            c.source == source,
            c.acknowledged_at.is_(None),
            c.dismissed_at.is_(None),
            c.created_at > now - GROUP_WINDOW,
        )
        .order_by(c.id.desc())
        .limit(1)
    )
    return (await session.execute(stmt)).scalars().first()


def _repeat(
    alert: Alert,
    sealer: Sealer,
    level: str,
    categories: Sequence[str],
    text: str,
    reasons: Sequence[str],
    now: datetime,
) -> int:
    """Fold one more risky message into ``alert``: words appended, level only rises."""
    assert alert.id is not None
    words = sealer.open(alert.text_sealed) if alert.text_sealed else ""
    if len(words) + len(text) <= MAX_GROUPED_TEXT:
        alert.text_sealed = sealer.seal(f"{words}{_SEPARATOR}{text}" if words else text)
    if level == "urgent" and alert.level != "urgent":
        # Announced again, and overdue counted from now, as when an answer raises an alert.
        alert.level, alert.raised_at, alert.notified_at, alert.renotified_at = "urgent", now, None, None
    known = list(json.loads(alert.categories_json or "[]"))
    merged = json.dumps(known + [str(c) for c in categories if str(c) not in known])
    if len(merged) <= 400:
        alert.categories_json = merged
    lines = list(alert.reasons or [])
    alert.reasons = (lines + [str(r)[:200] for r in reasons if str(r)[:200] not in lines])[:MAX_REASONS]
    alert.repeats = (alert.repeats or 0) + 1
    alert.repeated_at = now
    return alert.id
