"""Survey rounds against a clock the test moves: open, invite, remind, quiet hours, close, restarts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.campaign_jobs import CATCH_UP_JOB, TICK_JOB, RoundJobs, TickReport
from bot.conversation.catalogue import BASE, EASY_READ
from bot.outgoing import open_outgoing
from bot.scheduler import Leadership, Scheduler
from feedback import campaigns
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.models import CampaignDispatch, OutboxItem, Response
from feedback.participants import set_paused
from feedback.responses import begin_response, complete_response
from feedback.surveys_store import load_survey
from tests.bot.conversation.languages import flat, reads, survey_title
from tests.feedback.rounds import add_person, answer_everything, count, install_bank, make_round

CREATED = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
OPENS = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # a Tuesday; London is on GMT in December
CLOSES = datetime(2026, 12, 22, 0, 0, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Return a moment in December 2026 (UTC, which is London time in December)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


async def _messages(db: Database, sealer: Sealer) -> list[tuple[str, str, tuple[str, ...]]]:
    """Return (address, text, button actions) of every outbox row, in order."""
    async with db.session() as session:
        items = (await session.execute(select(OutboxItem).order_by(OutboxItem.id))).scalars().all()  # type: ignore[arg-type]
    found = []
    for item in items:
        out = open_outgoing(sealer, item)
        actions = tuple(b.action for row in out.reply.buttons for b in row)
        found.append((out.address, out.reply.text, actions))
    return found


async def _kinds(db: Database) -> dict[str, int]:
    async with db.session() as session:
        rows = (await session.execute(select(CampaignDispatch.kind))).scalars().all()  # type: ignore[call-overload]
    return {kind: list(rows).count(kind) for kind in sorted(set(rows))}


async def test_a_round_runs_to_its_schedule_across_a_restart(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    await install_bank(db, CREATED)
    survey_round = await make_round(db, CREATED, opens_at=OPENS, closes_at=CLOSES)
    ash = await add_person(db, sealer, "ash", "in_care:16-17", CREATED)
    bo = await add_person(db, sealer, "bo", "in_care:16-17", CREATED)
    cy = await add_person(db, sealer, "cy", "in_care:11-15", CREATED, channel="web")
    await add_person(db, sealer, "dee", "care_leaver:16-25", CREATED)
    await add_person(db, sealer, "eve", "in_care:16-17", CREATED, paused=True)
    jobs = RoundJobs(db, sealer, pseudonymiser)

    assert await jobs.tick(at(1, 0) - timedelta(hours=12)) == TickReport()
    assert await jobs.tick(OPENS) == TickReport(opened=1), "opened, but it is the middle of the night"
    assert await jobs.tick(at(1, 7, 59)) == TickReport()
    assert await jobs.tick(at(1, 9)) == TickReport(invites=2), "16-17s at 9; the 11-15 is at school"
    assert await jobs.tick(at(1, 9)) == TickReport(), "running again sends nothing twice"
    assert await jobs.tick(at(1, 15, 29)) == TickReport()
    assert await jobs.tick(at(1, 15, 30)) == TickReport(invites=1), "after school"
    sent = await _messages(db, sealer)
    assert [address for address, _, _ in sent] == ["ash", "bo", "cy"]
    assert all("Our Promise to you" in text and "21 December 2026" in text for _, text, _ in sent)
    assert all(f"survey:open:{survey_round.id}" in actions for _, _, actions in sent)
    assert all("menu:pause" in actions for _, _, actions in sent)

    # Ash finishes; Bo starts but stops part-way.
    async with db.session() as session:
        survey = await load_survey(session, survey_round.survey_version_id)
        done = await begin_response(
            session, sealer, participant=ash, survey_round=survey_round, now=at(2, 18)
        )
        assert done is not None
        await complete_response(
            session, sealer, done.with_state(answer_everything(survey, done.state)), now=at(2, 18)
        )
        assert await begin_response(session, sealer, participant=bo, survey_round=survey_round, now=at(2, 18))

    assert await jobs.tick(at(4, 8, 59)) == TickReport()
    assert await jobs.tick(at(4, 9)) == TickReport(reminders=1), "day 3, same time; not to Ash, who finished"
    _, reminder, actions = (await _messages(db, sealer))[-1]
    assert reminder.startswith("You started the survey Our Promise to you.")
    assert f"survey:open:{survey_round.id}" in actions

    # A restart: a new scheduler and new jobs, rebuilt from the database.
    scheduler = Scheduler(Leadership(db))
    restarted = RoundJobs(db, sealer, pseudonymiser)
    await restarted.rebuild(scheduler, now=at(4, 12))
    jobs_by_id = {job.id: job for job in scheduler.aps.get_jobs()}
    assert set(jobs_by_id) == {TICK_JOB, CATCH_UP_JOB, f"round-{survey_round.id}-close"}
    assert jobs_by_id[f"round-{survey_round.id}-close"].trigger.run_date == CLOSES
    assert await restarted.tick(at(4, 12)) == TickReport(), "nothing doubled after the restart"
    assert await restarted.tick(at(4, 15, 30)) == TickReport(reminders=1), "Cy's first reminder, after school"

    # Cy pauses; Bo's day-7 reminder goes after some downtime; then the cap holds.
    async with db.session() as session:
        await set_paused(session, cy.id, paused=True)
    assert await restarted.tick(at(9, 10)) == TickReport(reminders=1)
    assert await restarted.tick(at(20, 10)) == TickReport(), "at most two reminders; none after a pause"
    assert await _kinds(db) == {"invite": 3, "reminder1": 2, "reminder2": 1}

    assert await restarted.run_round(survey_round.id, CLOSES) == TickReport(closed=1)
    assert await restarted.tick(CLOSES + timedelta(days=1)) == TickReport()
    async with db.session() as session:
        closed = await campaigns.get_round(session, survey_round.id)
    assert closed.status == "closed" and closed.settings.closes_at == CLOSES
    assert await count(db, OutboxItem) == 6
    addresses = [address for address, _, _ in await _messages(db, sealer)]
    assert "dee" not in addresses and "eve" not in addresses


async def test_after_downtime_missed_reminders_become_one_and_invites_go_once(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    await install_bank(db, CREATED)
    await make_round(
        db, CREATED, cohorts=("care_leaver:16-25",), survey="charter-16-25", opens_at=OPENS, closes_at=CLOSES
    )
    await add_person(db, sealer, "early", "care_leaver:16-25", CREATED)
    jobs = RoundJobs(db, sealer, pseudonymiser)
    assert await jobs.tick(at(1, 12)) == TickReport(opened=1, invites=1)
    late = await add_person(db, sealer, "late", "care_leaver:16-25", at(5, 10))
    # Heard is down from the 2nd to the 15th: both of Early's reminders fell due meanwhile.
    assert await jobs.tick(at(15, 11)) == TickReport(invites=1, reminders=1)
    assert await _kinds(db) == {"invite": 2, "reminder2": 1}
    assert await jobs.tick(at(15, 11)) == TickReport()
    assert late.id is not None


async def test_invites_and_reminders_come_in_each_person_s_language_and_easy_read(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    """Heard's words from the reader's catalogue, the survey's title as its file words it for them."""
    await install_bank(db, CREATED)
    await make_round(db, CREATED, cohorts=("in_care:16-17",), opens_at=OPENS, closes_at=CLOSES)
    # name: (catalogue, language, easy read); Dyl reads Welsh words (there is no Welsh easy-read catalogue)
    readers = {"ana": (BASE, "en", False), "ben": (EASY_READ, "en", True), "cai": ("cy", "cy", False),
               "dyl": ("cy", "cy", True)}  # fmt: skip
    for name, (_locale, language, easy) in readers.items():
        await add_person(db, sealer, name, "in_care:16-17", CREATED, language=language, easy_read=easy)
    jobs = RoundJobs(db, sealer, pseudonymiser)
    assert await jobs.tick(at(1, 9)) == TickReport(opened=1, invites=4)
    assert await jobs.tick(at(4, 9)) == TickReport(reminders=4)
    sent = await _messages(db, sealer)
    for name, (locale, language, easy) in readers.items():
        invite, reminder = [text for address, text, _ in sent if address == name]
        title = flat(survey_title("promise-11-17", language, easy_read=easy))
        assert reads(locale, "survey.invite", invite) and title in flat(invite), name
        assert reads(locale, "survey.invite_choice", invite) and reads(locale, "survey.pause_hint", invite)
        assert reads(locale, "survey.reminder", reminder) and title in flat(reminder), name
        assert reads(locale, "survey.reminder_choice", reminder)
        if locale != BASE:
            assert not reads(BASE, "survey.invite", invite) and not reads(BASE, "survey.reminder", reminder)


