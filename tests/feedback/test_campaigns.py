"""Installing surveys, creating and closing rounds, cohorts, dispatch rows and response counts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from feedback import campaigns
from feedback.campaigns import RoundInvalid
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.disclosure import PublishedTable
from feedback.models import Campaign, CampaignDispatch, Participant, SurveyVersion
from feedback.participants import forget_participant
from feedback.responses import begin_response, complete_response
from feedback.round_rates import published_rates
from feedback.surveys_store import install_surveys, installed_surveys, load_survey, survey_version_id
from surveys import Cohort, load_bank
from surveys.rates import ResponseCounts, RoundResponses
from tests.feedback.rounds import add_person, answer_everything, count, install_bank, make_round

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
OPENS = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 22, 0, 0, tzinfo=UTC)


# -- installing surveys ----------------------------------------------------------------------------
async def test_installing_the_bank_is_idempotent_and_keeps_every_definition(db: Database) -> None:
    bank = load_bank()
    async with db.session() as session:
        first = await install_surveys(session, bank.surveys, now=NOW)
        again = await install_surveys(session, bank.surveys, now=NOW + timedelta(hours=1))
    assert {i.outcome for i in first} == {"installed"}
    assert {i.outcome for i in again} == {"unchanged"}
    assert await count(db, SurveyVersion) == len(bank.surveys)
    async with db.session() as session:
        for survey in bank.surveys:
            stored = await load_survey(session, await survey_version_id(session, survey.id, survey.version))
            assert stored == survey


async def test_a_changed_file_under_the_same_version_is_refused_and_the_old_one_kept(db: Database) -> None:
    original = load_bank().get("check-in")
    edited = original.model_copy(update={"title": "A different title"})
    async with db.session() as session:
        await install_surveys(session, [original], now=NOW)
        (refused,) = await install_surveys(session, [edited], now=NOW)
    assert refused.outcome == "refused"
    assert "raise 'version:' to 2" in refused.message
    async with db.session() as session:
        kept = await load_survey(session, await survey_version_id(session, "check-in", 1))
    assert kept.title == original.title


async def test_a_new_version_is_installed_beside_the_old_one(db: Database) -> None:
    original = load_bank().get("check-in")
    newer = original.model_copy(update={"version": 2, "title": "Check-in, version two"})
    async with db.session() as session:
        await install_surveys(session, [original], now=NOW)
        (added,) = await install_surveys(session, [newer], now=NOW)
        listed = await installed_surveys(session)
        newest = await survey_version_id(session, "check-in")
        with pytest.raises(LookupError, match="installed: 1, 2"):
            await survey_version_id(session, "check-in", 3)
    assert added.outcome == "installed"
    assert [(s.survey_id, s.version) for s in listed] == [("check-in", 1), ("check-in", 2)]
    assert newest == listed[1].version_id


# -- creating rounds -------------------------------------------------------------------------------
async def test_a_round_is_stored_with_its_settings(db: Database) -> None:
    await install_bank(db, NOW)
    created = await make_round(
        db, NOW, opens_at=OPENS, closes_at=CLOSES, reminder_days=(2,), school_hours=None,
        invite_text="  There's a new survey about our Promise.  ",
    )  # fmt: skip
    async with db.session() as session:
        again = await campaigns.get_round(session, created.id)
    assert again == created
    assert again.survey_id == "promise-11-17"
    assert again.cohorts == (Cohort("in_care", "11-15"), Cohort("in_care", "16-17"))
    assert again.settings.reminder_days == (2,)
    assert again.settings.school_hours is None
    assert again.settings.quiet_hours is not None
    assert again.invite_text == "There's a new survey about our Promise."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"survey": "charter-16-25"}, "not written for children in care aged 11-15"),
        ({"survey": "no-such-survey"}, "no survey 'no-such-survey' is installed"),
        ({"closes_at": OPENS - timedelta(days=1)}, "must close after it opens"),
        ({"opens_at": NOW - timedelta(days=9), "closes_at": NOW - timedelta(days=1)}, "already be closed"),
        ({"reminder_days": (1, 2, 3)}, "at most 2 reminders"),
        ({"reminder_days": (7, 3)}, "increasing order"),
        ({"invite_text": "Don't miss out! Answer now."}, "reads as pressure"),
        ({"invite_text": "x" * 1001}, "keep it to 1000"),
        ({"name": "   "}, "give the round a name"),
    ],
)
async def test_a_round_that_cannot_work_is_refused_with_a_fix(
    db: Database, change: dict[str, object], message: str
) -> None:
    await install_bank(db, NOW)
    values: dict[str, object] = {"opens_at": OPENS, "closes_at": CLOSES, **change}
    with pytest.raises(RoundInvalid, match=message):
        await make_round(db, NOW, **values)  # type: ignore[arg-type]
    assert await count(db, Campaign) == 0


async def test_round_state_follows_the_clock_and_closing_early_moves_the_closing_time(db: Database) -> None:
    await install_bank(db, NOW)
    created = await make_round(db, NOW, opens_at=OPENS, closes_at=CLOSES)
    assert created.state(NOW) == "scheduled"
    assert created.state(OPENS) == "open"
    assert created.state(CLOSES) == "closed"
    early = OPENS + timedelta(days=5)
    async with db.session() as session:
        closed = await campaigns.close_round(session, created.id, now=early)
        again = await campaigns.close_round(session, created.id, now=early + timedelta(days=1))
    assert closed.status == "closed"
    assert closed.state(OPENS + timedelta(days=1)) == "closed"
    assert closed.settings.closes_at == early
    assert again.closed_at == early, "closing twice keeps the first closing"


async def test_open_rounds_are_found_by_cohort(db: Database) -> None:
    await install_bank(db, NOW)
    promise = await make_round(db, NOW, opens_at=OPENS, closes_at=CLOSES)
    charter = await make_round(
        db, NOW, survey="charter-16-25", cohorts=("care_leaver:16-25",), opens_at=OPENS,
        closes_at=OPENS + timedelta(days=7), name="Charter",
    )  # fmt: skip
    during = OPENS + timedelta(days=1)
    async with db.session() as session:
        teen = await campaigns.open_rounds_for(session, Cohort("in_care", "16-17"), now=during)
        leaver = await campaigns.open_rounds_for(session, Cohort("care_leaver", "16-25"), now=during)
        young = await campaigns.open_rounds_for(session, Cohort("in_care", "8-10"), now=during)
        before = await campaigns.open_rounds_for(session, Cohort("in_care", "16-17"), now=NOW)
        await campaigns.close_round(session, promise.id, now=during)
        after_close = await campaigns.open_rounds_for(session, Cohort("in_care", "16-17"), now=during)
    assert [r.id for r in teen] == [promise.id]
    assert [r.id for r in leaver] == [charter.id]
    assert young == [] and before == [] and after_close == []


# -- members, dispatches and counts ----------------------------------------------------------------
async def test_dispatch_rows_are_unique_per_person_and_kind(db: Database, sealer: Sealer) -> None:
    await install_bank(db, NOW)
    created = await make_round(db, NOW, opens_at=OPENS, closes_at=CLOSES)
    person = await add_person(db, sealer, "ash", "in_care:16-17", NOW)
    assert person.id is not None
    async with db.session() as session:
        first = await campaigns.record_dispatch(
            session, campaign_id=created.id, participant_id=person.id, kind="invite", now=OPENS
        )
        second = await campaigns.record_dispatch(
            session, campaign_id=created.id, participant_id=person.id, kind="invite", now=OPENS
        )
        reminder = await campaigns.record_dispatch(
            session, campaign_id=created.id, participant_id=person.id, kind="reminder2", now=OPENS
        )
        (member,) = await campaigns.round_members(session, created)
    assert first is not None and second is None and reminder is not None
    assert await count(db, CampaignDispatch) == 2
    assert member.facts.invited_at == OPENS
    assert member.facts.reminders_sent == 2
    assert member.sent == {"invite", "reminder2"}


async def test_round_members_are_the_cohorts_only(db: Database, sealer: Sealer) -> None:
    await install_bank(db, NOW)
    created = await make_round(db, NOW, opens_at=OPENS, closes_at=CLOSES, cohorts=("in_care:16-17",))
    await add_person(db, sealer, "in", "in_care:16-17", NOW, paused=True)
    await add_person(db, sealer, "younger", "in_care:11-15", NOW)
    await add_person(db, sealer, "leaver", "care_leaver:16-25", NOW)
    async with db.session() as session:
        members = await campaigns.round_members(session, created)
    assert [m.facts.cohort for m in members] == [Cohort("in_care", "16-17")]
    assert members[0].facts.paused is True


async def _answer_all(
    db: Database, sealer: Sealer, created: campaigns.SurveyRound, person: Participant
) -> None:
    async with db.session() as session:
        progress = await begin_response(session, sealer, participant=person, survey_round=created, now=OPENS)
        assert progress is not None
        survey = await load_survey(session, created.survey_version_id)
        done = progress.with_state(answer_everything(survey, progress.state))
        await complete_response(session, sealer, done, now=OPENS + timedelta(days=1))


async def test_response_counts_per_cohort_include_people_who_were_forgotten(
    db: Database, sealer: Sealer
) -> None:
    await install_bank(db, NOW)
    created = await make_round(db, NOW, opens_at=OPENS, closes_at=CLOSES)
    people = [await add_person(db, sealer, f"p{n}", "in_care:16-17", NOW) for n in range(4)]
    younger = await add_person(db, sealer, "y", "in_care:11-15", NOW)
    async with db.session() as session:
        for person in [*people, younger]:
            assert person.id is not None
            await campaigns.record_dispatch(
                session, campaign_id=created.id, participant_id=person.id, kind="invite", now=OPENS
            )
        await begin_response(session, sealer, participant=people[1], survey_round=created, now=OPENS)
    await _answer_all(db, sealer, created, people[2])
    await _answer_all(db, sealer, created, people[3])
    async with db.session() as session:
        await forget_participant(session, people[3].id)
    async with db.session() as session:
        counts = await campaigns.response_counts(session, created)
    assert counts.by_cohort[Cohort("in_care", "16-17")] == ResponseCounts(invited=4, started=3, completed=2)
    assert counts.by_cohort[Cohort("in_care", "11-15")] == ResponseCounts(invited=1, started=0, completed=0)
    assert counts.total == ResponseCounts(5, 3, 2)


def test_published_rates_hide_small_counts_and_small_bases() -> None:
    counts = RoundResponses(
        {
            Cohort("in_care", "11-15"): ResponseCounts(40, 22, 20),
            Cohort("in_care", "16-17"): ResponseCounts(30, 12, 3),
            Cohort("care_leaver", "16-25"): ResponseCounts(8, 7, 6),
        },
        ResponseCounts(78, 41, 29),
    )
    table, rows = published_rates(counts, threshold=5)
    by_label = {row.label: row for row in rows}
    assert by_label["In care 16-17"].completed == "c"
    assert by_label["In care 16-17"].completed_rate is None
    assert by_label["Care leavers 16-25"].completed_rate is None, "no percentage on a base under 10"
    # A rate never sits beside a hidden count (12 invited, c completed, 25 % gave the count away).
    for row in rows:
        if "c" in (row.invited, row.completed):
            assert row.completed_rate is None
    # Nothing hidden can be worked out from the total row.
    completed = [row.completed for row in rows]
    assert completed.count("c") >= 2 or by_label["Total"].completed == "c"
    # The table as kept in the release ledger reads back the same, with the same cells hidden.
    kept = PublishedTable.from_json(json.loads(json.dumps(table.to_json())))
    assert kept.cells == table.cells
    assert {kept.cells[i][j] for i, j in kept.primary} == {"c"}
    assert kept.threshold == 5
