"""Starting, resuming and finishing responses: what is sealed, what is stored, and only dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from feedback.campaigns import SurveyRound
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.models import AnswerRecord, CampaignDispatch, Participant, Response
from feedback.responses import (
    begin_response,
    complete_response,
    load_progress,
    response_status,
    save_progress,
    settle_unfinished,
)
from feedback.surveys_store import load_survey
from surveys import Ask, Back, Continue, OptOut, Respond, Survey, apply, next_step
from tests.feedback.rounds import add_person, answer_everything, count, install_bank, make_round

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
OPENS = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 22, 0, 0, tzinfo=UTC)
DURING = datetime(2026, 12, 2, 19, 47, 13, tzinfo=UTC)


async def _setup(db: Database, sealer: Sealer, **person: object) -> tuple[SurveyRound, Participant, Survey]:
    await install_bank(db, NOW)
    created = await make_round(db, NOW, opens_at=OPENS, closes_at=CLOSES)
    someone = await add_person(db, sealer, "sam", "in_care:16-17", NOW, **person)  # type: ignore[arg-type]
    async with db.session() as session:
        survey = await load_survey(session, created.survey_version_id)
    return created, someone, survey


async def _answers(db: Database) -> dict[str, AnswerRecord]:
    async with db.session() as session:
        rows = (await session.execute(select(AnswerRecord))).scalars().all()
    return {a.question_id: a for a in rows}


async def test_starting_keeps_only_the_day_and_counts_as_invited(db: Database, sealer: Sealer) -> None:
    created, someone, _survey = await _setup(db, sealer)
    async with db.session() as session:
        progress = await begin_response(
            session, sealer, participant=someone, survey_round=created, now=DURING
        )
    assert progress is not None
    async with db.session() as session:
        response = (await session.execute(select(Response))).scalar_one()
    assert response.started_on == date(2026, 12, 2)
    assert response.completed_on is None
    assert (response.care_status, response.age_band) == ("in_care", "16-17")
    assert response.state_sealed is not None
    assert "promise-11-17" not in response.state_sealed, "the state is sealed, not plain JSON"
    assert await count(db, CampaignDispatch, kind="invite") == 1


async def test_a_response_resumes_where_it_was_left_days_later(db: Database, sealer: Sealer) -> None:
    created, someone, survey = await _setup(db, sealer)
    async with db.session() as session:
        progress = await begin_response(
            session, sealer, participant=someone, survey_round=created, now=DURING
        )
        assert progress is not None
        state = apply(survey, progress.state, Continue("welcome"))
        state = apply(survey, state, Respond("listen", 4))
        await save_progress(session, sealer, progress.with_state(state))
    later = DURING + timedelta(days=4)
    async with db.session() as session:
        resumed = await begin_response(session, sealer, participant=someone, survey_round=created, now=later)
        assert resumed is not None
        by_id = await load_progress(
            session, sealer, response_id=resumed.response_id, participant_id=someone.id or 0
        )
        not_theirs = await load_progress(
            session, sealer, response_id=resumed.response_id, participant_id=(someone.id or 0) + 1
        )
    assert resumed.response_id == progress.response_id
    assert resumed.state == state
    assert by_id is not None and by_id.state == state
    assert not_theirs is None
    assert await count(db, Response) == 1


async def test_finishing_stores_each_kind_of_answer_as_the_board_reads_it(
    db: Database, sealer: Sealer
) -> None:
    created, someone, survey = await _setup(db, sealer)
    async with db.session() as session:
        progress = await begin_response(
            session, sealer, participant=someone, survey_round=created, now=DURING
        )
    assert progress is not None
    state = apply(survey, progress.state, Continue("welcome"))
    state = apply(survey, state, Respond("listen", 4))
    state = apply(survey, state, OptOut("reviews"))
    state = apply(survey, state, Back())
    state = apply(survey, state, Respond("reviews", "no"))
    progress = progress.with_state(state)
    while isinstance(step := next_step(survey, state), Ask):
        risk = None
        if step.kind == "multiple_choice":
            codes = [o.code for o in step.options[:2]]
            move: Respond | OptOut | Continue = Respond(step.question_id, list(reversed(codes)))
        elif step.kind == "free_text":
            move = Respond(step.question_id, "My social worker Jo keeps changing.")
            risk = (step.question_id, "concern")
        elif step.kind == "info":
            move = Continue(step.question_id)
        elif step.kind == "scale":
            move = OptOut(step.question_id)
        else:
            move = Respond(step.question_id, step.options[0].code)
        state = apply(survey, state, move)
        progress = progress.with_state(state, risk=risk)
    finished = DURING + timedelta(days=1)
    async with db.session() as session:
        stored = await complete_response(session, sealer, progress, now=finished)
        status = await response_status(session, campaign_id=created.id, participant_id=someone.id or 0)
        again = await begin_response(session, sealer, participant=someone, survey_round=created, now=finished)
    answers = await _answers(db)
    assert stored == len(answers) == len(state.answers)
    assert status == "completed" and again is None
    assert json.loads(answers["listen"].value_json or "null") == 4
    assert json.loads(answers["reviews"].value_json or "null") == "no"
    assert not answers["reviews"].declined
    multi = survey.question("matters_most")
    picked = json.loads(answers["matters_most"].value_json or "[]")
    assert picked == [c.code for c in (multi.choices or [])[:2]], "stored in the file's order"
    declined = [a for a in answers.values() if a.declined]
    assert declined and all(a.value_json is None and a.text_sealed is None for a in declined)
    assert answers["safe"].declined and answers["safe"].value_json is None, "rather not say"
    written = answers["anything_else"]
    assert written.value_json is None and written.text_redacted is None
    assert written.text_sealed is not None and "social worker" not in written.text_sealed
    assert sealer.open(written.text_sealed) == "My social worker Jo keeps changing."
    assert (written.redaction_status, written.risk_level, written.sealed_on) == (
        "pending",
        "concern",
        finished.date(),
    )
    async with db.session() as session:
        response = (await session.execute(select(Response))).scalar_one()
    assert (response.status, response.completed_on, response.state_sealed) == (
        "completed",
        finished.date(),
        None,
    )


async def test_a_closed_round_keeps_unfinished_answers_and_drops_the_sealed_state(
    db: Database, sealer: Sealer
) -> None:
    created, someone, survey = await _setup(db, sealer)
    other = await add_person(db, sealer, "kai", "in_care:11-15", NOW)
    async with db.session() as session:
        part = await begin_response(session, sealer, participant=someone, survey_round=created, now=DURING)
        full = await begin_response(session, sealer, participant=other, survey_round=created, now=DURING)
        assert part is not None and full is not None
        state = apply(survey, part.state, Continue("welcome"))
        await save_progress(session, sealer, part.with_state(apply(survey, state, Respond("listen", 2))))
        await complete_response(
            session, sealer, full.with_state(answer_everything(survey, full.state)), now=DURING
        )
    async with db.session() as session:
        settled = await settle_unfinished(session, sealer, campaign_id=created.id, now=CLOSES)
        again = await settle_unfinished(session, sealer, campaign_id=created.id, now=CLOSES)
    assert (settled, again) == (1, 0)
    async with db.session() as session:
        rows = (await session.execute(select(Response).order_by(Response.id))).scalars().all()  # type: ignore[arg-type]
    assert [(r.status, r.state_sealed) for r in rows] == [("in_progress", None), ("completed", None)]
    async with db.session() as session:
        partial = (
            (await session.execute(select(AnswerRecord).where(AnswerRecord.response_id == rows[0].id)))
            .scalars()
            .all()
        )
    assert [(a.question_id, a.value_json) for a in partial] == [("listen", "2")]
