"""Responses: one young person's go at a round's survey, kept sealed while in progress, stored as answers.

While someone is part-way through, their place (the runner's state, which
holds any free text typed so far) is sealed on the ``Response`` row, so they
can carry on days later. When they finish, or when the round closes with
them part-way, the answers become ``AnswerRecord`` rows: choices as JSON, "rather
not say" and "skip" as declined, free text sealed raw and marked pending so
the background worker redacts and theme-tags it. Dates only, never times,
so an answer cannot be matched to a moment someone was seen on their phone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.campaigns import INVITE, SurveyRound, record_dispatch
from feedback.crypto import Sealer
from feedback.models import AnswerRecord, Campaign, Response, table_of
from feedback.participants import Member
from feedback.surveys_store import load_survey
from surveys import RunState, Survey, start
from surveys.answers import Answer as GivenAnswer

__all__ = [
    "Progress",
    "begin_response",
    "complete_response",
    "load_progress",
    "response_status",
    "save_progress",
    "settle_closed_rounds",
    "settle_unfinished",
]

IN_PROGRESS = "in_progress"
COMPLETED = "completed"
_FORMAT = 1
_response = table_of(Response)
_answer = table_of(AnswerRecord)
_campaign = table_of(Campaign)


@dataclass(frozen=True)
class Progress:
    """Where someone is in a response: the runner's state and the risk level of each free text."""

    response_id: int
    campaign_id: int
    survey_version_id: int
    participant_id: int
    state: RunState
    risk: Mapping[str, str] = field(default_factory=dict)  # question id -> none|concern|urgent

    def with_state(self, state: RunState, *, risk: tuple[str, str] | None = None) -> Progress:
        """Return this progress moved on to ``state``, noting a free-text answer's risk level."""
        levels = dict(self.risk)
        if risk is not None:
            levels[risk[0]] = risk[1]
        kept = {a.question_id for a in state.answers}
        return Progress(
            self.response_id,
            self.campaign_id,
            self.survey_version_id,
            self.participant_id,
            state,
            {q: level for q, level in levels.items() if q in kept},
        )


def _today(now: datetime) -> date:
    return now.astimezone(UTC).date()


def _seal(sealer: Sealer, progress: Progress) -> str:
    blob = {"v": _FORMAT, "run": progress.state.to_json(), "risk": dict(progress.risk)}
    return sealer.seal(json.dumps(blob, ensure_ascii=False, separators=(",", ":")))


def _unseal(sealer: Sealer, token: str) -> tuple[RunState, dict[str, str]]:
    blob = json.loads(sealer.open(token))
    return RunState.from_json(blob["run"]), {str(k): str(v) for k, v in blob.get("risk", {}).items()}


async def response_status(session: AsyncSession, *, campaign_id: int, participant_id: int) -> str | None:
    """Return ``in_progress`` or ``completed`` for a participant's response to a round, None if none."""
    rows = await session.execute(
        select(_response.c.status).where(
            _response.c.campaign_id == campaign_id, _response.c.participant_id == participant_id
        )
    )
    statuses = set(rows.scalars())
    if COMPLETED in statuses:
        return COMPLETED
    return IN_PROGRESS if statuses else None


async def begin_response(
    session: AsyncSession,
    sealer: Sealer,
    *,
    participant: Member,
    survey_round: SurveyRound,
    now: datetime,
) -> Progress | None:
    """Return the participant's response to a round, started now or resumed; None once completed.

    Starting from the chat counts as being invited, so the round's counts
    include them and no invite is sent to someone already answering.
    """
    row = (
        await session.execute(
            select(_response.c.id, _response.c.status, _response.c.state_sealed)
            .where(_response.c.campaign_id == survey_round.id, _response.c.participant_id == participant.id)
            .order_by(_response.c.id.desc())
        )
    ).first()
    if row is not None and row.status == COMPLETED:
        return None
    if row is not None and row.state_sealed is not None:
        state, risk = _unseal(sealer, row.state_sealed)
        return Progress(
            int(row.id), survey_round.id, survey_round.survey_version_id, participant.id, state, risk
        )
    survey = await load_survey(session, survey_round.survey_version_id)
    state = _fresh_state(survey, participant)
    await record_dispatch(
        session, campaign_id=survey_round.id, participant_id=participant.id, kind=INVITE, now=now
    )
    response = Response(
        campaign_id=survey_round.id,
        survey_version_id=survey_round.survey_version_id,
        participant_id=participant.id,
        care_status=participant.care_status,
        age_band=participant.age_band,
        language=state.language,
        status=IN_PROGRESS,
        started_on=_today(now),
    )
    session.add(response)
    await session.flush()
    assert response.id is not None
    progress = Progress(response.id, survey_round.id, survey_round.survey_version_id, participant.id, state)
    await save_progress(session, sealer, progress)
    return progress


