"""Safeguarding alerts raised by what a young person wrote, tied to the issue thread it went into.

The risk check runs before anything else, so an alert is recorded the moment
a message arrives, often before its thread exists (a first message is held
as a draft until the young person presses Send). These functions find that
alert again and link it to the thread once it is there, so a safeguarding
lead opening the alert sees the whole thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.issues.workflow import IssueNotFound
from feedback.models import Alert, Issue, table_of

__all__ = ["FlaggedText", "alert_recorded_at", "link_alert"]

_alert = table_of(Alert)
_issue = table_of(Issue)
_RISK_RANK = {"none": 0, "concern": 1, "urgent": 2}


@dataclass(frozen=True)
class FlaggedText:
    """The alert a text raised: its id, and the level and categories to store with the message."""

    alert_id: int
    level: str
    categories: tuple[str, ...]


async def alert_recorded_at(
    session: AsyncSession, *, participant_id: int, now: datetime
) -> FlaggedText | None:
    """Return the young person's alert recorded at ``now`` and not yet tied to a thread, if any."""
    row = (
        await session.execute(
            select(_alert.c.id, _alert.c.level, _alert.c.categories_json)
            .where(
                _alert.c.participant_id == participant_id,
                _alert.c.created_at == now,
                _alert.c.issue_id.is_(None),
            )
            .order_by(_alert.c.id.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    alert_id, level, categories = row
    return FlaggedText(int(alert_id), str(level), tuple(json.loads(categories or "[]")))


async def link_alert(
    session: AsyncSession,
    *,
    alert_id: int,
    reference: str,
    participant_id: int,
    message_id: int | None = None,
) -> bool:
    """Tie the young person's own alert to their thread (and message); return False if it was not theirs.

    The thread's risk level rises to the alert's, so the issues inbox shows it.
    """
    issue = (
        (
            await session.execute(
                select(Issue).where(
                    _issue.c.reference == reference.strip().upper(), _issue.c.participant_id == participant_id
                )
            )
        )
        .scalars()
        .first()
    )
    if issue is None or issue.id is None:
        raise IssueNotFound("no such issue")
    values: dict[str, object] = {"issue_id": issue.id}
    if message_id is not None:
        values.update(source="issue_message", source_id=message_id)
    result = await session.execute(
        update(_alert)
        .where(_alert.c.id == alert_id, _alert.c.participant_id == participant_id)
        .values(**values)
        .returning(_alert.c.level)
    )
    level = result.scalar_one_or_none()
    if level is None:
        return False
    if _RISK_RANK.get(str(level), 0) > _RISK_RANK.get(issue.risk_level, 0):
        issue.risk_level = str(level)
    return True
