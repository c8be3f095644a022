"""Survey rounds (campaigns): created by a participation worker, run by the scheduler, counted for the board.

A round is a survey version, the cohorts it is for, when it opens and
closes, reminder days, quiet and school hours, and the invite text. The
rules about who gets what and when live in :mod:`surveys.campaign`; this
module stores rounds, finds the people in them, and records each invite or
reminder as a ``CampaignDispatch`` row that is unique per person and kind,
so however often a job runs, a message is sent once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.db import insert_for
from feedback.models import Campaign, CampaignDispatch, Participant, Response, table_of
from feedback.surveys_store import load_survey, survey_version_id
from surveys import (
    Cohort,
    DailyWindow,
    ParticipantFacts,
    RoundSettings,
    pressure_phrases,
    round_state,
)
from surveys.cohorts import ALL_COHORTS
from surveys.rates import RoundResponses, count_responses
from surveys.send_times import QUIET_HOURS, SCHOOL_HOURS

__all__ = [
    "INVITE",
    "Dispatch",
    "RoundInvalid",
    "RoundMember",
    "RoundPlan",
    "SurveyRound",
    "close_round",
    "create_round",
    "get_round",
    "list_rounds",
    "open_rounds_for",
    "record_dispatch",
    "record_dispatches",
    "reminder_kind",
    "response_counts",
    "round_members",
    "set_round_status",
]

INVITE = "invite"
MAX_INVITE_TEXT = 1000
_campaign = table_of(Campaign)
_dispatch = table_of(CampaignDispatch)
_participant = table_of(Participant)
_response = table_of(Response)


class RoundInvalid(ValueError):
    """A round that cannot be created as asked; the message says what to change."""


def reminder_kind(number: int) -> str:
    """Return the dispatch kind of reminder ``number`` (``reminder1``, ``reminder2``)."""
    return f"reminder{number}"


@dataclass(frozen=True)
class RoundPlan:
    """What a participation worker asks for when creating a round."""

    name: str
    survey_id: str
    cohorts: tuple[Cohort, ...]
    opens_at: datetime
    closes_at: datetime
    survey_version: int | None = None  # None: the newest installed version
    reminder_days: tuple[int, ...] = (3, 7)
    quiet_hours: DailyWindow | None = QUIET_HOURS
    school_hours: DailyWindow | None = SCHOOL_HOURS
    invite_text: str | None = None


@dataclass(frozen=True)
class SurveyRound:
    """A stored round, with its settings ready for the campaign policy."""

    id: int
    name: str
    survey_version_id: int
    survey_id: str
    survey_version: int
    survey_title: str
    settings: RoundSettings
    invite_text: str | None
    status: str  # scheduled | open | closed, as last recorded by the scheduler
    created_by: str
    closed_at: datetime | None = None

    @property
    def cohorts(self) -> tuple[Cohort, ...]:
        """Return the round's cohorts in a stable order."""
        return tuple(sorted(self.settings.cohorts))

    def state(self, now: datetime) -> str:
        """Return scheduled, open or closed at ``now`` (closed for good once closed by hand)."""
        return "closed" if self.status == "closed" else round_state(self.settings, now)


@dataclass(frozen=True)
class RoundMember:
    """One participant in a round's cohorts, with what has been sent and done so far."""

    participant_id: int
    channel: str
    chat_id_sealed: str | None
    language: str
    facts: ParticipantFacts
    response_status: str | None = None
    sent: frozenset[str] = field(default_factory=frozenset)
    easy_read: bool = False  # with ``language``, which catalogue and survey wording their messages use


def _window_to_json(window: DailyWindow | None) -> list[Any] | None:
    if window is None:
        return None
    return [window.start.strftime("%H:%M"), window.end.strftime("%H:%M"), sorted(window.days)]


def _window_from_json(data: Any) -> DailyWindow | None:
    if data is None:
        return None
    start, end, days = data
    return DailyWindow(time.fromisoformat(start), time.fromisoformat(end), frozenset(days))


