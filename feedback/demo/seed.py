"""A realistic synthetic council, so a newcomer sees a full board paper on day one.

Deterministic for a given seed and date. Free text is stored exactly as real
text is: raw sealed, anonymised copy set, redaction marked done.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.aggregate.period import Period, quarter_of
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.demo.texts import ALERTS, FREE_TEXT, ISSUES, REPLY
from feedback.models import (
    Alert,
    Answer,
    Campaign,
    CampaignDispatch,
    ConversationState,
    Invite,
    Issue,
    IssueMessage,
    JoinAttempt,
    Participant,
    Quote,
    Response,
    Survey,
    SurveyVersion,
    table_of,
)
from surveys import Survey as SurveyDefinition
from surveys import fingerprint, load_bank

__all__ = ["COHORT_SIZES", "DemoNotEmpty", "DemoSummary", "seed_demo"]

COHORT_SIZES: dict[tuple[str, str], int] = {
    ("in_care", "8-10"): 110,
    ("in_care", "11-15"): 250,
    ("in_care", "16-17"): 140,
    ("care_leaver", "16-25"): 320,
}
RESPONSE_RATE = {"8-10": 0.48, "11-15": 0.42, "16-17": 0.36, "16-25": 0.31}
ROUND_SURVEYS = {("in_care", "8-10"): "promise-8-10", ("in_care", "11-15"): "promise-11-17",
                 ("in_care", "16-17"): "promise-11-17", ("care_leaver", "16-25"): "charter-16-25"}
ISSUES_PER_QUARTER = 95
_REFERENCE = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
_CLEARED = (Quote, Alert, IssueMessage, Issue, Answer, Response, CampaignDispatch, Invite, Campaign,
            SurveyVersion, Survey, ConversationState, JoinAttempt, Participant)


# Bulk inserts need the same keys in every row.
_BLANK_ANSWER: dict[str, Any] = {
    "value_json": None, "declined": False, "text_sealed": None, "text_redacted": None, "themes_json": None,
    "sentiment": None, "risk_level": None, "redaction_status": "none", "sealed_on": None,
}


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


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 21), rng.randint(0, 59)), tzinfo=UTC)


def _day_in(period: Period, rng: random.Random, *, until: date | None = None) -> date:
    last = min(period.last, until) if until else period.last
    return period.start + timedelta(days=rng.randint(0, max(0, (last - period.start).days)))


async def _insert(session: AsyncSession, model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    table = table_of(model)
    result = await session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), list(rows)
    )
    return [int(r[0]) for r in result.all()]


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


class _Seeder:
    def __init__(self, session: AsyncSession, sealer: Sealer, pseudonymiser: Pseudonymiser,
                 today: date, rng: random.Random, progress: Callable[[str], None], scale: float) -> None:
        self.s, self.sealer, self.pseudo, self.today, self.rng = session, sealer, pseudonymiser, today, rng
        self.say = progress
        self.scale = scale
        self.report = quarter_of(today).previous()
        self.counts = {"responses": 0, "answers": 0, "issues": 0, "alerts": 0, "quotes": 0}

    async def surveys(self) -> dict[str, tuple[int, SurveyDefinition]]:
        bank = load_bank()
        now = datetime.combine(self.report.start - timedelta(days=400), time(), tzinfo=UTC)
        found = {}
        for survey in bank.surveys:
            survey_ids = await _insert(self.s, Survey, [{"slug": survey.id, "title": survey.title,
                                                         "created_at": now}])
            (version_id,) = await _insert(self.s, SurveyVersion, [{
                "survey_id": survey_ids[0], "version": survey.version, "content_hash": fingerprint(survey),
                "definition_json": survey.model_dump_json(), "created_at": now}])
            found[survey.id] = (version_id, survey)
        return found

    async def participants(self) -> dict[tuple[str, str], list[int]]:
        joined = self.report.start - timedelta(days=420)
        rows, keys = [], []
        for (status, band), size in COHORT_SIZES.items():
            for _ in range(max(1, round(size * self.scale))):
                channel = "web" if band in ("8-10", "11-15") else "telegram"
                rows.append({
                    "pseudonym": self.pseudo.pseudonym(channel, str(self.rng.getrandbits(48))),
                    "channel": channel, "care_status": status, "age_band": band,
                    "chat_id_sealed": self.sealer.seal(str(self.rng.getrandbits(40))),
                    "language": "en", "easy_read": band == "8-10" and self.rng.random() < 0.4,
                    "consent_version": "1", "consented_at": _at(joined, self.rng),
                    "joined_on": joined + timedelta(days=self.rng.randint(0, 60)),
                    "last_seen_on": self.today - timedelta(days=self.rng.randint(0, 90)), "paused": False,
                })
                keys.append((status, band))
        ids = await _insert(self.s, Participant, rows)
        cohorts: dict[tuple[str, str], list[int]] = {}
        for key, pid in zip(keys, ids, strict=True):
            cohorts.setdefault(key, []).append(pid)
        return cohorts

    async def round_(self, index: int, period: Period, surveys: dict[str, tuple[int, SurveyDefinition]],
                     cohorts: dict[tuple[str, str], list[int]]) -> None:
        opens = period.start + timedelta(days=14)
        closes = opens + timedelta(days=35)
        for slug in ("promise-8-10", "promise-11-17", "charter-16-25"):
            version_id, survey = surveys[slug]
            members = [(key, pid) for key, ids in cohorts.items() if ROUND_SURVEYS[key] == slug
                       for pid in ids]
            (campaign_id,) = await _insert(self.s, Campaign, [{
                "name": f"{survey.title}, {period.label}", "survey_version_id": version_id,
                "cohorts_json": json.dumps(sorted({f"{s}:{b}" for (s, b), _ in members})),
                "opens_at": _at(opens, self.rng), "closes_at": _at(closes, self.rng),
                "reminder_days_json": "[7, 14]", "status": "closed", "created_at": _at(opens, self.rng),
                "created_by": "demo", "closed_at": _at(closes, self.rng)}])
            dispatches: list[dict[str, Any]] = []
            responses: list[dict[str, Any]] = []
            plans: list[tuple[bool, date]] = []
            for (status, band), pid in members:
                dispatches.append({"campaign_id": campaign_id, "participant_id": pid, "kind": "invite",
                                   "created_at": _at(opens, self.rng)})
                rate = RESPONSE_RATE[band] + 0.03 * index
                roll = self.rng.random()
                if roll > rate + 0.08:
                    reminded = _at(opens + timedelta(days=7), self.rng)
                    dispatches.append({"campaign_id": campaign_id, "participant_id": pid,
                                       "kind": "reminder1", "created_at": reminded})
                    continue
                done = roll <= rate
                started = opens + timedelta(days=self.rng.randint(0, 30))
                responses.append({"campaign_id": campaign_id, "survey_version_id": version_id,
                                  "participant_id": pid, "care_status": status, "age_band": band,
                                  "language": "en", "status": "completed" if done else "in_progress",
                                  "started_on": started, "completed_on": started if done else None})
                plans.append((done, started))
            await _insert(self.s, CampaignDispatch, dispatches)
            response_ids = await _insert(self.s, Response, responses)
            answers = []
            for response_id, (done, day) in zip(response_ids, plans, strict=True):
                answers += self._answers(survey, response_id, done, index, day)
            await _insert(self.s, Answer, answers)
            self.counts["responses"] += len(response_ids)
            self.counts["answers"] += len(answers)

    def _answers(self, survey: SurveyDefinition, response_id: int, done: bool, index: int,
                 day: date) -> list[dict[str, Any]]:
        rows = []
        questions = [q for q in survey.questions if q.answerable]
        if not done:
            questions = questions[: self.rng.randint(1, max(1, len(questions) // 2))]
        for q in questions:
            row: dict[str, Any] = {"response_id": response_id, "question_id": q.id, **_BLANK_ANSWER}
            if q.kind == "free_text":
                if self.rng.random() > 0.25:
                    continue
                text, themes, sentiment = self.rng.choice(FREE_TEXT)
                row.update(text_sealed=self.sealer.seal(text), text_redacted=text,
                           themes_json=json.dumps(list(themes)), sentiment=sentiment, risk_level="none",
                           redaction_status="done", sealed_on=day)
            elif self.rng.random() < 0.06:
                row["declined"] = True
            else:
                p = _kept(q.promise or q.id.upper(), index)
                row["value_json"] = json.dumps(_answer_value(q, p, self.rng))
            rows.append(row)
        return rows

    async def check_ins(self, period: Period, version: tuple[int, SurveyDefinition],
                        everyone: list[tuple[tuple[str, str], int]]) -> None:
        version_id, survey = version
        chosen = self.rng.sample(everyone, k=min(len(everyone), round(230 * self.scale)))
        responses, days = [], []
        for (status, band), pid in chosen:
            day = _day_in(period, self.rng, until=self.today)
            days.append(day)
            responses.append({"survey_version_id": version_id, "participant_id": pid,
                              "care_status": status, "age_band": band, "status": "completed",
                              "started_on": day, "completed_on": day})
        ids = await _insert(self.s, Response, responses)
        answers = []
        for rid, day in zip(ids, days, strict=True):
            answers += self._answers(survey, rid, True, 1, day)
        await _insert(self.s, Answer, answers)
        self.counts["responses"] += len(ids)
        self.counts["answers"] += len(answers)

    async def issues(self, period: Period, everyone: list[tuple[tuple[str, str], int]], boost: bool) -> None:
        themes = list(ISSUES)
        weights = [3.0 if boost and t in ("SW", "MONEY", "HOUSE") else 1.0 for t in themes]
        for _ in range(round((ISSUES_PER_QUARTER + (25 if boost else 0)) * self.scale)):
            (status, band), pid = self.rng.choice(everyone)
            theme = self.rng.choices(themes, weights)[0]
            text, sentiment, outcome, quotable = self.rng.choice(ISSUES[theme])
            extra = self.rng.choice([t for t in themes if t != theme]) if self.rng.random() < 0.3 else None
            created = _at(_day_in(period, self.rng, until=self.today), self.rng)
            fate = self.rng.random()
            closed_at = created + timedelta(days=self.rng.randint(3, 40))
            closed = fate < 0.7 and closed_at.date() <= self.today
            status_now = "closed" if closed else ("withdrawn" if fate > 0.93 else "replied")
            helped = self.rng.choices(["yes", "partly", "no", None], [50, 20, 15, 15])[0] if closed else None
            issue = Issue(
                reference="H-" + "".join(self.rng.choices(_REFERENCE, k=6)), participant_id=pid,
                care_status=status, age_band=band, topic=theme.lower(), status=status_now,
                themes_json=json.dumps([theme] + ([extra] if extra else [])), sentiment=sentiment,
                risk_level="none", created_at=created, updated_at=closed_at if closed else created,
                closed_at=closed_at if closed else None, outcome=outcome if closed else None,
                helped=helped,
            )
            self.s.add(issue)
            await self.s.flush()
            assert issue.id is not None
            message = IssueMessage(issue_id=issue.id, author="young_person",
                                   text_sealed=self.sealer.seal(text), text_anonymised=text,
                                   themes_json=issue.themes_json, sentiment=sentiment,
                                   risk_level="none", redaction_status="done", created_at=created,
                                   sealed_on=created)
            self.s.add(message)
            self.s.add(IssueMessage(issue_id=issue.id, author="worker", text_sealed=self.sealer.seal(REPLY),
                                    text_anonymised=REPLY, redaction_status="done",
                                    created_at=created + timedelta(days=1)))
            await self.s.flush()
            if quotable and self.rng.random() < 0.12:
                self.s.add(Quote(issue_id=issue.id, issue_message_id=message.id, text=text, theme=theme,
                                 age_band=band, approved_at=created + timedelta(days=2)))
                self.counts["quotes"] += 1
            self.counts["issues"] += 1

    async def alerts(self, period: Period, everyone: list[tuple[tuple[str, str], int]]) -> None:
        for _ in range(self.rng.randint(3, 6)):
            (_cohort, pid) = self.rng.choice(everyone)
            text, level, categories = self.rng.choice(ALERTS)
            at = _at(_day_in(period, self.rng, until=self.today), self.rng)
            self.s.add(Alert(source="conversation", participant_id=pid, level=level,
                             categories_json=json.dumps(list(categories)), text_sealed=self.sealer.seal(text),
                             created_at=at, notified_at=at + timedelta(minutes=1),
                             acknowledged_at=at + timedelta(minutes=self.rng.randint(5, 90)),
                             action_note="Contacted the out-of-hours team; young person safe."))
            self.counts["alerts"] += 1


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
    """Return what was seeded: a council of 820 young people, three survey rounds, issues and alerts.

    Refuses (``DemoNotEmpty``) when participants exist, unless ``force``, which
    first clears young people's data (staff accounts and the audit log stay).
    ``scale`` shrinks the council (tests use a tenth).
    """
    say = progress or (lambda _step: None)
    rng = random.Random(seed)
    async with db.session() as session:
        counted = await session.execute(select(func.count()).select_from(table_of(Participant)))
        existing = counted.scalar_one()
        if existing and not force:
            raise DemoNotEmpty(f"the database already has {existing} participants")
        if existing:
            say("clearing the existing data")
            for model in _CLEARED:
                await session.execute(delete(table_of(model)))
    async with db.session() as session:
        seeder = _Seeder(session, sealer, pseudonymiser, today, rng, say, scale)
        say("installing the shipped surveys")
        surveys = await seeder.surveys()
        say(f"adding {round(sum(COHORT_SIZES.values()) * scale)} young people")
        cohorts = await seeder.participants()
        everyone = [(key, pid) for key, ids in cohorts.items() for pid in ids]
        report = seeder.report
        rounds = [report.previous().previous().previous().previous(), report.previous().previous(), report]
        for index, period in enumerate(rounds):
            say(f"survey round {index + 1} of {len(rounds)} ({period.label})")
            await seeder.round_(index, period, surveys, cohorts)
        quarters = [report.previous().previous().previous(), report.previous().previous(), report.previous(),
                    report, quarter_of(today)]
        for index, period in enumerate(quarters):
            say(f"check-ins, issues and alerts for {period.label}")
            await seeder.check_ins(period, surveys["check-in"], everyone)
            await seeder.issues(period, everyone, boost=index >= 3)
            await seeder.alerts(period, everyone)
    c = seeder.counts
    return DemoSummary(participants=len(everyone), rounds=len(rounds) * 3, responses=c["responses"],
                       answers=c["answers"], issues=c["issues"], alerts=c["alerts"], quotes=c["quotes"],
                       report_period=report.label)
