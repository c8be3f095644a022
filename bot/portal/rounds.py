"""Survey rounds (campaigns) as the portal sees them: list, create, close.

A round is stored with status ``scheduled``; the campaign scheduler opens it,
sends invites and reminders and closes it. This module turns the form into a
``feedback.campaigns.RoundPlan`` and leaves storing, checking and auditing to
``feedback.rounds`` (the same code ``heard campaign`` uses), installing the
chosen survey version first if it is not in the database yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from feedback import rounds
from feedback.campaigns import RoundPlan
from feedback.db import Session
from feedback.rounds import RoundSummary
from feedback.surveys_store import install_surveys
from surveys import Bank, RoundSettings
from surveys import Survey as SurveyDefinition
from surveys.cohorts import parse_cohort
from surveys.send_times import round_moment

__all__ = ["RoundDraft", "check_draft", "close_round", "create_round", "list_rounds"]


@dataclass(frozen=True)
class RoundDraft:
    """What the create form asked for, before it is checked."""

    name: str
    survey_key: str  # "<survey id>@<version>"
    cohorts: tuple[str, ...]  # "in_care:11-15"
    opens_on: str  # yyyy-mm-dd
    closes_on: str
    reminder_days: str  # "3, 7"
    invite_text: str
    opens_time: str = ""  # hh:mm, or "" for the start of the opening day
    closes_time: str = ""  # hh:mm, or "" for the end of the closing day


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"choose the {name} day (for example 1 December 2026)") from None


def _time(text: str, name: str) -> time | None:
    if not text.strip():
        return None
    try:
        return time.fromisoformat(text.strip()[:5])
    except ValueError:
        raise ValueError(f"give the {name} time as hours and minutes, for example 18:00") from None


def check_draft(draft: RoundDraft, bank: Bank, now: datetime) -> tuple[SurveyDefinition, RoundSettings]:
    """Return the survey and settings for a draft, or raise ValueError saying what to fix."""
    if not draft.name.strip():
        raise ValueError("give the round a name, e.g. 'Promise check-in, spring 2027'")
    survey_id, _, version = draft.survey_key.partition("@")
    try:
        number = int(version) if version.isascii() and version.isdigit() and len(version) < 7 else None
        survey = bank.get(survey_id, number)
    except KeyError:
        raise ValueError("choose a survey from the list") from None
    try:
        cohorts = frozenset(parse_cohort(c) for c in draft.cohorts)
    except ValueError:
        raise ValueError("choose who is invited from the list") from None
    if not cohorts:
        raise ValueError("choose at least one group to invite")
    opens = round_moment(_day(draft.opens_on, "opening"), _time(draft.opens_time, "opening"), closing=False)
    closes = round_moment(_day(draft.closes_on, "closing"), _time(draft.closes_time, "closing"), closing=True)
    if closes <= now:
        raise ValueError("the round would already have closed: choose a closing day or time still to come")
    if closes <= opens:
        raise ValueError("the round must close after it opens: choose a later closing day or time")
    try:
        days = tuple(int(d) for d in draft.reminder_days.replace(",", " ").split())
    except ValueError:
        raise ValueError("reminder days are whole numbers, e.g. 3, 7") from None
    settings = RoundSettings(opens_at=opens, closes_at=closes, cohorts=cohorts, reminder_days=days)
    return survey, settings


async def create_round(
    session: Session, *, draft: RoundDraft, bank: Bank, now: datetime, created_by: str
) -> int:
    """Check and store a scheduled round, audited as ``created_by``'s; return its id.

    A ValueError says what to fix.
    """
    survey, settings = check_draft(draft, bank, now)
    (installed,) = await install_surveys(session, [survey], now=now)
    if installed.outcome == "refused":
        raise ValueError(installed.message)
    plan = RoundPlan(
        name=draft.name, survey_id=survey.id, survey_version=survey.version,
        cohorts=tuple(sorted(settings.cohorts)), opens_at=settings.opens_at, closes_at=settings.closes_at,
        reminder_days=settings.reminder_days, invite_text=draft.invite_text,
    )  # fmt: skip
    created = await rounds.create_by_hand(session, plan, now=now, actor=created_by)
    return created.id


async def list_rounds(session: Session, *, only_open: bool = False) -> Sequence[RoundSummary]:
    """Return rounds, newest first (their numbers come from ``feedback.round_rates``, protected)."""
    return await rounds.round_summaries(session, only_open=only_open)


async def close_round(session: Session, *, round_id: int, now: datetime, closed_by: str) -> bool:
    """Close a round early, audited as ``closed_by``'s; return False if it was closed already or is none."""
    try:
        _, closed = await rounds.close_by_hand(session, round_id, now=now, actor=closed_by)
    except LookupError:
        return False
    return closed