def _hours_json(plan: RoundPlan) -> str:
    hours = {"quiet": _window_to_json(plan.quiet_hours), "school": _window_to_json(plan.school_hours)}
    return json.dumps(hours)


def _settings_of(row: Any) -> RoundSettings:
    hours = json.loads(row.quiet_hours_json) if row.quiet_hours_json else {}
    return RoundSettings(
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        cohorts=frozenset(Cohort(c["care_status"], c["age_band"]) for c in json.loads(row.cohorts_json)),
        reminder_days=tuple(json.loads(row.reminder_days_json or "[]")),
        quiet_hours=_window_from_json(hours.get("quiet", _window_to_json(QUIET_HOURS))),
        school_hours=_window_from_json(hours.get("school", _window_to_json(SCHOOL_HOURS))),
    )


async def _to_round(session: AsyncSession, row: Any) -> SurveyRound:
    survey = await load_survey(session, int(row.survey_version_id))
    return SurveyRound(
        id=int(row.id),
        name=str(row.name),
        survey_version_id=int(row.survey_version_id),
        survey_id=survey.id,
        survey_version=survey.version,
        survey_title=survey.title,
        settings=_settings_of(row),
        invite_text=row.invite_text,
        status=str(row.status),
        created_by=str(row.created_by),
        closed_at=row.closed_at,
    )