async def test_quiet_hours_apply_to_every_age_and_can_be_set_per_round(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    from datetime import time

    from surveys import DailyWindow

    await install_bank(db, CREATED)
    await make_round(
        db, CREATED, cohorts=("care_leaver:16-25",), survey="charter-16-25", opens_at=at(1, 20),
        closes_at=CLOSES, quiet_hours=DailyWindow(time(20, 30), time(10, 0)),
    )  # fmt: skip
    await add_person(db, sealer, "night", "care_leaver:16-25", CREATED)
    jobs = RoundJobs(db, sealer, pseudonymiser)
    assert await jobs.tick(at(1, 20, 10)) == TickReport(opened=1, invites=1)
    assert await jobs.tick(at(4, 20, 40)) == TickReport(), "day 3 at 20:10 would be fine; 20:40 is quiet"
    assert await jobs.tick(at(5, 9, 59)) == TickReport()
    assert await jobs.tick(at(5, 10)) == TickReport(reminders=1)


async def test_a_round_that_closes_during_quiet_hours_sends_nothing_after_closing(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    await install_bank(db, CREATED)
    await make_round(
        db, CREATED, cohorts=("care_leaver:16-25",), survey="charter-16-25", opens_at=at(1, 21, 30),
        closes_at=at(2, 7),
    )  # fmt: skip
    await add_person(db, sealer, "owl", "care_leaver:16-25", CREATED)
    jobs = RoundJobs(db, sealer, pseudonymiser)
    assert await jobs.tick(at(1, 22)) == TickReport(opened=1)
    assert await jobs.tick(at(2, 8)) == TickReport(closed=1)
    assert await count(db, OutboxItem) == 0


async def test_the_real_scheduler_catches_up_at_start(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    await install_bank(db, CREATED)
    await make_round(
        db, CREATED, cohorts=("care_leaver:16-25",), survey="charter-16-25", opens_at=OPENS, closes_at=CLOSES
    )
    await add_person(db, sealer, "dana", "care_leaver:16-25", CREATED)
    scheduler = Scheduler(Leadership(db), clock=lambda: at(3, 12))
    queued: list[str] = []
    jobs = RoundJobs(db, sealer, pseudonymiser, on_queued=queued.append)
    # APScheduler keeps real time, so the catch-up is due at once; the jobs get the test's clock.
    await jobs.rebuild(scheduler, now=datetime.now(UTC), tick_seconds=3600)
    assert await scheduler.leadership.try_acquire()
    scheduler.aps.start()
    try:
        async with asyncio.timeout(10):
            while await count(db, OutboxItem) == 0:
                await asyncio.sleep(0.05)
    finally:
        scheduler.aps.shutdown(wait=False)
        await scheduler.leadership.release()
    assert await count(db, OutboxItem) == 1
    assert queued == ["telegram"]


async def test_a_round_closed_by_hand_is_settled_by_the_next_tick(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    await install_bank(db, CREATED)
    survey_round = await make_round(
        db, CREATED, cohorts=("care_leaver:16-25",), survey="charter-16-25", opens_at=OPENS, closes_at=CLOSES
    )
    someone = await add_person(db, sealer, "kit", "care_leaver:16-25", CREATED)
    async with db.session() as session:
        assert await begin_response(
            session, sealer, participant=someone, survey_round=survey_round, now=at(2, 9)
        )
    async with db.session() as session:
        await campaigns.close_round(session, survey_round.id, now=at(3, 9))
    jobs = RoundJobs(db, sealer, pseudonymiser)
    assert await jobs.tick(at(3, 9, 1)) == TickReport()
    async with db.session() as session:
        response = (await session.execute(select(Response))).scalar_one()
    assert (response.status, response.state_sealed) == ("in_progress", None)
