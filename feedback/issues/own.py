"""What a young person may read about their own threads: references, where each stands, the team's words.

Every lookup takes the participant id with the reference, so a reference that
is someone else's is answered exactly as one that does not exist. Nothing
here opens sealed text: the young person sees the team's replies and
outcomes (written for them), never another copy of what they wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.issues.status import IssueStatus
from feedback.issues.workflow import IssueNotFound
from feedback.models import Issue, IssueMessage, table_of

__all__ = ["OwnIssue", "OwnThread", "ThreadEntry", "own_issue", "own_issues"]

_issue = table_of(Issue)
_message = table_of(IssueMessage)
_TEAM_AUTHORS = ("worker", "safeguarding")


@dataclass(frozen=True)
class OwnIssue:
    """One of the young person's threads as they may see it."""

    reference: str
    status: IssueStatus
    topic: str | None
    started_on: date
    outcome: str | None
    helped: str | None
    contact_shared: bool


@dataclass(frozen=True)
class ThreadEntry:
    """One message in a thread as the young person reads it back: who, which day, the team's words.

    ``text`` is None for the young person's own messages: they see that they
    wrote, and when, but never another copy of their words.
    """

    by_team: bool
    on: date
    text: str | None


@dataclass(frozen=True)
class OwnThread:
    """A thread the young person opened again: where it stands, the team's latest reply, the history."""

    issue: OwnIssue
    last_reply: str | None
    replies: int
    history: tuple[ThreadEntry, ...] = ()


def _own(row: Issue) -> OwnIssue:
    assert row.created_at is not None
    return OwnIssue(
        reference=row.reference,
        status=IssueStatus(row.status),
        topic=row.topic,
        started_on=row.created_at.date(),
        outcome=row.outcome,
        helped=row.helped,
        contact_shared=row.shared_contact_sealed is not None,
    )


async def own_issues(
    session: AsyncSession, *, participant_id: int, finished: bool = False, limit: int = 20
) -> Sequence[OwnIssue]:
    """Return the young person's unfinished threads (or only finished ones), most recently active first."""
    states = [s.value for s in IssueStatus if s.finished == finished]
    stmt = (
        select(Issue)
        .where(_issue.c.participant_id == participant_id, _issue.c.status.in_(states))
        .order_by(_issue.c.updated_at.desc(), _issue.c.id.desc())
        .limit(limit)
    )
    return [_own(row) for row in (await session.execute(stmt)).scalars().all()]


async def own_issue(session: AsyncSession, *, reference: str, participant_id: int) -> OwnThread:
    """Return one of the young person's threads; raise ``IssueNotFound`` if it is not theirs."""
    stmt = select(Issue).where(
        _issue.c.reference == reference.strip().upper(), _issue.c.participant_id == participant_id
    )
    row = (await session.execute(stmt)).scalars().first()
    if row is None:
        raise IssueNotFound("no such issue")
    rows = (
        await session.execute(
            select(_message.c.author, _message.c.created_at, _message.c.text_anonymised)
            .where(_message.c.issue_id == row.id, _message.c.author.in_((*_TEAM_AUTHORS, "young_person")))
            .order_by(_message.c.id)
        )
    ).all()
    history = tuple(
        ThreadEntry(author in _TEAM_AUTHORS, created.date(), text if author in _TEAM_AUTHORS else None)
        for author, created, text in rows
    )
    replies = [entry.text for entry in history if entry.by_team]
    return OwnThread(_own(row), replies[-1] if replies else None, len(replies), history)