def _checked_text(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    text = text.strip()
    if len(text) > MAX_INVITE_TEXT:
        raise RoundInvalid(f"the invite text is {len(text)} characters; keep it to {MAX_INVITE_TEXT}")
    found = pressure_phrases(text)
    if found:
        phrase, why = found[0]
        raise RoundInvalid(
            f"the invite text says {phrase!r}, which reads as pressure ({why}); "
            "please use gentler words — taking part is always a choice"
        )
    return text


async def create_round(
    session: AsyncSession, plan: RoundPlan, *, now: datetime, created_by: str = "cli"
) -> SurveyRound:
    """Store a new round and return it; raise RoundInvalid saying what to change.

    The caller records the staff action in the audit log in the same transaction.
    """
    name = plan.name.strip()
    if not name or len(name) > 200:
        raise RoundInvalid("give the round a name of 1 to 200 characters, e.g. 'Promise survey spring 2027'")
    try:
        version_id = await survey_version_id(session, plan.survey_id, plan.survey_version)
    except LookupError as exc:
        raise RoundInvalid(str(exc)) from None
    survey = await load_survey(session, version_id)
    audience = survey.audience
    for cohort in plan.cohorts:
        if cohort.care_status not in audience.care_status or cohort.age_band not in audience.age_bands:
            written_for = [c.label for c in ALL_COHORTS if c.care_status in audience.care_status
                           and c.age_band in audience.age_bands]  # fmt: skip
            raise RoundInvalid(
                f"the survey {survey.title!r} is not written for {cohort.label}; "
                f"it is for {', '.join(written_for)}"
            )
    try:
        settings = RoundSettings(
            opens_at=plan.opens_at,
            closes_at=plan.closes_at,
            cohorts=frozenset(plan.cohorts),
            reminder_days=plan.reminder_days,
            quiet_hours=plan.quiet_hours,
            school_hours=plan.school_hours,
        )
    except ValueError as exc:
        raise RoundInvalid(str(exc)) from None
    if settings.closes_at <= now:
        raise RoundInvalid("the round would already be closed; choose a closing time in the future")
    row = Campaign(
        name=name,
        survey_version_id=version_id,
        cohorts_json=json.dumps(
            [{"care_status": c.care_status, "age_band": c.age_band} for c in sorted(settings.cohorts)]
        ),
        opens_at=settings.opens_at.astimezone(UTC),
        closes_at=settings.closes_at.astimezone(UTC),
        reminder_days_json=json.dumps(list(settings.reminder_days)),
        quiet_hours_json=_hours_json(plan),
        invite_text=_checked_text(plan.invite_text),
        status="scheduled",
        created_at=now,
        created_by=created_by[:64],
    )
    session.add(row)
    await session.flush()
    assert row.id is not None
    return await get_round(session, row.id)


async def get_round(session: AsyncSession, round_id: int) -> SurveyRound:
    """Return a round by id; LookupError if there is none."""
    row = (await session.execute(select(_campaign).where(_campaign.c.id == round_id))).one_or_none()
    if row is None:
        raise LookupError(f"there is no round {round_id}; see 'heard campaign list'")
    return await _to_round(session, row)


async def list_rounds(session: AsyncSession, *, include_closed: bool = True) -> list[SurveyRound]:
    """Return rounds, earliest opening first."""
    query = select(_campaign).order_by(_campaign.c.opens_at, _campaign.c.id)
    if not include_closed:
        query = query.where(_campaign.c.status != "closed")
    return [await _to_round(session, row) for row in (await session.execute(query)).all()]


async def open_rounds_for(session: AsyncSession, cohort: Cohort, *, now: datetime) -> list[SurveyRound]:
    """Return the rounds open now for a cohort, earliest closing first."""
    query = select(_campaign).where(
        _campaign.c.status != "closed", _campaign.c.opens_at <= now, _campaign.c.closes_at > now
    )
    found = [await _to_round(session, row) for row in (await session.execute(query)).all()]
    mine = (r for r in found if cohort in r.settings.cohorts)
    return sorted(mine, key=lambda r: (r.settings.closes_at, r.id))


async def set_round_status(session: AsyncSession, round_id: int, status: str) -> None:
    """Record a round as open or closed (the scheduler does this as time passes)."""
    await session.execute(
        update(_campaign)
        .where(_campaign.c.id == round_id, _campaign.c.status != "closed")
        .values(status=status)
    )


async def close_round(session: AsyncSession, round_id: int, *, now: datetime) -> SurveyRound:
    """Close a round now (or record that it has closed); nothing more is sent for it.

    Staff closing a round by hand record it in the audit log in the same
    transaction (the scheduler closing one at its time does not).
    """
    current = await get_round(session, round_id)
    opens_at = current.settings.opens_at
    # Closing early moves the closing time to now, which board papers use to
    # place the round; a round closed before it opened keeps its times.
    closes_at = current.settings.closes_at
    if opens_at < now < closes_at:
        closes_at = now
    await session.execute(
        update(_campaign)
        .where(_campaign.c.id == round_id, _campaign.c.status != "closed")
        .values(status="closed", closed_at=now, closes_at=closes_at)
    )
    return await get_round(session, round_id)


def _in_cohorts(cohorts: Sequence[Cohort]) -> Any:
    p = _participant.c
    return or_(*(and_(p.care_status == c.care_status, p.age_band == c.age_band) for c in cohorts))


def _reminders_sent(kinds: frozenset[str]) -> int:
    numbers = [int(k.removeprefix("reminder")) for k in kinds if k.startswith("reminder")]
    return max(numbers, default=0)


async def round_members(
    session: AsyncSession, survey_round: SurveyRound, *, participant_ids: Sequence[int] | None = None
) -> list[RoundMember]:
    """Return everyone in the round's cohorts with what was sent to them and how far they got."""
    people = (
        select(
            _participant.c.id,
            _participant.c.channel,
            _participant.c.chat_id_sealed,
            _participant.c.language,
            _participant.c.easy_read,
            _participant.c.care_status,
            _participant.c.age_band,
            _participant.c.paused,
        )
        .where(_in_cohorts(survey_round.cohorts))
        .order_by(_participant.c.id)
    )
    dispatches = select(_dispatch.c.participant_id, _dispatch.c.kind, _dispatch.c.created_at).where(
        _dispatch.c.campaign_id == survey_round.id
    )
    responses = select(_response.c.participant_id, _response.c.status).where(
        _response.c.campaign_id == survey_round.id, _response.c.participant_id.is_not(None)
    )
    if participant_ids is not None:
        ids = list(participant_ids)
        people = people.where(_participant.c.id.in_(ids))
        dispatches = dispatches.where(_dispatch.c.participant_id.in_(ids))
        responses = responses.where(_response.c.participant_id.in_(ids))
    sent: dict[int, dict[str, datetime]] = {}
    for pid, kind, created_at in (await session.execute(dispatches)).all():
        sent.setdefault(int(pid), {})[str(kind)] = created_at
    statuses: dict[int, str] = {}
    for pid, status in (await session.execute(responses)).all():
        if statuses.get(int(pid)) != "completed":
            statuses[int(pid)] = str(status)
    members = []
    rows = (await session.execute(people)).all()
    for pid, channel, chat, language, easy_read, care_status, age_band, paused in rows:
        kinds = sent.get(int(pid), {})
        status = statuses.get(int(pid))
        facts = ParticipantFacts(
            cohort=Cohort(care_status, age_band),
            paused=bool(paused),
            invited_at=kinds.get(INVITE),
            started=status is not None,
            completed=status == "completed",
            reminders_sent=_reminders_sent(frozenset(kinds)),
        )
        members.append(
            RoundMember(
                int(pid), str(channel), chat, str(language), facts, status, frozenset(kinds), bool(easy_read)
            )
        )
    return members


def _dispatch_insert(session: AsyncSession) -> Any:
    """Return an INSERT into the dispatch table that skips a person and kind already recorded."""
    insert = insert_for(session)
    return insert(_dispatch).on_conflict_do_nothing(index_elements=["campaign_id", "participant_id", "kind"])


async def record_dispatch(
    session: AsyncSession,
    *,
    campaign_id: int,
    participant_id: int,
    kind: str,
    now: datetime,
    outbox_id: int | None = None,
) -> int | None:
    """Record that ``kind`` went to a participant; return the row id, or None if it already had.

    ``outbox_id`` names the outbox message that carried it (None when the
    person opened the survey from the chat before any invite went).
    """
    result = await session.execute(
        _dispatch_insert(session)
        .values(
            campaign_id=campaign_id,
            participant_id=participant_id,
            kind=kind,
            created_at=now,
            outbox_id=outbox_id,
        )
        .returning(_dispatch.c.id)
    )
    row = result.first()
    return None if row is None else int(row[0])


@dataclass(frozen=True)
class Dispatch:
    """One invite or reminder that went to one person in a round, and when."""

    campaign_id: int
    participant_id: int
    kind: str
    at: datetime


async def record_dispatches(session: AsyncSession, dispatches: Sequence[Dispatch]) -> None:
    """Record many invites and reminders in one statement, each once per person and kind.

    For sends made in bulk (such as importing a round's history), where one
    statement per person would be needlessly slow; ``record_dispatch`` is the
    one-at-a-time form the scheduler uses as it queues each message.
    """
    if not dispatches:
        return
    rows = [
        {"campaign_id": d.campaign_id, "participant_id": d.participant_id, "kind": d.kind,
         "created_at": d.at, "outbox_id": None}
        for d in dispatches
    ]  # fmt: skip
    await session.execute(_dispatch_insert(session), rows)


async def response_counts(session: AsyncSession, survey_round: SurveyRound) -> RoundResponses:
    """Return invited, started and completed per cohort (raw: suppress before showing).

    Someone who starts a round from the menu counts as invited (they were
    offered it in the chat). Responses of people who have since asked to be
    forgotten still count, under the cohort they answered in.
    """
    facts = [m.facts for m in await round_members(session, survey_round)]
    rows = await session.execute(
        select(
            _response.c.care_status, _response.c.age_band, _response.c.status, _response.c.started_on
        ).where(_response.c.campaign_id == survey_round.id, _response.c.participant_id.is_(None))
    )
    for care_status, age_band, status, started_on in rows.all():
        facts.append(
            ParticipantFacts(
                cohort=Cohort(care_status, age_band),
                invited_at=datetime.combine(started_on, time(0), UTC),
                started=True,
                completed=status == "completed",
            )
        )
    return count_responses(facts)