def _fresh_state(survey: Survey, participant: Member) -> RunState:
    language = participant.language if participant.language in survey.languages else survey.base_language
    band = participant.age_band if participant.age_band in survey.audience.age_bands else None
    return start(survey, language=language, age_band=band, easy_read=participant.easy_read)


async def load_progress(
    session: AsyncSession, sealer: Sealer, *, response_id: int, participant_id: int
) -> Progress | None:
    """Return a response still in progress that belongs to this participant, or None."""
    row = (
        await session.execute(
            select(_response.c.campaign_id, _response.c.survey_version_id, _response.c.state_sealed).where(
                _response.c.id == response_id,
                _response.c.participant_id == participant_id,
                _response.c.status == IN_PROGRESS,
            )
        )
    ).first()
    if row is None or row.state_sealed is None or row.campaign_id is None:
        return None
    state, risk = _unseal(sealer, row.state_sealed)
    return Progress(
        response_id, int(row.campaign_id), int(row.survey_version_id), participant_id, state, risk
    )


async def save_progress(session: AsyncSession, sealer: Sealer, progress: Progress) -> None:
    """Seal and keep where someone is, so they can carry on later."""
    await session.execute(
        update(_response)
        .where(_response.c.id == progress.response_id, _response.c.status == IN_PROGRESS)
        .values(state_sealed=_seal(sealer, progress))
    )


def _answer_row(
    sealer: Sealer, response_id: int, given: GivenAnswer, risk: Mapping[str, str], today: date
) -> dict[str, object]:
    # Every row names every column: a multi-row insert needs the same keys in each.
    row: dict[str, object] = {
        "response_id": response_id,
        "question_id": given.question_id,
        "value_json": None,
        "declined": False,
        "text_sealed": None,
        "risk_level": None,
        "redaction_status": "none",
        "sealed_on": None,
    }
    if given.status != "answered":
        return {**row, "declined": True}
    if given.free_text:
        return {
            **row,
            "text_sealed": sealer.seal(str(given.value)),
            "redaction_status": "pending",
            "risk_level": risk.get(given.question_id, "none"),
            "sealed_on": today,
        }
    value = list(given.value) if isinstance(given.value, tuple) else given.value
    return {**row, "value_json": json.dumps(value, ensure_ascii=False)}


async def _store_answers(session: AsyncSession, sealer: Sealer, progress: Progress, *, today: date) -> int:
    answers = progress.state.answers
    if answers:
        rows = [_answer_row(sealer, progress.response_id, a, progress.risk, today) for a in answers]
        await session.execute(_answer.insert(), rows)
    return len(answers)


async def complete_response(
    session: AsyncSession, sealer: Sealer, progress: Progress, *, now: datetime
) -> int:
    """Store the answers of a finished response and forget its sealed state; return how many."""
    stored = await _store_answers(session, sealer, progress, today=_today(now))
    await session.execute(
        update(_response)
        .where(_response.c.id == progress.response_id)
        .values(status=COMPLETED, completed_on=_today(now), state_sealed=None)
    )
    return stored


async def settle_unfinished(session: AsyncSession, sealer: Sealer, *, campaign_id: int, now: datetime) -> int:
    """Store the answers given so far in a closed round's unfinished responses; return how many responses.

    The response stays ``in_progress`` (it was not completed), but its sealed
    state is deleted, so no raw text waits in it past the round.
    """
    rows = await session.execute(
        select(
            _response.c.id,
            _response.c.survey_version_id,
            _response.c.participant_id,
            _response.c.state_sealed,
        )
        .where(
            _response.c.campaign_id == campaign_id,
            _response.c.status == IN_PROGRESS,
            _response.c.state_sealed.is_not(None),
        )
        .order_by(_response.c.id)  # answers are stored in the order the responses began
    )
    settled = 0
    for response_id, version_id, participant_id, token in rows.all():
        state, risk = _unseal(sealer, token)
        progress = Progress(
            int(response_id), campaign_id, int(version_id), int(participant_id or 0), state, risk
        )
        await _store_answers(session, sealer, progress, today=_today(now))
        await session.execute(
            update(_response).where(_response.c.id == response_id).values(state_sealed=None)
        )
        settled += 1
    return settled


async def settle_closed_rounds(session: AsyncSession, sealer: Sealer, *, now: datetime) -> int:
    """Settle unfinished responses in every round closed by hand since; return how many.

    A round closed from the portal or the command line is settled here by the
    scheduler, which holds the keys to open the sealed state.
    """
    closed = (
        select(_response.c.campaign_id)
        .select_from(_response.join(_campaign, _campaign.c.id == _response.c.campaign_id))
        .where(
            _campaign.c.status == "closed",
            _response.c.status == IN_PROGRESS,
            _response.c.state_sealed.is_not(None),
        )
        .distinct()
    )
    settled = 0
    for campaign_id in (await session.execute(closed)).scalars().all():
        settled += await settle_unfinished(session, sealer, campaign_id=int(campaign_id), now=now)
    return settled
