"""Participants: joining, pausing, what is kept about each one, and forgetting them.

"Forget me" removes everything that could lead back to the person or that
holds their own words in raw form: the participant row (pseudonym, sealed
chat id, conversation state), the sealed raw text of their answers and issue
messages, contact details they chose to share, draft survey state, failed
join attempts and their queued or delivered messages. What stays is what
the board's aggregates are made of and cannot identify anyone: answers' values,
redacted text and themes, with the cohort snapshot they were given under.

Safeguarding alerts keep their sealed text but lose the link to the person:
a lead may still need to act on what was said (the privacy card says so —
"private, not secret"), and the retention purge removes it like any raw text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.chat_keys import chat_key
from feedback.crypto import Pseudonymiser, Sealer, UnsealableError
from feedback.invites import clear_join_failures
from feedback.models import (
    Alert,
    AnswerRecord,
    InboxItem,
    Issue,
    IssueMessage,
    OutboxItem,
    Participant,
    Quote,
    Response,
    table_of,
)
from feedback.theme_corrections import forget_corrections

__all__ = [
    "FORGOTTEN",
    "MEMBER_COLUMNS",
    "Forgotten",
    "Member",
    "ParticipantRecord",
    "count_participants",
    "describe_participant",
    "find_member",
    "forget_participant",
    "forget_words_of_handled_alert",
    "join_participant",
    "mark_seen",
    "member_chat_keys",
    "member_from_row",
    "pause_by_pseudonym",
    "set_paused",
    "set_reading",
]

FORGOTTEN = "forgotten"  # redaction_status for text deleted before it was redacted

_participant = table_of(Participant)
_response = table_of(Response)
_answer = table_of(AnswerRecord)
_issue = table_of(Issue)
_message = table_of(IssueMessage)
_alert = table_of(Alert)
_quote = table_of(Quote)
_outbox = table_of(OutboxItem)
_inbox = table_of(InboxItem)


@dataclass(frozen=True)
class Member:
    """A joined young person as the conversation and the surveys see them.

    A plain value, not the table row: it carries neither the pseudonym nor
    the sealed chat address, so code above the data layer never holds
    ciphertext it has no use for, and a change made through a service cannot
    be half-applied to a row someone else is holding. Services that change a
    member take the ``id`` and return nothing; whoever shows the change
    builds the new value with ``dataclasses.replace``.
    """

    id: int
    channel: str
    care_status: str
    age_band: str
    language: str = "en"
    easy_read: bool = False
    paused: bool = False
    last_seen_on: date | None = None


def _as_member(participant: Participant) -> Member:
    """Return the plain value of a stored participant (which must have been flushed, so has an id)."""
    assert participant.id is not None, "a participant is a member once stored"
    return Member(**{field.name: getattr(participant, field.name) for field in fields(Member)})


# A member is read column by column, never as a whole row: only what the conversation may know is
# selected (no pseudonym, no sealed address), and no row object joins the session for the UPDATE
# statements of the services below to keep in step.
MEMBER_COLUMNS = tuple(_participant.c[field.name] for field in fields(Member))


def member_from_row(row: Any) -> Member:
    """Return the member in a row selected with ``MEMBER_COLUMNS``."""
    return Member(**{field.name: row._mapping[field.name] for field in fields(Member)})


async def find_member(session: AsyncSession, pseudonym: str) -> Member | None:
    """Return the member with this pseudonym, or None if they have not joined."""
    stmt = select(*MEMBER_COLUMNS).where(_participant.c.pseudonym == pseudonym)
    row = (await session.execute(stmt)).first()
    return None if row is None else member_from_row(row)


async def count_participants(session: AsyncSession) -> int:
    """Return how many young people have joined (and not been forgotten)."""
    result = await session.execute(select(func.count()).select_from(_participant))
    return int(result.scalar_one())


async def join_participant(
    session: AsyncSession,
    *,
    pseudonym: str,
    channel: str,
    care_status: str,
    age_band: str,
    chat_id_sealed: str | None,
    consent_version: str,
    now: datetime,
    language: str = "en",
    easy_read: bool = False,
) -> Member:
    """Create a participant who has just agreed to the privacy card; return them as a member.

    The consent time is kept to the day, like every other date about a
    participant, so it cannot be matched to a message's exact time.
    """
    today = now.astimezone(UTC).date()
    participant = Participant(
        pseudonym=pseudonym,
        channel=channel,
        care_status=care_status,
        age_band=age_band,
        chat_id_sealed=chat_id_sealed,
        consent_version=consent_version,
        language=language,
        easy_read=easy_read,
        consented_at=datetime.combine(today, time(0), UTC),
        joined_on=today,
        last_seen_on=today,
    )
    session.add(participant)
    await session.flush()
    await clear_join_failures(session, pseudonym=pseudonym)
    return _as_member(participant)


async def set_paused(session: AsyncSession, member_id: int, *, paused: bool) -> None:
    """Pause or resume survey invites and reminders for this member."""
    await session.execute(update(_participant).where(_participant.c.id == member_id).values(paused=paused))


async def set_reading(
    session: AsyncSession, member_id: int, *, language: str | None = None, easy_read: bool | None = None
) -> None:
    """Record the member's language or easy read choice (whichever is given) for every later message."""
    values: dict[str, object] = {}
    if language is not None:
        values["language"] = language
    if easy_read is not None:
        values["easy_read"] = easy_read
    if values:
        await session.execute(update(_participant).where(_participant.c.id == member_id).values(**values))


