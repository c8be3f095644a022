"""Demo survey rounds, run the way a participation worker and young people run real ones.

Each round is created with ``feedback.campaigns.create_round`` a fortnight
before it opens, its invites and reminders are recorded as the scheduler
records them, young people answer question by question through the survey
runner and ``feedback.responses``, and the round is closed at its time with
unfinished answers settled. So a demo round reads back exactly like one made
in the portal or with ``heard campaign create``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from feedback.aggregate.period import Period
from feedback.campaigns import (
    INVITE,
    Dispatch,
    RoundPlan,
    close_round,
    create_round,
    record_dispatches,
    reminder_kind,
)
from feedback.demo.council import Council, at, day_in
from feedback.demo.texts import FOLLOW_UPS, FREE_TEXT
from feedback.participants import Member
from feedback.responses import begin_response, complete_response, save_progress, settle_unfinished
from feedback.surveys_store import load_survey, survey_version_id
from surveys import Cohort, Continue, OptOut, Respond, RunState, Survey, apply
from surveys.runner import visible_questions

__all__ = ["RESPONSE_RATE", "ROUND_SURVEYS", "check_in_round", "promise_rounds"]

RESPONSE_RATE = {"8-10": 0.48, "11-15": 0.42, "16-17": 0.36, "16-25": 0.31}
ROUND_SURVEYS = {
    ("in_care", "8-10"): "promise-8-10",
    ("in_care", "11-15"): "promise-11-17",
    ("in_care", "16-17"): "promise-11-17",
    ("care_leaver", "16-25"): "charter-16-25",
}
CHECK_INS_PER_QUARTER = 150
CHECK_IN = "check-in"
REMINDER_DAYS = (3, 7)
_ROUND_DAYS = 35


@dataclass(frozen=True)
class _Take:
    """One young person's go at a round: when they started and whether they finished."""

    person: Member
    started: datetime
    finished: bool


def _kept(code: str, round_index: int) -> float:
    """Return how likely an answer about a promise is positive; some rise, some fall."""
    base = 0.45 + (sum(map(ord, code)) % 40) / 100  # 0.45 to 0.84, fixed per promise
    drift = {"SOCIAL": -0.12, "MONEY": -0.1, "LISTEN": 0.1, "SAFE": 0.05}
    trend = next((v for key, v in drift.items() if key in code), 0.0)
    return max(0.05, min(0.95, base + trend * round_index))


def _answer_value(question: Any, p: float, rng: random.Random) -> Any:
    good = list(question.positive or [])
    if question.kind == "scale":
        return rng.choice([4, 5]) if (good and rng.random() < p) else rng.choice([1, 2, 3, 3, 4])
    codes = list(question.answer_codes())
    if good and rng.random() < p:
        return rng.choice(good)
    other = [c for c in codes if c not in good] or codes
    if question.kind == "multiple_choice":
        return sorted(set(rng.sample(codes, k=rng.randint(1, min(2, len(codes))))))
    return rng.choice(other)


def _comment(question: Any, rng: random.Random) -> str:
    """Return what a young person writes: what would help, after a promise's question, or anything else."""
    lines = next((v for key, v in FOLLOW_UPS.items() if key in (question.promise or "")), FREE_TEXT)
    return rng.choice(lines)[0]


def _answered(
    survey: Survey, state: RunState, rng: random.Random, index: int, *, stop_after: int | None
) -> RunState:
    """Return the runner's state after answering screen by screen, as a young person would.

    Each answer goes through the runner's ``apply``, which checks it as it
    checks a tapped button; the screens' wording is not needed, so the next
    screen comes from ``visible_questions`` rather than ``next_step``.
    """
    answered = 0
    while len(state.history) < len(visible := visible_questions(survey, state.answers)):
        question = visible[len(state.history)]
        if not question.answerable:
            state = apply(survey, state, Continue(question.id))
            continue
        if stop_after is not None and answered >= stop_after:
            break
        if question.kind == "free_text":
            wrote = rng.random() <= 0.25
            move: Any = Respond(question.id, _comment(question, rng)) if wrote else OptOut(question.id)
        elif rng.random() < 0.06:
            move = OptOut(question.id)
        else:
            move = Respond(
                question.id,
                _answer_value(question, _kept(question.promise or question.id.upper(), index), rng),
            )
        state = apply(survey, state, move)
        answered += 1
    return state


