"""Scheduler jobs for survey rounds: open, invite, remind and close, rebuilt from the database.

The database is the source of truth. At start-up the jobs are rebuilt from
the rounds stored there: a catch-up run straight away (so invites and
reminders missed while Heard was down go out once, if the round is still
open), an exact job at each round's opening and closing time, and a regular
tick that notices rounds created since and sends whatever has fallen due.

Every message is decided by the campaign policy (quiet hours, school hours,
reminder days and cap, never to people who finished or paused), asked again
in the same transaction that records the dispatch, so a pause is honoured at
once. A ``CampaignDispatch`` row per person and kind plus an outbox dedup key
make every run idempotent: restarts, overlapping runs or a second replica
never double a message.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from bot.appkeys import DATABASE, PSEUDONYMISER, SEALER, SETTINGS
from bot.conversation.flows.survey_invites import invite_reply, reminder_reply
from bot.outgoing import queue_replies
from bot.scheduler import SCHEDULER, Scheduler
from feedback import campaigns
from feedback.campaigns import INVITE, RoundMember, SurveyRound, reminder_kind
from feedback.crypto import Pseudonymiser, Sealer, UnsealableError
from feedback.db import Database, Session
from feedback.responses import settle_closed_rounds, settle_unfinished
from feedback.surveys_store import install_surveys, load_survey
from surveys import Send, Survey, plan_invite, plan_reminder
from surveys.texts import word_survey

__all__ = ["ROUND_JOBS", "RoundJobs", "TickReport", "install_bank", "setup_rounds"]

log = logging.getLogger(__name__)

TICK_JOB = "rounds-tick"
CATCH_UP_JOB = "rounds-catch-up"


@dataclass(frozen=True)
class TickReport:
    """How many messages one run queued, and how many rounds it opened and closed (counts only)."""

    invites: int = 0
    reminders: int = 0
    opened: int = 0
    closed: int = 0

    def __add__(self, other: TickReport) -> TickReport:
        return TickReport(
            self.invites + other.invites,
            self.reminders + other.reminders,
            self.opened + other.opened,
            self.closed + other.closed,
        )


def _due(member: RoundMember, survey_round: SurveyRound, now: datetime) -> tuple[str, Send] | None:
    settings = survey_round.settings
    plan = plan_invite(settings, member.facts, now)
    if isinstance(plan, Send):
        return (INVITE, plan) if plan.is_due(now) else None
    plan = plan_reminder(settings, member.facts, now)
    if isinstance(plan, Send) and plan.is_due(now) and plan.reminder_number is not None:
        return reminder_kind(plan.reminder_number), plan
    return None


def _title(survey: Survey, member: RoundMember) -> str:
    """Return the survey's title as its file words it for ``member``, as the survey itself will be shown."""
    language = member.language if member.language in survey.languages else survey.base_language
    return word_survey(survey, language=language, easy_read=member.easy_read).title


