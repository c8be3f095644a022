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

from sqlalchemy import Table, and_, delete, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import Alert, Answer, InboxItem, IssueMessage, OutboxItem, Response, table_of

__all__ = ["QUEUE_KEEP_DAYS", "PurgeReport", "purge_queues", "purge_raw_text"]

_messages: Table = table_of(IssueMessage)
_answers: Table = table_of(Answer)
_responses: Table = table_of(Response)
_alerts: Table = table_of(Alert)
_inbox: Table = table_of(InboxItem)
_outbox: Table = table_of(OutboxItem)

# Telegram re-sends an unacknowledged update for up to a day; a week of handled inbox rows
# keeps duplicates recognisable with room to spare.
QUEUE_KEEP_DAYS = 7


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
                or_(_alerts.c.text_sealed.is_not(None), _alerts.c.check_reply_sealed.is_not(None)),
                _alerts.c.created_at < cutoff,
                _alerts.c.acknowledged_at.is_not(None),
            )
        )
        .values(text_sealed=None, check_reply_sealed=None)  # the words, and any typed answer to "safe?"
    )
    return PurgeReport(
        issue_messages=int(messages.rowcount),  # type: ignore[attr-defined]
        answers=int(answers.rowcount),  # type: ignore[attr-defined]
        alerts=int(alerts.rowcount),  # type: ignore[attr-defined]
    )


async def purge_queues(session: AsyncSession, *, now: datetime, keep_days: int = QUEUE_KEEP_DAYS) -> int:
    """Delete handled inbox rows and delivered (or given-up) outbox rows older than ``keep_days``.

    Both hold sealed copies of what was said; once handled they are only needed
    long enough to recognise a re-delivered update.
    """
    cutoff = now - timedelta(days=keep_days)
    inbox = await session.execute(
        delete(_inbox).where(_inbox.c.status.in_(("done", "failed")), _inbox.c.received_at < cutoff)
    )
    outbox = await session.execute(
        delete(_outbox).where(_outbox.c.status.in_(("sent", "failed")), _outbox.c.created_at < cutoff)
    )
    return int(inbox.rowcount) + int(outbox.rowcount)  # type: ignore[attr-defined]
