"""Helpers for survey-round tests: installed surveys, participants in cohorts, rounds, row counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from feedback.campaigns import RoundPlan, SurveyRound, create_round
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.participants import Member, join_participant, set_paused
from feedback.surveys_store import install_surveys
from surveys import Ask, Cohort, Continue, Respond, RunState, Survey, apply, load_bank, next_step
from tests.bot.conversation.chatting import count

__all__ = ["add_person", "answer_everything", "count", "install_bank", "make_round"]


async def install_bank(db: Database, now: datetime) -> None:
    """Install the shipped surveys."""
    async with db.session() as session:
        await install_surveys(session, load_bank().surveys, now=now)


async def add_person(
    db: Database,
    sealer: Sealer,
    name: str,
    cohort: str,
    now: datetime,
    *,
    channel: str = "telegram",
    paused: bool = False,
    language: str = "en",
    easy_read: bool = False,
) -> Member:
    """Add a participant in ``cohort`` (``in_care:16-17``) whose chat address is ``name``."""
    care_status, band = cohort.split(":")
    async with db.session() as session:
        person = await join_participant(
            session,
            pseudonym=f"p-{name}",
            channel=channel,
            care_status=care_status,
            age_band=band,
            chat_id_sealed=sealer.seal(name),
            consent_version="2026-11",
            now=now,
            language=language,
            easy_read=easy_read,
        )
        if paused:
            await set_paused(session, person.id, paused=True)
    return replace(person, paused=paused)


async def make_round(
    db: Database,
    now: datetime,
    *,
    survey: str = "promise-11-17",
    cohorts: tuple[str, ...] = ("in_care:11-15", "in_care:16-17"),
    **overrides: Any,
) -> SurveyRound:
    """Create a round for ``survey`` (overrides go to ``RoundPlan``)."""
    plan = RoundPlan(
        name=overrides.pop("name", "Promise survey winter 2026"),
        survey_id=survey,
        cohorts=tuple(Cohort(*c.split(":")) for c in cohorts),  # type: ignore[arg-type]
        **overrides,
    )
    async with db.session() as session:
        return await create_round(session, plan, now=now)


def answer_everything(survey: Survey, state: RunState, *, text: str = "It is going fine.") -> RunState:
    """Return ``state`` after answering every remaining screen with its first option (or ``text``)."""
    while isinstance(step := next_step(survey, state), Ask):
        move: Continue | Respond
        if step.kind == "info":
            move = Continue(step.question_id)
        elif step.free_text:
            move = Respond(step.question_id, text)
        elif step.multiple:
            move = Respond(step.question_id, [step.options[0].code])
        else:
            move = Respond(step.question_id, step.options[0].code)
        state = apply(survey, state, move)
    return state