async def _run(
    council: Council,
    plan: RoundPlan,
    members: Sequence[Member],
    takes: Sequence[_Take],
    index: int,
    *,
    closes_by_hand: datetime | None = None,
) -> None:
    """Create the round, invite and remind, let people answer, then close and settle it."""
    s, rng = council.session, council.rng
    survey_round = await create_round(
        s, plan, now=plan.opens_at - timedelta(days=14), created_by=council.worker.actor
    )
    started = {take.person.id: take.started for take in takes}
    sent = []
    for person in members:
        sent.append(Dispatch(survey_round.id, person.id, INVITE, plan.opens_at))
        for number, day in enumerate(plan.reminder_days, start=1):
            due = plan.opens_at + timedelta(days=day)
            if due < plan.closes_at and started.get(person.id, plan.closes_at) > due:
                sent.append(Dispatch(survey_round.id, person.id, reminder_kind(number), due))
    await record_dispatches(s, sent)
    survey = await load_survey(s, survey_round.survey_version_id)
    answerable = sum(1 for q in survey.questions if q.answerable)
    for take in takes:
        progress = await begin_response(
            s, council.sealer, participant=take.person, survey_round=survey_round, now=take.started
        )
        assert progress is not None
        stop_after = None if take.finished else rng.randint(1, max(1, answerable // 2))
        state = _answered(survey, progress.state, rng, index, stop_after=stop_after)
        progress = progress.with_state(state)
        if take.finished:
            await complete_response(s, council.sealer, progress, now=take.started)
        else:
            await save_progress(s, council.sealer, progress)
    closed_at = closes_by_hand or plan.closes_at
    await close_round(s, survey_round.id, now=closed_at)
    await settle_unfinished(s, council.sealer, campaign_id=survey_round.id, now=closed_at)


async def promise_rounds(council: Council, index: int, period: Period) -> None:
    """Run the Promise (8-10, 11-17) and Charter rounds of one quarter, opening two weeks in."""
    rng = council.rng
    opens = datetime.combine(period.start + timedelta(days=14), time(9), tzinfo=UTC)
    closes = opens + timedelta(days=_ROUND_DAYS)
    for slug in ("promise-8-10", "promise-11-17", "charter-16-25"):
        members = [p for p in council.people if ROUND_SURVEYS[p.care_status, p.age_band] == slug]
        survey = await load_survey(council.session, await survey_version_id(council.session, slug))
        cohorts = tuple(sorted({Cohort(p.care_status, p.age_band) for p in members}))  # type: ignore[arg-type]
        plan = RoundPlan(
            name=f"{survey.title}, {period.label}",
            survey_id=slug,
            cohorts=cohorts,
            opens_at=opens,
            closes_at=closes,
            reminder_days=REMINDER_DAYS,
        )
        takes = []
        for person in members:
            rate = RESPONSE_RATE[person.age_band] + 0.03 * index
            roll = rng.random()
            if roll > rate + 0.08:
                continue
            day = opens.date() + timedelta(days=rng.randint(0, _ROUND_DAYS - 5))
            takes.append(_Take(person, max(opens, at(day, rng, first_hour=9, last_hour=20)), roll <= rate))
        await _run(council, plan, members, takes, index)


async def check_in_round(council: Council, period: Period) -> None:
    """Run a quarter's well-being check-in for everyone; the current quarter's is closed today."""
    rng = council.rng
    opens = datetime.combine(period.start, time(9), tzinfo=UTC)
    closes = datetime.combine(period.last + timedelta(days=1), time(9), tzinfo=UTC)
    by_hand = council.now if council.now < closes else None
    last_day = council.last_day(period)
    plan = RoundPlan(
        name=f"Well-being check-in, {period.label}",
        survey_id=CHECK_IN,
        cohorts=tuple(
            sorted(
                {
                    Cohort(p.care_status, p.age_band)  # type: ignore[arg-type]
                    for p in council.people
                }
            )
        ),
        opens_at=opens,
        closes_at=closes,
        reminder_days=(),
    )
    size = min(len(council.people), round(CHECK_INS_PER_QUARTER * council.scale))
    chosen = rng.sample(council.people, k=size)
    takes = []
    if last_day is not None:
        for person in chosen:
            moment = at(day_in(period, rng, until=last_day), rng, first_hour=9, last_hour=20)
            takes.append(_Take(person, max(opens, moment), True))
    takes.sort(key=lambda take: take.started)
    await _run(council, plan, council.people, takes, 1, closes_by_hand=by_hand)
