"""The young person's answers to Heard's safety questions, kept on the alert they are about.

When the risk check is unsure, the conversation asks "Are you safe right
now?"; after an urgent reply it asks "Do you want someone to contact you?".
The answers belong with the alert, beside the words, so a safeguarding lead
reads them together. An answer saying they need help now raises the *same*
alert to urgent (never a second one), opens it again if a lead had dealt
with it as a concern, and clears its notice stamps, so leads are told again,
as urgent, and the overdue clock starts from that moment.
Only the young person's own alert can be answered: buttons can be forged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import RowMapping, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.alerts import MAX_REASONS
from feedback.models import Alert, table_of

__all__ = ["CHECK_ANSWERS", "answer_check", "answer_contact", "check_asked", "contact_asked"]

CHECK_ANSWERS = ("ok", "words", "help")  # in rising order: a later answer never hides an earlier "help"
_alert = table_of(Alert)
# A concern already dealt with is open again once it is urgent: a lead must look now. Who acknowledged
# it stays in the audit log; a "not a concern" reason stays on the alert, shown as overturned.
_REOPEN = {"acknowledged_at": None, "acknowledged_by": None, "dismissed_at": None, "dismissed_by": None}


async def check_asked(session: AsyncSession, *, alert_id: int, now: datetime) -> bool:
    """Note that "Are you safe right now?" is put to the young person; False if it already was.

    Repeated messages join an open alert (``feedback.alerts``), so the
    question is asked once per alert, never again for the same one.
    """
    result = await session.execute(
        update(_alert)
        .where(_alert.c.id == alert_id, _alert.c.check_asked_at.is_(None))
        .values(check_asked_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def contact_asked(session: AsyncSession, *, alert_id: int, now: datetime) -> None:
    """Note that "Do you want someone to contact you?" was put to the young person about this alert."""
    await session.execute(
        update(_alert)
        .where(_alert.c.id == alert_id, _alert.c.contact_asked_at.is_(None))
        .values(contact_asked_at=now)
    )


async def _own(session: AsyncSession, alert_id: int, participant_id: int) -> RowMapping | None:
    row = (
        await session.execute(
            select(_alert.c.level, _alert.c.check_answer, _alert.c.categories_json, _alert.c.reasons).where(
                _alert.c.id == alert_id, _alert.c.participant_id == participant_id
            )
        )
    ).mappings()
    return row.first()


def _merged(earlier: Sequence[str], more: Sequence[str], limit: int | None = None) -> list[str] | None:
    """Return ``earlier`` with anything new from ``more`` added (None when nothing is new)."""
    added = [m for m in dict.fromkeys(more) if m not in earlier]
    return None if not added else [*earlier, *added][:limit]


async def answer_check(
    session: AsyncSession,
    *,
    alert_id: int,
    participant_id: int,
    answer: str,
    now: datetime,
    urgent: bool = False,
    reply_sealed: str | None = None,
    categories: Sequence[str] = (),
    reasons: Sequence[str] = (),
) -> str | None:
    """Record an answer to "Are you safe right now?"; return the alert's level, or None if not theirs.

    ``answer`` is ``ok`` (the "I'm OK" button), ``help`` ("I need help now")
    or ``words`` (they typed back; ``reply_sealed`` holds it, sealed, and the
    risk check's ``categories`` and ``reasons`` for the words join the
    alert's). ``urgent`` raises the alert to urgent: "I need help now", or
    words the risk check judged urgent.
    """
    if answer not in CHECK_ANSWERS:
        raise ValueError(f"answer must be one of {CHECK_ANSWERS}, not {answer!r}")
    found = await _own(session, alert_id, participant_id)
    if found is None:
        return None
    level, earlier = str(found["level"]), found["check_answer"]
    values: dict[str, object] = {}
    if earlier is None or CHECK_ANSWERS.index(answer) >= CHECK_ANSWERS.index(earlier):
        values.update(check_answer=answer, check_answered_at=now)
        if reply_sealed is not None:
            values["check_reply_sealed"] = reply_sealed
    more_categories = _merged(json.loads(found["categories_json"] or "[]"), [str(c) for c in categories])
    if more_categories is not None:
        values["categories_json"] = json.dumps(more_categories)
    more_reasons = _merged(list(found["reasons"] or []), [str(r)[:200] for r in reasons], MAX_REASONS)
    if more_reasons is not None:
        values["reasons"] = more_reasons
    if (urgent or answer == "help") and level != "urgent":
        level = "urgent"
        values.update(level=level, raised_at=now, notified_at=None, renotified_at=None, **_REOPEN)
    if values:
        await session.execute(update(_alert).where(_alert.c.id == alert_id).values(**values))
    return level


async def answer_contact(
    session: AsyncSession, *, alert_id: int, participant_id: int, wanted: bool, now: datetime
) -> bool:
    """Record whether the young person wants someone to contact them; False if the alert is not theirs."""
    result = await session.execute(
        update(_alert)
        .where(_alert.c.id == alert_id, _alert.c.participant_id == participant_id)
        .values(contact_wanted=wanted, contact_answered_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
