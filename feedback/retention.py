"""Retention: raw (sealed) free text is kept only as long as the council's setting says.

After ``retention_days`` the sealed raw text is deleted; the anonymised text
and themes stay, so board papers and trends are unaffected. A text still
waiting for redaction is kept until it has been anonymised (otherwise it
would vanish without trace), and an unacknowledged alert keeps its text until
a safeguarding lead has dealt with it. Contact details a young person shared
on an issue go ``retention_days`` after the issue closed (or last changed,
if it stays open). Handled inbox and outbox rows, which hold sealed copies of
what was said, go after a week or ``retention_days``, whichever is sooner.
``purge`` does all of it in one transaction; a dry run rolls it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Table, and_, delete, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import (
    Alert,
    AnswerRecord,
    InboxItem,
    Issue,
    IssueMessage,
    OutboxItem,
    Response,
    table_of,
)

__all__ = ["QUEUE_KEEP_DAYS", "FullPurge", "PurgeReport", "purge", "purge_queues", "purge_raw_text"]

_messages: Table = table_of(IssueMessage)
_answers: Table = table_of(AnswerRecord)
_responses: Table = table_of(Response)
_alerts: Table = table_of(Alert)
_issues: Table = table_of(Issue)
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
    shared_contacts: int = 0

    @property
    def total(self) -> int:
        """Return the number of texts deleted."""
        return self.issue_messages + self.answers + self.alerts + self.shared_contacts


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
    contacts = await session.execute(
        update(_issues)
        .where(
            _issues.c.shared_contact_sealed.is_not(None),
            or_(
                _issues.c.closed_at < cutoff,
                and_(_issues.c.closed_at.is_(None), _issues.c.updated_at < cutoff),
            ),
        )
        .values(shared_contact_sealed=None)
    )
    return PurgeReport(
        issue_messages=int(messages.rowcount),  # type: ignore[attr-defined]
        answers=int(answers.rowcount),  # type: ignore[attr-defined]
        alerts=int(alerts.rowcount),  # type: ignore[attr-defined]
        shared_contacts=int(contacts.rowcount),  # type: ignore[attr-defined]
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


@dataclass(frozen=True)
class FullPurge:
    """What one purge deleted (or, in a dry run, would have): raw texts and queue rows."""

    texts: PurgeReport
    queue_rows: int

    def counts(self) -> dict[str, int]:
        """Return each kind's count, by the name the CLI, logs and metrics use."""
        return {
            "issue_messages": self.texts.issue_messages,
            "answers": self.texts.answers,
            "alerts": self.texts.alerts,
            "shared_contacts": self.texts.shared_contacts,
            "queue_rows": self.queue_rows,
        }


async def purge(
    session: AsyncSession, *, now: datetime, retention_days: int, dry_run: bool = False
) -> FullPurge:
    """Delete everything past its retention in ``session``; with ``dry_run``, count it and roll back.

    Queue rows go after ``QUEUE_KEEP_DAYS`` or ``retention_days``, whichever is
    sooner, so no sealed copy of what someone said outlives the setting.
    """
    texts = await purge_raw_text(session, now=now, retention_days=retention_days)
    queued = await purge_queues(session, now=now, keep_days=min(QUEUE_KEEP_DAYS, retention_days))
    if dry_run:
        await session.rollback()
    return FullPurge(texts, queued)
