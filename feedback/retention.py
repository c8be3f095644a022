"""Retention: raw (sealed) free text is kept only as long as the council's setting says.

After ``retention_days`` the sealed raw text is deleted; the anonymised text
and themes stay, so board papers and trends are unaffected. A text still
waiting for redaction is kept until it has been anonymised (otherwise it
would vanish without trace), and an unacknowledged alert keeps its text until
a safeguarding lead has dealt with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Table, and_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import Alert, Answer, IssueMessage, Response, table_of

__all__ = ["PurgeReport", "purge_raw_text"]

_messages: Table = table_of(IssueMessage)
_answers: Table = table_of(Answer)
_responses: Table = table_of(Response)
_alerts: Table = table_of(Alert)


@dataclass(frozen=True)
class PurgeReport:
    """How many sealed raw texts were deleted, by kind."""

    issue_messages: int
    answers: int
    alerts: int

    @property
    def total(self) -> int:
        """Return the number of texts deleted."""
        return self.issue_messages + self.answers + self.alerts


async def purge_raw_text(session: AsyncSession, *, now: datetime, retention_days: int) -> PurgeReport:
    """Delete sealed raw text older than the retention period; return what was deleted."""
    cutoff = now - timedelta(days=retention_days)
    messages = await session.execute(
        update(_messages)
        .where(
            _messages.c.text_sealed.is_not(None),
            _messages.c.created_at < cutoff,
            _messages.c.redaction_status.in_(("done", "failed")),
        )
        .values(text_sealed=None)
    )
    old_responses = select(_responses.c.id).where(_responses.c.started_on < cutoff.date())
    answers = await session.execute(
        update(_answers)
        .where(
            _answers.c.text_sealed.is_not(None),
            _answers.c.redaction_status.in_(("done", "failed")),
            _answers.c.response_id.in_(old_responses.scalar_subquery()),
        )
        .values(text_sealed=None)
    )
    alerts = await session.execute(
        update(_alerts)
        .where(
            and_(
                _alerts.c.text_sealed.is_not(None),
                _alerts.c.created_at < cutoff,
                _alerts.c.acknowledged_at.is_not(None),
            )
        )
        .values(text_sealed=None)
    )
    return PurgeReport(
        issue_messages=int(messages.rowcount),  # type: ignore[attr-defined]
        answers=int(answers.rowcount),  # type: ignore[attr-defined]
        alerts=int(alerts.rowcount),  # type: ignore[attr-defined]
    )
