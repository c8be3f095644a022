"""Aggregation on a small hand-built council, on SQLite and PostgreSQL.

Expected numbers are worked out here from the scenario itself (which answers
count as positive is read off the shipped survey file by hand), not copied
from the implementation.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from anonymiser.themes.taxonomy import load_taxonomy
from feedback.aggregate import CohortFilter, change_hint, parse_period, read_facts
from feedback.aggregate.facts import ItemCounts
from feedback.aggregate.tables import outcome_table, priority_table, response_table
from feedback.db import Database
from feedback.models import (
    Alert,
    AnswerRecord,
    Campaign,
    CampaignDispatch,
    Issue,
    Participant,
    Quote,
    Response,
    SurveyRecord,
    SurveyVersion,
)
from surveys import load_bank

Q3 = parse_period("2026-Q3")


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


# (listen scale 1-5, reviews yes/no/not_sure, completed?) for each 11-15 starter in the Q3 round.
Q3_ANSWERS_11_15 = [
    (5, "yes", True),
    (4, "no", True),
    (2, "yes", True),
    (3, "not_sure", True),
    (5, "yes", True),
    (1, "no", True),
    (4, "yes", True),
    (None, "yes", False),
    (2, None, False),
]
Q3_ANSWERS_16_17 = [(4, "yes", True), (5, "no", True)]
Q1_ANSWERS = [(2, "no", True), (1, "no", True), (4, "yes", True)]
LISTEN_POSITIVE = {4, 5}  # promise-11-17.yaml: listen has positive [4, 5]
REVIEWS_POSITIVE = {"yes"}  # reviews has positive [yes]


async def build(db: Database) -> dict[str, int]:
    bank = load_bank()
    ids: dict[str, int] = {}
    async with db.session() as s:
        for slug in ("promise-11-17", "check-in"):
            survey = bank.get(slug)
            row = SurveyRecord(slug=slug, title=survey.title, created_at=at("2026-01-01"))
            s.add(row)
            await s.flush()
            version = SurveyVersion(
                survey_id=row.id,
                version=1,
                content_hash="x" * 64,
                definition_json=survey.model_dump_json(),
                created_at=at("2026-01-01"),
            )
            s.add(version)
            await s.flush()
            ids[slug] = version.id  # type: ignore[assignment]
        people = []
        for n, band in enumerate(["11-15"] * 12 + ["16-17"] * 3):
            p = Participant(
                pseudonym=f"p{n}",
                channel="web",
                care_status="in_care",
                age_band=band,
                joined_on=date(2026, 1, 2),
            )
            s.add(p)
            people.append(p)
        leaver = Participant(
            pseudonym="leaver",
            channel="web",
            care_status="care_leaver",
            age_band="16-25",
            joined_on=date(2026, 1, 2),
        )
        s.add(leaver)
        await s.flush()
        q3 = Campaign(
            name="Promise summer 2026",
            survey_version_id=ids["promise-11-17"],
            cohorts_json="[]",
            opens_at=at("2026-07-10"),
            closes_at=at("2026-08-15"),
            created_at=at("2026-07-01"),
        )
        q1 = Campaign(
            name="Promise winter 2026",
            survey_version_id=ids["promise-11-17"],
            cohorts_json="[]",
            opens_at=at("2026-01-10"),
            closes_at=at("2026-02-15"),
            created_at=at("2026-01-01"),
        )
        s.add_all([q3, q1])
        await s.flush()
        for p in people:
            s.add(
                CampaignDispatch(
                    campaign_id=q3.id, participant_id=p.id, kind="invite", created_at=at("2026-07-10")
                )
            )
            s.add(
                CampaignDispatch(
                    campaign_id=q3.id, participant_id=p.id, kind="reminder1", created_at=at("2026-07-17")
                )
            )

        async def respond(campaign: Campaign, person: Participant, listen, reviews, done, day) -> None:
            r = Response(
                campaign_id=campaign.id,
                survey_version_id=ids["promise-11-17"],
                participant_id=person.id,
                care_status=person.care_status,
                age_band=person.age_band,
                status="completed" if done else "in_progress",
                started_on=day,
                completed_on=day if done else None,
            )
            s.add(r)
            await s.flush()
            if listen is not None:
                s.add(AnswerRecord(response_id=r.id, question_id="listen", value_json=json.dumps(listen)))
            if reviews is not None:
                s.add(AnswerRecord(response_id=r.id, question_id="reviews", value_json=json.dumps(reviews)))
            s.add(AnswerRecord(response_id=r.id, question_id="safe", declined=True))  # rather not say

        for person, answers in zip(people[:12], Q3_ANSWERS_11_15, strict=False):
            await respond(q3, person, *answers, date(2026, 7, 20))
        for person, answers in zip(people[12:], Q3_ANSWERS_16_17, strict=False):
            await respond(q3, person, *answers, date(2026, 7, 21))
        for person, answers in zip(people, Q1_ANSWERS, strict=False):
            await respond(q1, person, *answers, date(2026, 1, 20))
        # Check-ins: three in Q3 (life 4, 5, 2), one in Q2 that must not count.
        for person, life, day in [
            (people[0], 4, date(2026, 8, 1)),
            (people[1], 5, date(2026, 9, 30)),
            (people[2], 2, date(2026, 7, 1)),
            (people[3], 1, date(2026, 6, 30)),
        ]:
            r = Response(
                survey_version_id=ids["check-in"],
                participant_id=person.id,
                care_status="in_care",
                age_band=person.age_band,
                status="completed",
                started_on=day,
                completed_on=day,
            )
            s.add(r)
            await s.flush()
            s.add(AnswerRecord(response_id=r.id, question_id="life", value_json=json.dumps(life)))
        issues = [
            # (themes, sentiment, created, cohort person, closed_at, helped)
            (["SW"], "negative", "2026-07-05", people[0], "2026-08-01", "yes"),
            (["SW", "HEALTH"], "negative", "2026-07-06", people[1], "2026-08-02", "no"),
            (["EDU"], "positive", "2026-08-06", people[2], None, None),
            (["MONEY"], "mixed", "2026-09-06", leaver, "2026-09-20", None),
            (None, None, "2026-09-29", people[3], None, None),
            (["SW"], "neutral", "2026-05-05", people[4], "2026-07-03", "partly"),
        ]
        made = []
        for n, (themes, sentiment, created, person, closed, helped) in enumerate(issues):
            issue = Issue(
                reference=f"H-T{n}",
                participant_id=person.id,
                care_status=person.care_status,
                age_band=person.age_band,
                status="closed" if closed else "open",
                themes_json=json.dumps(themes) if themes else None,
                sentiment=sentiment,
                created_at=at(created),
                updated_at=at(created),
                closed_at=at(closed) if closed else None,
                outcome="We changed how visits are booked." if closed else None,
                helped=helped,
            )
            s.add(issue)
            made.append(issue)
        await s.flush()
        for level, day, person in [
            ("concern", "2026-07-02", people[0]),
            ("concern", "2026-08-02", leaver),
            ("urgent", "2026-09-02", people[1]),
            ("urgent", "2026-06-02", people[1]),
        ]:
            s.add(Alert(source="issue_message", participant_id=person.id, level=level, created_at=at(day)))
        s.add(
            Quote(
                issue_id=made[0].id,
                text="My social worker keeps changing.",
                theme="SW",
                age_band="11-15",
                approved_at=at("2026-08-03"),
            )
        )
        s.add(
            Quote(
                issue_id=made[5].id,
                text="Nobody rang me back.",
                theme="SW",
                age_band="11-15",
                approved_at=at("2026-05-10"),
            )
        )
    return ids


def expected_listen_and_reviews(rows: list[tuple]) -> ItemCounts:
    positive = answers = 0
    people = 0
    for listen, reviews, _done in rows:
        given = [v for v in (listen, reviews) if v is not None]
        people += 1 if given else 0
        answers += len(given)
        positive += (listen in LISTEN_POSITIVE) + (reviews in REVIEWS_POSITIVE)
    return ItemCounts(positive, answers, people)


async def test_facts_for_a_quarter(db: Database) -> None:
    await build(db)
    async with db.session() as s:
        facts = await read_facts(s, Q3)
    (round_,) = facts.rounds
    assert round_.name == "Promise summer 2026"
    assert dict(round_.counts) == {("in_care", "11-15"): (12, 9, 7), ("in_care", "16-17"): (3, 2, 2)}
    assert facts.items["CIC-LISTEN"] == expected_listen_and_reviews(Q3_ANSWERS_11_15 + Q3_ANSWERS_16_17)
    before, label = facts.items_before["CIC-LISTEN"]
    assert label == "2026-Q1"
    assert before == expected_listen_and_reviews(Q1_ANSWERS)
    assert "CIC-SAFE" not in facts.items  # only "rather not say" answers: nothing to measure
    (life,) = [q for q in facts.wellbeing if q.question_id == "life"]
    assert life.answers == 3 and dict(life.counts) == {"4": 1, "5": 1, "2": 1}
    assert len(facts.issues) == 4 and facts.untagged == 1 and len(facts.issues_before) == 1
    # Closed in Q3: two raised in Q3, the leaver's, and one raised in Q2 but closed in Q3.
    assert sorted((c.themes[0], c.helped or "-") for c in facts.closed) == [
        ("MONEY", "-"),
        ("SW", "no"),
        ("SW", "partly"),
        ("SW", "yes"),
    ]
    assert dict(facts.alerts) == {"concern": 2, "urgent": 1}
    assert [q.text for q in facts.quotes] == ["My social worker keeps changing."]


async def test_cohort_filter_narrows_every_part(db: Database) -> None:
    await build(db)
    async with db.session() as s:
        facts = await read_facts(s, Q3, CohortFilter.parse("care_leaver"))
    assert all(not r.counts for r in facts.rounds)
    assert facts.items == {}
    assert [i.themes for i in facts.issues] == [("MONEY",)]
    assert dict(facts.alerts) == {"concern": 1}
    assert facts.quotes == ()
    async with db.session() as s:
        young = await read_facts(s, Q3, CohortFilter.parse("in_care:16-17"))
    assert dict(young.rounds[0].counts) == {("in_care", "16-17"): (3, 2, 2)}
    assert young.items["CIC-LISTEN"] == expected_listen_and_reviews(Q3_ANSWERS_16_17)


async def test_tables_add_up_to_what_happened(db: Database) -> None:
    await build(db)
    taxonomy = load_taxonomy()
    async with db.session() as s:
        facts = await read_facts(s, Q3)
    responses = response_table(facts.rounds[0], facts.cohort)
    assert responses.counts == ((7, 2, 3), (2, 0, 1))  # 11-15: 7 done, 2 started, 3 never; 16-17
    priorities = priority_table(facts.issues, taxonomy)
    by_row = dict(zip(priorities.rows, priorities.counts, strict=True))
    assert by_row["Workforce"] == (2, 0, 0, 0)  # two SW issues, both negative, counted once each
    assert by_row["Education and attainment"] == (0, 0, 0, 1)
    assert by_row["Care leaver service"] == (0, 1, 0, 0)
    assert sum(map(sum, priorities.counts)) == len(facts.issues)
    outcomes = dict(zip(*(lambda t: (t.rows, t.counts))(outcome_table(facts.closed, taxonomy)), strict=True))
    assert outcomes["Workforce"] == (1, 1, 1, 0)  # yes, partly, no, not said
    assert outcomes["Care leaver service"] == (0, 0, 0, 1)


def test_change_hint_needs_big_enough_bases() -> None:
    big_up = change_hint(ItemCounts(80, 100, 100), ItemCounts(50, 100, 100))
    same = change_hint(ItemCounts(52, 100, 100), ItemCounts(50, 100, 100))
    small = change_hint(ItemCounts(20, 20, 20), ItemCounts(0, 20, 20))
    assert (big_up, same, small) == ("likely real change", "could be chance", None)


@pytest.mark.parametrize("text", ["2026-Q5", "Q3-2026", "summer"])
def test_bad_periods_are_refused_with_the_right_form(text: str) -> None:
    with pytest.raises(ValueError, match="2026-Q3"):
        parse_period(text)