async def pause_by_pseudonym(session: AsyncSession, pseudonym: str) -> None:
    """Pause invites and reminders for the participant with this pseudonym, if they have joined."""
    await session.execute(
        update(_participant).where(_participant.c.pseudonym == pseudonym).values(paused=True)
    )


async def mark_seen(session: AsyncSession, member: Member, *, today: date) -> None:
    """Record the day the member was last seen (a date only; written once a day at most)."""
    if member.last_seen_on != today:
        await session.execute(
            update(_participant).where(_participant.c.id == member.id).values(last_seen_on=today)
        )


@dataclass(frozen=True)
class ParticipantRecord:
    """Everything stored about a participant, as they are shown it in "my data"."""

    care_status: str
    age_band: str
    channel: str
    joined_on: date
    consent_version: str | None
    consented_on: date | None
    last_seen_on: date | None
    paused: bool
    language: str
    easy_read: bool
    responses: int
    issues: int
    alerts: int


async def describe_participant(session: AsyncSession, member_id: int) -> ParticipantRecord:
    """Return what is stored about the member, with counts of what is linked to them."""
    pid = member_id
    participant = await session.get(Participant, pid)
    assert participant is not None, "described while joined"

    async def count(column: ColumnElement[int | None]) -> int:
        stmt = select(func.count()).where(column == pid)
        return int((await session.execute(stmt)).scalar_one())

    return ParticipantRecord(
        care_status=participant.care_status,
        age_band=participant.age_band,
        channel=participant.channel,
        joined_on=participant.joined_on,
        consent_version=participant.consent_version,
        consented_on=participant.consented_at.date() if participant.consented_at else None,
        last_seen_on=participant.last_seen_on,
        paused=participant.paused,
        language=participant.language,
        easy_read=participant.easy_read,
        responses=await count(_response.c.participant_id),
        issues=await count(_issue.c.participant_id),
        alerts=await count(_alert.c.participant_id),
    )


@dataclass(frozen=True)
class Forgotten:
    """How much was removed or unlinked when a participant was forgotten (for logs: counts only).

    ``messages_cleared`` counts the messages of their threads, which are
    deleted with the threads; ``issues_unlinked`` counts those threads.
    """

    answers_cleared: int
    messages_cleared: int
    responses_unlinked: int
    issues_unlinked: int
    alerts_unlinked: int
    messages_dropped: int


def _handled() -> ColumnElement[bool]:
    return or_(_alert.c.acknowledged_at.is_not(None), _alert.c.dismissed_at.is_not(None))


