"""Survey rounds (campaigns) as the portal sees them: list with response rates, create, close.

A round is stored as a ``Campaign`` row with status ``scheduled``; the campaign
scheduler opens it, sends invites and reminders and closes it. Creating a
round checks the worker's choices with ``surveys.RoundSettings`` (the same
rules the scheduler applies) and stores the chosen survey version if it is not
in the database yet.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import Campaign, CampaignDispatch, Response, Survey, SurveyVersion, table_of
from surveys import Bank, Cohort, RoundSettings, fingerprint
from surveys import Survey as SurveyDefinition

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


def parse_cohort(key: str) -> Cohort:
    """Return the cohort for ``in_care:11-15``; ValueError if it is not one."""
    status, _, band = key.partition(":")
    return Cohort(status, band)  # type: ignore[arg-type]


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"give the {name} date as a date (yyyy-mm-dd)") from None


def check_draft(draft: RoundDraft, bank: Bank, now: datetime) -> tuple[SurveyDefinition, RoundSettings]:
    """Return the survey and settings for a draft, or raise ValueError saying what to fix."""
    if not draft.name.strip():
        raise ValueError("give the round a name, e.g. 'Promise check-in, spring 2027'")
    survey_id, _, version = draft.survey_key.partition("@")
    try:
        survey = bank.get(survey_id, int(version) if version.isdigit() else None)
    except KeyError:
        raise ValueError("choose a survey from the list") from None
    cohorts = frozenset(parse_cohort(c) for c in draft.cohorts)
    opens = datetime.combine(_day(draft.opens_on, "opening"), time(9, 0), LONDON)
    closes = datetime.combine(_day(draft.closes_on, "closing"), time(23, 59), LONDON)
    if closes.date() < now.date():
        raise ValueError("the closing date is in the past")
    try:
        days = tuple(int(d) for d in draft.reminder_days.replace(",", " ").split())
    except ValueError:
        raise ValueError("reminder days are whole numbers, e.g. 3, 7") from None
    settings = RoundSettings(opens_at=opens, closes_at=closes, cohorts=cohorts, reminder_days=days)
    return survey, settings


async def _version_id(session: AsyncSession, survey: SurveyDefinition, now: datetime) -> int:
    """Return the stored version of ``survey``, storing it first if needed; refuse an edited file."""
    found = await session.execute(select(Survey).where(table_of(Survey).c.slug == survey.id))
    row = found.scalars().first()
    if row is None:
        row = Survey(slug=survey.id, title=str(survey.title)[:200], created_at=now)
        session.add(row)
        await session.flush()
    versions = table_of(SurveyVersion).c
    stored = (
        await session.execute(
            select(SurveyVersion).where(versions.survey_id == row.id, versions.version == survey.version)
        )
    ).scalars().first()
    digest = fingerprint(survey)
    if stored is not None:
        if stored.content_hash != digest:
            raise ValueError(f"survey {survey.id} version {survey.version} was edited after use; "
                             "raise its version number")
        return int(stored.id or 0)
    assert row.id is not None
    stored = SurveyVersion(survey_id=row.id, version=survey.version, content_hash=digest,
                           definition_json=survey.model_dump_json(), created_at=now)
    session.add(stored)
    await session.flush()
    return int(stored.id or 0)


async def create_round(
    session: AsyncSession, *, draft: RoundDraft, bank: Bank, now: datetime, created_by: str
) -> int:
    """Check and store a scheduled round; return its id (ValueError says what to fix)."""
    survey, settings = check_draft(draft, bank, now)
    campaign = Campaign(
        name=draft.name.strip()[:200],
        survey_version_id=await _version_id(session, survey, now),
        cohorts_json=json.dumps(
            [{"care_status": c.care_status, "age_band": c.age_band} for c in sorted(settings.cohorts)]
        ),
        opens_at=settings.opens_at,
        closes_at=settings.closes_at,
        reminder_days_json=json.dumps(list(settings.reminder_days)),
        invite_text=draft.invite_text.strip()[:1000] or None,
        status="scheduled",
        created_at=now,
        created_by=created_by[:64],
    )
    session.add(campaign)
    await session.flush()
    return int(campaign.id or 0)


async def list_rounds(session: AsyncSession, *, only_open: bool = False) -> Sequence[RoundRow]:
    """Return rounds, newest first, with invites sent and surveys completed."""
    invited = (
        select(_dispatch.c.campaign_id, func.count().label("n"))
        .where(_dispatch.c.kind == "invite").group_by(_dispatch.c.campaign_id).subquery()
    )
    completed = (
        select(_response.c.campaign_id, func.count().label("n"))
        .where(_response.c.status == "completed").group_by(_response.c.campaign_id).subquery()
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
            id=row["id"], name=row["name"], status=row["status"],
            cohorts=tuple(f"{c['care_status']} {c['age_band']}" for c in json.loads(row["cohorts_json"])
                          if isinstance(c, dict)),
            opens_at=row["opens_at"], closes_at=row["closes_at"],
            invited=int(row["invited"] or 0), completed=int(row["completed"] or 0),
        )
        for row in (await session.execute(stmt)).mappings().all()
    ]


async def close_round(session: AsyncSession, *, round_id: int, now: datetime) -> bool:
    """Close a round early; return False if it was already closed or does not exist."""
    result = await session.execute(
        update(_campaign)
        .where(_campaign.c.id == round_id, _campaign.c.status != "closed")
        .values(status="closed", closed_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
