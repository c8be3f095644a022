"""Changing an issue thread, from either side: raise, write, reply, close, say if it helped, tag, quote.

What young people write is sealed straight away and marked for redaction; the
anonymised text is filled in later by the redaction worker, and until then staff
see that a message is waiting, never the message. Staff replies are written by
staff for the young person and are stored as written.

Functions that mean a message must reach the young person return a ``Relay``
(the channel and the sealed address) rather than sending it: sending is the
service's job, and this package knows nothing of channels.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.crypto import Sealer
from feedback.issues.status import IssueEvent, IssueStatus, next_status
from feedback.models import Issue, IssueMessage, Participant, Quote, table_of
from feedback.staff import StaffAccount
from feedback.theme_corrections import record_issue_correction

__all__ = [
    "HELPED_ANSWERS",
    "MAX_ISSUES_PER_DAY",
    "IssueNotFound",
    "NothingToSend",
    "RaisedIssue",
    "RecipientGone",
    "Relay",
    "TooManyIssues",
    "Written",
    "add_young_person_message",
    "approve_quote",
    "close_by_young_person",
    "close_with_outcome",
    "new_reference",
    "raise_issue",
    "record_helped",
    "share_contact",
    "staff_reply",
    "tag",
]

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud
HELPED_ANSWERS = ("yes", "partly", "no")
_RISK_RANK = {"none": 0, "concern": 1, "urgent": 2}
MAX_TEXT = 4000
# New threads one young person may open in 24 hours: far above real use (a few a month), low
# enough that one identity cannot bury the workers' inbox.
MAX_ISSUES_PER_DAY = 10
_issue_c = table_of(Issue).c
_quote_c = table_of(Quote).c


class IssueNotFound(LookupError):
    """No such issue for this caller (unknown reference, or not this young person's)."""


class RecipientGone(LookupError):
    """The young person has left Heard, so nothing can be relayed to them."""


class NothingToSend(ValueError):
    """A reply, outcome, message or quote was empty or not allowed as given."""


class TooManyIssues(ValueError):
    """This young person opened ``MAX_ISSUES_PER_DAY`` threads in the last day; the next waits."""


@dataclass(frozen=True)
class Written:
    """One message a young person wrote, with the risk check already made on the hot path."""

    text: str
    risk_level: str = "none"
    risk_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class RaisedIssue:
    """A new issue: its reference (told to the young person) and its message ids (for alerts)."""

    issue_id: int
    reference: str
    message_ids: tuple[int, ...]


@dataclass(frozen=True)
class Relay:
    """A message for the young person behind an issue: where to send it, and about which issue."""

    reference: str
    channel: str
    address_sealed: str
    message_id: int | None = None
    language: str = "en"  # the young person's choice, so the message around the staff's words is theirs too
    easy_read: bool = False


def new_reference() -> str:
    """Return a fresh short reference such as ``H-7KQ2MP`` (unguessable, easy to read out)."""
    return "H-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def _clean(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise NothingToSend(f"the {what} is empty")
    if len(cleaned) > MAX_TEXT:
        raise NothingToSend(f"the {what} is longer than {MAX_TEXT} characters")
    return cleaned


def _higher_risk(current: str, new: str) -> str:
    return new if _RISK_RANK.get(new, 0) > _RISK_RANK.get(current, 0) else current


def _message(issue_id: int, written: Written, sealer: Sealer, now: datetime) -> IssueMessage:
    return IssueMessage(
        issue_id=issue_id,
        author="young_person",
        text_sealed=sealer.seal(_clean(written.text, "message")),
        risk_level=written.risk_level,
        risk_categories_json=json.dumps(list(written.risk_categories)),
        redaction_status="pending",
        created_at=now,
        sealed_on=now,
    )


async def _issue(session: AsyncSession, reference: str, participant_id: int | None = None) -> Issue:
    result = await session.execute(select(Issue).where(_issue_c.reference == reference.strip().upper()))
    issue = result.scalars().first()
    if issue is None or (participant_id is not None and issue.participant_id != participant_id):
        raise IssueNotFound("no such issue")
    return issue


def _move(issue: Issue, event: IssueEvent, now: datetime) -> None:
    issue.status = next_status(IssueStatus(issue.status), event).value
    issue.updated_at = now


async def _relay_for(session: AsyncSession, issue: Issue, message_id: int | None) -> Relay | None:
    if issue.participant_id is None:
        return None
    person = await session.get(Participant, issue.participant_id)
    if person is None or not person.chat_id_sealed:
        return None
    return Relay(
        issue.reference, person.channel, person.chat_id_sealed, message_id, person.language, person.easy_read
    )


async def raise_issue(
    session: AsyncSession,
    *,
    sealer: Sealer,
    participant_id: int,
    messages: Sequence[Written],
    now: datetime,
    topic: str | None = None,
    make_reference: Callable[[], str] = new_reference,
) -> RaisedIssue:
    """Open a thread with what the young person wrote; the cohort is copied, not linked."""
    if not messages:
        raise NothingToSend("an issue needs at least one message")
    person = await session.get(Participant, participant_id)
    if person is None:
        raise IssueNotFound("no such young person")
    recent = select(func.count()).where(
        _issue_c.participant_id == participant_id, _issue_c.created_at > now - timedelta(days=1)
    )
    if int((await session.execute(recent)).scalar_one()) >= MAX_ISSUES_PER_DAY:
        raise TooManyIssues("this young person opened many threads today")
    reference = make_reference()
    while (await session.execute(select(_issue_c.id).where(_issue_c.reference == reference))).first():
        reference = make_reference()
    risk = "none"
    for written in messages:
        risk = _higher_risk(risk, written.risk_level)
    issue = Issue(
        reference=reference,
        participant_id=participant_id,
        care_status=person.care_status,
        age_band=person.age_band,
        topic=topic,
        status=IssueStatus.OPEN.value,
        risk_level=risk,
        created_at=now,
        updated_at=now,
    )
    session.add(issue)
    await session.flush()
    assert issue.id is not None
    rows = [_message(issue.id, written, sealer, now) for written in messages]
    session.add_all(rows)
    await session.flush()
    return RaisedIssue(issue.id, reference, tuple(int(row.id or 0) for row in rows))


async def add_young_person_message(
    session: AsyncSession,
    *,
    sealer: Sealer,
    reference: str,
    participant_id: int,
    written: Written,
    now: datetime,
) -> int:
    """Add the young person's answer to their own thread; return the message id (for alerts)."""
    issue = await _issue(session, reference, participant_id)
    _move(issue, IssueEvent.YOUNG_PERSON_WROTE, now)
    issue.risk_level = _higher_risk(issue.risk_level, written.risk_level)
    assert issue.id is not None
    row = _message(issue.id, written, sealer, now)
    session.add(row)
    await session.flush()
    return int(row.id or 0)


async def staff_reply(
    session: AsyncSession,
    *,
    reference: str,
    staff: StaffAccount,
    text: str,
    now: datetime,
    author: str = "worker",
) -> Relay:
    """Record a staff reply and return where to relay it; raise ``RecipientGone`` if nowhere."""
    body = _clean(text, "reply")
    issue = await _issue(session, reference)
    next_status(IssueStatus(issue.status), IssueEvent.STAFF_REPLIED)  # refuse before writing
    if await _relay_for(session, issue, None) is None:
        raise RecipientGone("the young person has left Heard; a reply cannot reach them")
    _move(issue, IssueEvent.STAFF_REPLIED, now)
    assert issue.id is not None
    row = IssueMessage(
        issue_id=issue.id,
        author=author,
        staff_user_id=staff.id,
        text_anonymised=body,
        redaction_status="done",
        created_at=now,
    )
    session.add(row)
    await session.flush()
    relay = await _relay_for(session, issue, row.id)
    assert relay is not None
    return relay


async def close_with_outcome(
    session: AsyncSession, *, reference: str, staff: StaffAccount, outcome: str, now: datetime
) -> Relay | None:
    """Close the thread with what was done; return where to tell the young person (None if gone)."""
    body = _clean(outcome, "outcome")
    issue = await _issue(session, reference)
    _move(issue, IssueEvent.STAFF_CLOSED, now)
    issue.outcome = body
    issue.closed_at = now
    assert issue.id is not None
    row = IssueMessage(
        issue_id=issue.id,
        author="system",
        staff_user_id=staff.id,
        text_anonymised=body,
        redaction_status="done",
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return await _relay_for(session, issue, row.id)


async def close_by_young_person(
    session: AsyncSession, *, reference: str, participant_id: int, now: datetime
) -> None:
    """Close the young person's own thread at their request."""
    issue = await _issue(session, reference, participant_id)
    _move(issue, IssueEvent.YOUNG_PERSON_CLOSED, now)
    issue.closed_at = now


async def record_helped(
    session: AsyncSession, *, reference: str, participant_id: int, helped: str, now: datetime
) -> None:
    """Record whether the outcome helped; only once, and only after staff closed the thread."""
    if helped not in HELPED_ANSWERS:
        raise NothingToSend(f"helped must be one of {', '.join(HELPED_ANSWERS)}")
    issue = await _issue(session, reference, participant_id)
    if issue.status != IssueStatus.CLOSED.value:
        raise NothingToSend("'did it help?' is asked only after staff close with an outcome")
    if issue.helped is None:
        issue.helped = helped
        issue.updated_at = now


async def share_contact(
    session: AsyncSession,
    *,
    sealer: Sealer,
    reference: str,
    participant_id: int,
    contact: str,
    now: datetime,
) -> None:
    """Keep, sealed, only what the young person chose to share so someone can talk to them by name."""
    body = _clean(contact, "contact details")
    issue = await _issue(session, reference, participant_id)
    if IssueStatus(issue.status).finished:
        raise NothingToSend("this issue is closed")
    issue.shared_contact_sealed = sealer.seal(body)
    issue.updated_at = now


async def tag(
    session: AsyncSession,
    *,
    reference: str,
    themes: Sequence[str],
    known: Collection[str],
    now: datetime,
) -> tuple[str, ...]:
    """Set the issue's themes (replacing the automatic ones); return them in the given order."""
    chosen = tuple(dict.fromkeys(t.strip().upper() for t in themes if t.strip()))
    unknown = [t for t in chosen if t not in known]
    if unknown:
        raise NothingToSend(f"unknown theme(s): {', '.join(unknown)}")
    issue = await _issue(session, reference)
    issue.themes_json = json.dumps(list(chosen))
    issue.updated_at = now
    # The worker's choice is a labelled example for retraining the council's theme model.
    await record_issue_correction(session, issue_id=int(issue.id or 0), themes=chosen, now=now)
    return chosen


async def approve_quote(
    session: AsyncSession,
    *,
    reference: str,
    message_id: int,
    sentence: str,
    staff: StaffAccount,
    now: datetime,
    theme: str | None = None,
) -> int:
    """Approve a sentence of a young person's redacted message for board papers; return the quote id.

    The sentence must appear word for word in the anonymised text, so nothing
    that redaction removed can slip back in. A thread has at most one quote;
    approving another replaces it.
    """
    words = _clean(sentence, "quote")
    issue = await _issue(session, reference)
    message = await session.get(IssueMessage, message_id)
    if message is None or message.issue_id != issue.id or message.author != "young_person":
        raise NothingToSend("a quote must come from the young person's messages in this thread")
    if message.redaction_status != "done" or not message.text_anonymised:
        raise NothingToSend("this message is still being anonymised")
    if words not in message.text_anonymised:
        raise NothingToSend("the quote must be copied exactly from the anonymised message")
    if theme is None and issue.themes_json:
        themes = json.loads(issue.themes_json)
        theme = themes[0] if themes else None
    assert issue.id is not None
    result = await session.execute(select(Quote).where(_quote_c.issue_id == issue.id))
    quote = result.scalars().first() or Quote(issue_id=issue.id, text=words)
    quote.issue_message_id = message_id
    quote.text = words
    quote.theme = theme
    quote.age_band = issue.age_band
    quote.approved_by = staff.id
    quote.approved_at = now
    session.add(quote)
    await session.flush()
    return int(quote.id or 0)
