"""Survey rounds (campaigns) as the portal sees them: list with response rates, create, close.

A round is stored as a ``Campaign`` row with status ``scheduled``; the campaign
scheduler opens it, sends invites and reminders and closes it. This module
turns the form into a ``feedback.campaigns.RoundPlan`` and leaves storing and
checking to ``feedback.campaigns`` (the same code ``heard campaign`` uses),
installing the chosen survey version first if it is not in the database yet.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback import campaigns
from feedback.campaigns import RoundPlan
from feedback.models import Campaign, CampaignDispatch, Response, table_of
from feedback.surveys_store import install_surveys
from surveys import Bank, Cohort, RoundSettings
from surveys import Survey as SurveyDefinition
from surveys.send_times import round_moment

__all__ = ["RoundDraft", "RoundRow", "close_round", "create_round", "list_rounds", "parse_cohort"]

LONDON = ZoneInfo("Europe/London")
_campaign = table_of(Campaign)
_dispatch = table_of(CampaignDispatch)
_response = table_of(Response)


@dataclass(frozen=True)
class RoundRow:
    """A round with its raw counts (the view suppresses them before showing)."""

    id: int
    name: str
    status: str
    cohorts: tuple[str, ...]
    opens_at: datetime
    closes_at: datetime
    invited: int
    completed: int


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


def parse_cohort(key: str) -> Cohort:
    """Return the cohort for ``in_care:11-15``; ValueError if it is not one."""
    status, _, band = key.partition(":")
    return Cohort(status, band)  # type: ignore[arg-type]


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
    session: AsyncSession, *, draft: RoundDraft, bank: Bank, now: datetime, created_by: str
) -> int:
    """Check and store a scheduled round; return its id (ValueError says what to fix)."""
    survey, settings = check_draft(draft, bank, now)
    (installed,) = await install_surveys(session, [survey], now=now)
    if installed.outcome == "refused":
        raise ValueError(installed.message)
    plan = RoundPlan(
        name=draft.name, survey_id=survey.id, survey_version=survey.version,
        cohorts=tuple(sorted(settings.cohorts)), opens_at=settings.opens_at, closes_at=settings.closes_at,
        reminder_days=settings.reminder_days, invite_text=draft.invite_text,
    )  # fmt: skip
    created = await campaigns.create_round(session, plan, now=now, created_by=created_by)
    return created.id


async def list_rounds(session: AsyncSession, *, only_open: bool = False) -> Sequence[RoundRow]:
    """Return rounds, newest first, with invites sent and surveys completed."""
    invited = (
        select(_dispatch.c.campaign_id, func.count().label("n"))
        .where(_dispatch.c.kind == "invite")
        .group_by(_dispatch.c.campaign_id)
        .subquery()
    )
    completed = (
        select(_response.c.campaign_id, func.count().label("n"))
        .where(_response.c.status == "completed")
        .group_by(_response.c.campaign_id)
        .subquery()
    )
    stmt = (
        select(_campaign, invited.c.n.label("invited"), completed.c.n.label("completed"))
        .outerjoin(invited, invited.c.campaign_id == _campaign.c.id)
        .outerjoin(completed, completed.c.campaign_id == _campaign.c.id)
        .order_by(_campaign.c.id.desc())
    )
    if only_open:
        stmt = stmt.where(_campaign.c.status.in_(["scheduled", "open"]))
    return [
        RoundRow(
            id=row["id"],
            name=row["name"],
            status=row["status"],
            cohorts=tuple(
                f"{c['care_status']} {c['age_band']}"
                for c in json.loads(row["cohorts_json"])
                if isinstance(c, dict)
            ),
            opens_at=row["opens_at"],
            closes_at=row["closes_at"],
            invited=int(row["invited"] or 0),
            completed=int(row["completed"] or 0),
        )
        for row in (await session.execute(stmt)).mappings().all()
    ]


async def close_round(session: AsyncSession, *, round_id: int, now: datetime) -> bool:
    """Close a round early; return False if it was already closed or does not exist."""
    try:
        current = await campaigns.get_round(session, round_id)
    except LookupError:
        return False
    if current.status == "closed":
        return False
    await campaigns.close_round(session, round_id, now=now)
    return True
