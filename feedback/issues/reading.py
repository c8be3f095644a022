"""What staff may read about issues: anonymised text, themes, risk and cohort, never who wrote it.

Shapes here hold no participant id, pseudonym, address or sealed value; the only
way in is the issue reference. ``raw_thread`` is the one exception, for the
safeguarding view, and its caller must audit every use.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.crypto import Sealer, UnsealableError
from feedback.issues.status import IssueStatus, needs_staff
from feedback.models import Issue, IssueMessage, Quote, StaffUser, table_of

__all__ = [
    "IssueSummary",
    "IssueThread",
    "RawMessage",
    "ThreadMessage",
    "get_thread",
    "list_issues",
    "open_issue_themes",
    "open_shared_contact",
    "raw_thread",
]

_issue = table_of(Issue)
_message = table_of(IssueMessage)
_quote = table_of(Quote)
_staff = table_of(StaffUser)
STATUS_FILTERS = ("needs_reply", "open", "closed", "all")


@dataclass(frozen=True)
class IssueSummary:
    """One row of the issues inbox."""

    reference: str
    care_status: str
    age_band: str
    topic: str | None
    status: IssueStatus
    themes: tuple[str, ...]
    sentiment: str | None
    risk_level: str
    created_at: datetime
    updated_at: datetime
    preview: str | None  # the first anonymised message; None while it is being anonymised

    @property
    def needs_reply(self) -> bool:
        """Return True when staff should act next."""
        return needs_staff(self.status)


@dataclass(frozen=True)
class ThreadMessage:
    """One message in a thread as staff see it."""

    id: int
    author: str  # young_person | worker | safeguarding | system
    text: str | None  # anonymised; None while waiting for redaction
    created_at: datetime
    risk_level: str
    themes: tuple[str, ...]
    sentiment: str | None
    staff_name: str | None


@dataclass(frozen=True)
class IssueThread:
    """A whole thread for the issue page."""

    summary: IssueSummary
    messages: tuple[ThreadMessage, ...]
    outcome: str | None
    helped: str | None
    closed_at: datetime | None
    quote: str | None
    quote_message_id: int | None
    can_reach: bool  # False once the young person has left Heard
    contact_shared: bool


@dataclass(frozen=True)
class RawMessage:
    """A message as written, for the safeguarding view only."""

    id: int
    author: str
    text: str
    created_at: datetime
    risk_level: str


def _themes(raw: str | None) -> tuple[str, ...]:
    return tuple(json.loads(raw)) if raw else ()


async def _previews(
    session: AsyncSession, issue_ids: Sequence[int]
) -> dict[int, tuple[str | None, set[str]]]:
    """Return, per issue, the first young person's anonymised text and the themes of its messages."""
    if not issue_ids:
        return {}
    stmt = (
        select(
            _message.c.issue_id,
            _message.c.text_anonymised,
            _message.c.themes_json,
            _message.c.redaction_status,
        )
        .where(_message.c.issue_id.in_(issue_ids), _message.c.author == "young_person")
        .order_by(_message.c.id)
    )
    found: dict[int, tuple[str | None, set[str]]] = {}
    for issue_id, text, themes, status in (await session.execute(stmt)).all():
        preview, seen = found.get(issue_id, (None, set()))
        if issue_id not in found:
            preview = text if status == "done" else None
        seen.update(_themes(themes))
        found[issue_id] = (preview, seen)
    return found


def _summary(row: Issue, preview: str | None, message_themes: set[str]) -> IssueSummary:
    themes = _themes(row.themes_json) if row.themes_json is not None else tuple(sorted(message_themes))
    assert row.created_at is not None
    return IssueSummary(
        reference=row.reference,
        care_status=row.care_status,
        age_band=row.age_band,
        topic=row.topic,
        status=IssueStatus(row.status),
        themes=themes,
        sentiment=row.sentiment,
        risk_level=row.risk_level,
        created_at=row.created_at,
        updated_at=row.updated_at or row.created_at,
        preview=preview,
    )


