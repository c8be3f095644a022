"""A realistic synthetic council, so a newcomer sees a full board paper on day one.

Deterministic for a given seed and date. Nothing is written by hand: young
people join with ``join_participant``, surveys are installed, rounds are
created, answered and closed, issues raised and answered and alerts recorded
through the same ``feedback`` services the chat, the portal and the CLI use
(see ``rounds`` and ``threads``). The demo's rows therefore have exactly the
shapes those readers expect; rows made by hand once stored a round's cohorts
in a shape that ``heard campaign list`` could not read.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.aggregate.period import quarter_of
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.demo import comments, rounds, threads
from feedback.demo.council import Council
from feedback.models import (
    Alert,
    AnswerRecord,
    Campaign,
    CampaignDispatch,
    CommentAction,
    CommentQuote,
    ConversationState,
    Invite,
    Issue,
    IssueMessage,
    JoinAttempt,
    Participant,
    Quote,
    Response,
    SurveyRecord,
    SurveyVersion,
    table_of,
)
from feedback.participants import join_participant, mark_seen
from feedback.staff import Passwords, Role, StaffAccount, add_staff, find_staff, set_active
from feedback.surveys_store import install_surveys
from surveys import load_bank

__all__ = ["COHORT_SIZES", "DEMO_STAFF", "DemoNotEmpty", "DemoSummary", "seed_demo"]

COHORT_SIZES: dict[tuple[str, str], int] = {
    ("in_care", "8-10"): 110,
    ("in_care", "11-15"): 250,
    ("in_care", "16-17"): 140,
    ("care_leaver", "16-25"): 320,
}
CONSENT_VERSION = "1"
# Replies, outcomes and acknowledgements need someone to have written them. These
# accounts have no password and are disabled, so nobody can sign in as them.
DEMO_STAFF = {
    Role.PARTICIPATION_WORKER: ("demo-worker", "Demo participation worker"),
    Role.SAFEGUARDING_LEAD: ("demo-lead", "Demo safeguarding lead"),
}
_CLEARED = (
    CommentQuote,
    CommentAction,
    Quote,
    Alert,
    IssueMessage,
    Issue,
    AnswerRecord,
    Response,
    CampaignDispatch,
    Invite,
    Campaign,
    SurveyVersion,
    SurveyRecord,
    ConversationState,
    JoinAttempt,
    Participant,
)


class DemoNotEmpty(RuntimeError):
    """The database already holds participants; seeding would mix demo and real data."""


@dataclass(frozen=True)
class DemoSummary:
    """What was made, as counts, and the quarter to report on."""

    participants: int
    rounds: int
    responses: int
    answers: int
    issues: int
    alerts: int
    quotes: int
    report_period: str


async def _demo_staff(session: AsyncSession, role: Role, now: datetime) -> StaffAccount:
    """Return the demo account for ``role``, made (without a password, disabled) if it is missing."""
    username, display_name = DEMO_STAFF[role]
    found = await find_staff(session, username)
    if found is not None:
        return found
    await add_staff(
        session,
        username=username,
        role=role,
        password=None,
        passwords=Passwords(),
        now=now,
        display_name=display_name,
    )
    return await set_active(session, username=username, active=False)


async def _participants(council: Council, pseudonymiser: Pseudonymiser, joined: date) -> None:
    """Let the council's young people join, in cohorts of the sizes above, on the web or Telegram."""
    rng = council.rng
    for (status, band), size in COHORT_SIZES.items():
        for _ in range(max(1, round(size * council.scale))):
            # Telegram's terms require users in the UK to be 16 or over.
            channel = "web" if band in ("8-10", "11-15") else "telegram"
            day = joined + timedelta(days=rng.randint(0, 60))
            person = await join_participant(
                council.session,
                pseudonym=pseudonymiser.pseudonym(channel, str(rng.getrandbits(48))),
                channel=channel,
                care_status=status,
                age_band=band,
                chat_id_sealed=council.sealer.seal(str(rng.getrandbits(40))),
                consent_version=CONSENT_VERSION,
                now=datetime.combine(day, time(rng.randint(8, 21)), tzinfo=UTC),
                easy_read=band == "8-10" and rng.random() < 0.4,  # as the settings card sets it
            )
            await mark_seen(council.session, person, today=council.today - timedelta(days=rng.randint(0, 90)))
            council.people.append(person)


async def _count(session: AsyncSession, model: type) -> int:
    return int((await session.execute(select(func.count()).select_from(table_of(model)))).scalar_one())


async def seed_demo(
    db: Database,
    *,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    today: date,
    seed: int = 2026,
    force: bool = False,
    scale: float = 1.0,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Return what was seeded: a council of 820 young people, survey rounds, check-ins, issues and alerts.

    Refuses (``DemoNotEmpty``) when participants exist, unless ``force``, which
    first clears young people's data (staff accounts and the audit log stay).
    ``scale`` shrinks the council (tests use a tenth).
    """
    say = progress or (lambda _step: None)
    rng = random.Random(seed)
    async with db.session() as session:
        existing = await _count(session, Participant)
        if existing and not force:
            raise DemoNotEmpty(f"the database already has {existing} participants")
        if existing:
            say("clearing the existing data")
            for model in _CLEARED:
                await session.execute(delete(table_of(model)))
    report = quarter_of(today).previous()
    async with db.session() as session:
        say("installing the shipped surveys")
        long_ago = datetime.combine(report.start - timedelta(days=400), time(9), tzinfo=UTC)
        await install_surveys(session, load_bank().surveys, now=long_ago)
        worker = await _demo_staff(session, Role.PARTICIPATION_WORKER, long_ago)
        lead = await _demo_staff(session, Role.SAFEGUARDING_LEAD, long_ago)
        council = Council(session, sealer, rng, today, scale, worker, lead)
        say(f"adding {round(sum(COHORT_SIZES.values()) * scale)} young people")
        await _participants(council, pseudonymiser, joined=report.start - timedelta(days=420))
        periods = [report.previous().previous().previous().previous(), report.previous().previous(), report]
        for index, period in enumerate(periods):
            say(f"survey round {index + 1} of {len(periods)} ({period.label})")
            await rounds.promise_rounds(council, index, period)
        quarters = [
            report.previous().previous().previous(),
            report.previous().previous(),
            report.previous(),
            report,
            quarter_of(today),
        ]
        for index, period in enumerate(quarters):
            say(f"check-ins, issues and alerts for {period.label}")
            await rounds.check_in_round(council, period)
            await threads.issues(council, period, boost=index >= 3)
            await threads.alerts(council, period)
        say("anonymising what young people wrote")
        await council.anonymise_pending()
        say("reviewing survey comments: quotes and what was done")
        for period in quarters:
            await comments.review_comments(council, period)
        made = {
            model: await _count(session, model)
            for model in (Campaign, Response, AnswerRecord, Issue, Alert, Quote)
        }
    return DemoSummary(
        participants=len(council.people),
        rounds=made[Campaign],
        responses=made[Response],
        answers=made[AnswerRecord],
        issues=made[Issue],
        alerts=made[Alert],
        quotes=made[Quote],
        report_period=report.label,
    )