async def forget_words_of_handled_alert(session: AsyncSession, *, alert_id: int) -> bool:
    """Delete the words of an alert once a lead has dealt with it, if its young person was forgotten.

    "Forget me" leaves an open alert's words for the safeguarding lead who
    still has to act on them, and says so; once the lead has acknowledged it
    or marked it "not a concern", nothing needs them any more. Returns True
    when words were deleted.
    """
    result = await session.execute(
        update(_alert)
        .where(
            _alert.c.id == alert_id,
            _alert.c.participant_id.is_(None),
            _handled(),
            or_(_alert.c.text_sealed.is_not(None), _alert.c.check_reply_sealed.is_not(None)),
        )
        .values(text_sealed=None, check_reply_sealed=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _cleared_status(column: object) -> object:
    return case((column == "pending", FORGOTTEN), else_=column)  # type: ignore[arg-type]


async def member_chat_keys(
    session: AsyncSession, member_id: int, *, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> list[str]:
    """Return the keys naming the member's chats in the inbox and outbox (none if the address is unreadable).

    The sealed address is opened here, in the data layer, so the caller gets
    only the opaque keys ``forget_participant`` needs.
    """
    stmt = select(_participant.c.channel, _participant.c.chat_id_sealed).where(_participant.c.id == member_id)
    row = (await session.execute(stmt)).first()
    if row is None or row.chat_id_sealed is None:
        return []
    try:
        address = sealer.open(row.chat_id_sealed)
    except UnsealableError:
        return []
    return [chat_key(pseudonymiser, row.channel, address)]


async def forget_participant(
    session: AsyncSession, member_id: int, *, chat_keys: Sequence[str] = ()
) -> Forgotten:
    """Delete the participant, their words everywhere and their threads; keep unlinked survey totals.

    What goes: the participant row (pseudonym, sealed chat address, cohort,
    dates), their conversation state, the raw and the redacted text of their
    survey answers, their "tell us something" threads whole (every message,
    raw or anonymised, the team's replies, shared contact details and any
    quote approved from them, since a thread carries their cohort), the words
    of their alerts a lead has already dealt with, and the queued messages of
    their chats. What stays: survey answers' values, each with the cohort
    snapshot it was given with and no link to anyone, because totals already
    released must not change by exactly one person's answers (that difference
    would show what they answered); and alerts, unlinked, with their words
    only until a lead has dealt with them (``forget_words_of_handled_alert``).

    ``chat_keys`` name the participant's chats in the inbox and outbox, whose
    rows (sealed messages to and from them) are deleted too, except an inbox
    row still being processed: the caller marks that one done.
    """
    pid = member_id
    pseudonym = (
        await session.execute(select(_participant.c.pseudonym).where(_participant.c.id == pid))
    ).scalar_one()
    responses = select(_response.c.id).where(_response.c.participant_id == pid)
    issues = select(_issue.c.id).where(_issue.c.participant_id == pid)
    answers = await session.execute(
        update(_answer)
        .where(
            _answer.c.response_id.in_(responses),
            or_(_answer.c.text_sealed.is_not(None), _answer.c.text_redacted.is_not(None)),
        )
        .values(
            text_sealed=None,
            text_redacted=None,
            redaction_status=_cleared_status(_answer.c.redaction_status),
        )
    )
    # Corrections copy the words they label: they go with the words, while the issues still exist.
    await forget_corrections(
        session, issues=issues, answers=select(_answer.c.id).where(_answer.c.response_id.in_(responses))
    )
    await session.execute(update(_alert).where(_alert.c.issue_id.in_(issues)).values(issue_id=None))
    await session.execute(delete(_quote).where(_quote.c.issue_id.in_(issues)))
    messages = await session.execute(delete(_message).where(_message.c.issue_id.in_(issues)))
    threads = await session.execute(delete(_issue).where(_issue.c.participant_id == pid))
    await session.execute(
        update(_alert)
        .where(_alert.c.participant_id == pid, _handled())
        .values(text_sealed=None, check_reply_sealed=None)
    )
    unlinked = []
    for table, values in ((_response, {"state_sealed": None}), (_alert, {})):
        result = await session.execute(
            update(table).where(table.c.participant_id == pid).values(participant_id=None, **values)
        )
        unlinked.append(int(result.rowcount))  # type: ignore[attr-defined]
    unlinked.insert(1, int(threads.rowcount))  # type: ignore[attr-defined]
    dropped = 0
    if chat_keys:
        keys = list(chat_keys)
        out = await session.execute(delete(_outbox).where(_outbox.c.chat_key.in_(keys)))
        await session.execute(
            delete(_inbox).where(_inbox.c.chat_key.in_(keys), _inbox.c.status.in_(("done", "failed")))
        )
        dropped = int(out.rowcount)  # type: ignore[attr-defined]
    await clear_join_failures(session, pseudonym=pseudonym)
    await session.execute(delete(_participant).where(_participant.c.id == pid))
    stale = session.identity_map.get(session.identity_key(Participant, pid))  # a row read earlier here
    if stale is not None:
        session.expunge(stale)
    return Forgotten(
        answers_cleared=int(answers.rowcount),  # type: ignore[attr-defined]
        messages_cleared=int(messages.rowcount),  # type: ignore[attr-defined]
        responses_unlinked=unlinked[0],
        issues_unlinked=unlinked[1],
        alerts_unlinked=unlinked[2],
        messages_dropped=dropped,
    )