async def list_issues(
    session: AsyncSession,
    *,
    status: str = "needs_reply",
    theme: str | None = None,
    risk: str | None = None,
    search: str | None = None,
    limit: int = 200,
) -> Sequence[IssueSummary]:
    """Return inbox rows, the ones waiting longest for staff first."""
    stmt = select(Issue)
    if status == "needs_reply":
        stmt = stmt.where(_issue.c.status.in_([IssueStatus.OPEN.value, IssueStatus.ANSWERED.value]))
    elif status == "open":
        stmt = stmt.where(_issue.c.status.in_([s.value for s in IssueStatus if not s.finished]))
    elif status == "closed":
        stmt = stmt.where(_issue.c.status.in_([s.value for s in IssueStatus if s.finished]))
    if risk:
        stmt = stmt.where(_issue.c.risk_level == risk)
    if search and search.strip():
        needle = search.strip().lower()
        matching = select(_message.c.issue_id).where(
            _message.c.redaction_status == "done",
            func.lower(_message.c.text_anonymised).contains(needle, autoescape=True),
        )
        stmt = stmt.where(or_(_issue.c.id.in_(matching), func.lower(_issue.c.reference) == needle))
    stmt = stmt.order_by(_issue.c.updated_at.asc()).limit(limit)
    rows = (await session.execute(stmt)).scalars().all()
    previews = await _previews(session, [int(r.id or 0) for r in rows])
    summaries = [_summary(r, *previews.get(int(r.id or 0), (None, set()))) for r in rows]
    if theme:
        summaries = [s for s in summaries if theme in s.themes]
    return summaries


async def get_thread(session: AsyncSession, reference: str) -> IssueThread | None:
    """Return the thread for ``reference``, or None."""
    result = await session.execute(select(Issue).where(_issue.c.reference == reference.strip().upper()))
    issue = result.scalars().first()
    if issue is None:
        return None
    stmt = (
        select(IssueMessage, _staff.c.display_name, _staff.c.username)
        .outerjoin(_staff, _staff.c.id == _message.c.staff_user_id)
        .where(_message.c.issue_id == issue.id)
        .order_by(_message.c.id)
    )
    messages: list[ThreadMessage] = []
    themes: set[str] = set()
    for row, display, username in (await session.execute(stmt)).all():
        done = row.redaction_status == "done"
        if row.author == "young_person":
            themes.update(_themes(row.themes_json))
        messages.append(
            ThreadMessage(
                id=int(row.id),
                author=row.author,
                text=row.text_anonymised if done else None,
                created_at=row.created_at,
                risk_level=row.risk_level,
                themes=_themes(row.themes_json),
                sentiment=row.sentiment,
                staff_name=(display or username) if row.staff_user_id else None,
            )
        )
    first = next((m.text for m in messages if m.author == "young_person"), None)
    quote = (await session.execute(select(Quote).where(_quote.c.issue_id == issue.id))).scalars().first()
    return IssueThread(
        summary=_summary(issue, first, themes),
        messages=tuple(messages),
        outcome=issue.outcome,
        helped=issue.helped,
        closed_at=issue.closed_at,
        quote=quote.text if quote else None,
        quote_message_id=quote.issue_message_id if quote else None,
        can_reach=issue.participant_id is not None,
        contact_shared=issue.shared_contact_sealed is not None,
    )


async def open_shared_contact(session: AsyncSession, sealer: Sealer, reference: str) -> str | None:
    """Return what the young person chose to share to be contacted; the caller audits it."""
    result = await session.execute(
        select(_issue.c.shared_contact_sealed).where(_issue.c.reference == reference.strip().upper())
    )
    sealed = result.scalar_one_or_none()
    return sealer.open(sealed) if sealed else None


async def raw_thread(session: AsyncSession, sealer: Sealer, issue_id: int) -> Sequence[RawMessage]:
    """Return a thread as written, for the safeguarding view; the caller audits it.

    Messages whose raw text has been purged (past retention) fall back to the
    anonymised text, marked by the caller's template as such.
    """
    stmt = select(IssueMessage).where(_message.c.issue_id == issue_id).order_by(_message.c.id)
    found: list[RawMessage] = []
    for row in (await session.execute(stmt)).scalars().all():
        text = row.text_anonymised or ""
        if row.text_sealed:
            try:
                text = sealer.open(row.text_sealed)
            except UnsealableError:
                text = "(this message cannot be opened with the current keys)"
        assert row.id is not None and row.created_at is not None
        found.append(RawMessage(row.id, row.author, text, row.created_at, row.risk_level))
    return found


async def open_issue_themes(session: AsyncSession) -> Counter[str]:
    """Return how many unfinished issues carry each theme (for the dashboard, before suppression)."""
    open_states = [s.value for s in IssueStatus if not s.finished]
    rows = (await session.execute(select(Issue).where(_issue.c.status.in_(open_states)))).scalars().all()
    previews = await _previews(session, [int(r.id or 0) for r in rows])
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(_summary(row, *previews.get(int(row.id or 0), (None, set()))).themes)
    return counts