class RoundJobs:
    """Runs survey rounds; each method is a scheduler job taking the current time."""

    def __init__(
        self,
        db: Database,
        sealer: Sealer,
        pseudonymiser: Pseudonymiser,
        *,
        batch_size: int = 200,
        on_queued: Callable[[str], None] | None = None,
    ) -> None:
        self._db = db
        self._sealer = sealer
        self._pseudonymiser = pseudonymiser
        self._batch_size = batch_size
        self._on_queued = on_queued
        self._scheduler: Scheduler | None = None
        self._scheduled: set[int] = set()

    async def rebuild(self, scheduler: Scheduler, *, now: datetime, tick_seconds: int = 60) -> None:
        """Register every job from what the database holds, and catch up straight away."""
        self._scheduler = scheduler
        self._scheduled.clear()
        scheduler.every(TICK_JOB, self._tick_job, seconds=tick_seconds)
        scheduler.at(CATCH_UP_JOB, self._tick_job, when=now)
        async with self._db.session() as session:
            rounds = await campaigns.list_rounds(session, include_closed=False)
        self._schedule_rounds(rounds, now)

    def _schedule_rounds(self, rounds: Sequence[SurveyRound], now: datetime) -> None:
        scheduler = self._scheduler
        if scheduler is None:
            return
        for survey_round in rounds:
            if survey_round.id in self._scheduled:
                continue
            self._scheduled.add(survey_round.id)
            round_id = survey_round.id

            async def run(now: datetime, round_id: int = round_id) -> None:
                await self.run_round(round_id, now)

            if survey_round.settings.opens_at > now:
                scheduler.at(f"round-{round_id}-open", run, when=survey_round.settings.opens_at)
            scheduler.at(f"round-{round_id}-close", run, when=survey_round.settings.closes_at)

    async def _tick_job(self, now: datetime) -> None:
        await self.tick(now)

    async def tick(self, now: datetime) -> TickReport:
        """Open, invite, remind and close for every round not yet closed."""
        async with self._db.session() as session:
            rounds = await campaigns.list_rounds(session, include_closed=False)
        self._schedule_rounds(rounds, now)
        report = TickReport()
        for survey_round in rounds:
            report += await self._run(survey_round, now)
        async with self._db.session() as session:
            settled = await settle_closed_rounds(session, self._sealer, now=now)
        if settled:
            log.info("rounds.settled", extra={"event": "rounds.settled", "count": settled})
        if report != TickReport():
            log.info(
                "rounds.tick",
                extra={
                    "event": "rounds.tick",
                    "invites": report.invites,
                    "reminders": report.reminders,
                    "opened": report.opened,
                    "closed": report.closed,
                },
            )
        return report

    async def run_round(self, round_id: int, now: datetime) -> TickReport:
        """Open, invite, remind or close for one round (its exact opening and closing jobs)."""
        async with self._db.session() as session:
            try:
                survey_round = await campaigns.get_round(session, round_id)
            except LookupError:
                return TickReport()
        if survey_round.status == "closed":
            return TickReport()
        return await self._run(survey_round, now)

    async def _run(self, survey_round: SurveyRound, now: datetime) -> TickReport:
        state = survey_round.state(now)
        if state == "scheduled":
            return TickReport()
        if state == "closed":
            async with self._db.session() as session:
                await campaigns.close_round(session, survey_round.id, now=now)
                settled = await settle_unfinished(session, self._sealer, campaign_id=survey_round.id, now=now)
            log.info("rounds.closed", extra={"event": "rounds.closed", "count": settled})
            return TickReport(closed=1)
        opened = 0
        if survey_round.status == "scheduled":
            async with self._db.session() as session:
                await campaigns.set_round_status(session, survey_round.id, "open")
            opened = 1
        return await self._send_due(survey_round, now) + TickReport(opened=opened)

    async def _send_due(self, survey_round: SurveyRound, now: datetime) -> TickReport:
        async with self._db.session() as session:
            members = await campaigns.round_members(session, survey_round)
            survey = await load_survey(session, survey_round.survey_version_id)
        due = [m.participant_id for m in members if _due(m, survey_round, now) is not None]
        report = TickReport()
        for start in range(0, len(due), self._batch_size):
            batch = due[start : start + self._batch_size]
            async with self._db.session() as session:
                # Ask the policy again inside the transaction that records the dispatch:
                # someone who paused or finished a moment ago gets nothing.
                fresh = await campaigns.round_members(session, survey_round, participant_ids=batch)
                for member in fresh:
                    report += await self._dispatch(session, survey_round, survey, member, now)
        if report.invites or report.reminders:
            channels = {m.channel for m in members}
            for channel in sorted(channels):
                if self._on_queued is not None:
                    self._on_queued(channel)
        return report

    async def _dispatch(
        self, session: Session, survey_round: SurveyRound, survey: Survey, member: RoundMember, now: datetime
    ) -> TickReport:
        decision = _due(member, survey_round, now)
        if decision is None or member.chat_id_sealed is None:
            return TickReport()
        kind, send = decision
        try:
            address = self._sealer.open(member.chat_id_sealed)
        except UnsealableError:
            return TickReport()
        # In the reader's language and easy-read choice, as the survey behind the button will be.
        language, easy_read, title = member.language, member.easy_read, _title(survey, member)
        if kind == INVITE:
            reply = invite_reply(survey_round, language, easy_read=easy_read, title=title)
        else:
            reply = reminder_reply(
                survey_round, language, easy_read=easy_read, title=title, carry_on=send.carry_on
            )
        # Both writes are idempotent (outbox dedup key, unique dispatch row) and share this
        # transaction, so a second run at the same moment adds nothing.
        ids = await queue_replies(
            session,
            sealer=self._sealer,
            pseudonymiser=self._pseudonymiser,
            channel=member.channel,
            address=address,
            replies=[reply],
            now=now,
            dedup_prefix=f"round:{survey_round.id}:{member.participant_id}:{kind}",
        )
        dispatch_id = await campaigns.record_dispatch(
            session, campaign_id=survey_round.id, participant_id=member.participant_id, kind=kind, now=now,
            outbox_id=ids[0] if ids else None,
        )  # fmt: skip
        if dispatch_id is None or not ids:
            return TickReport()
        return TickReport(invites=1) if kind == INVITE else TickReport(reminders=1)


ROUND_JOBS = web.AppKey("round_jobs", RoundJobs)


async def install_bank(session: Session, *, extra_dir: object = None, now: datetime) -> tuple[int, int]:
    """Install the shipped surveys and those in ``extra_dir``; return (installed, refused) counts.

    Files that do not load are skipped (``heard survey validate`` names the
    problems); a malformed file never stops the service.
    """
    from pathlib import Path

    from surveys import load_bank

    bank = load_bank(Path(str(extra_dir)) if extra_dir else None)
    results = await install_surveys(session, bank.surveys, now=now)
    refused = sum(1 for r in results if r.outcome == "refused")
    installed = sum(1 for r in results if r.outcome == "installed")
    if bank.problems or refused:
        log.warning(
            "surveys.skipped",
            extra={"event": "surveys.skipped", "count": refused + len({p.file for p in bank.problems})},
        )
    return installed, refused


def _wake_sender(app: web.Application) -> Callable[[str], None]:
    def wake(channel: str) -> None:
        from bot.telegram import TELEGRAM

        telegram = app.get(TELEGRAM)
        if channel == "telegram" and telegram is not None and telegram.sender is not None:
            telegram.sender.wake()

    return wake


def setup_rounds(app: web.Application, *, tick_seconds: int = 60) -> None:
    """Install the survey bank and run survey rounds for the application's lifetime."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        now = datetime.now(UTC)
        async with app[DATABASE].session() as session:
            installed, _refused = await install_bank(session, extra_dir=settings.surveys_dir, now=now)
        log.info("surveys.installed", extra={"event": "surveys.installed", "count": installed})
        jobs = RoundJobs(app[DATABASE], app[SEALER], app[PSEUDONYMISER], on_queued=_wake_sender(app))
        app[ROUND_JOBS] = jobs
        scheduler = app.get(SCHEDULER)
        if scheduler is not None:
            await jobs.rebuild(scheduler, now=scheduler.clock(), tick_seconds=tick_seconds)
        yield

    app.cleanup_ctx.append(context)
