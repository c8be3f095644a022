"""Time a board paper from 100,000 survey answers and 20,000 issues: aggregation and all formats.

Run from the repository root: ``.venv/bin/python -m bench.report.run``. The data
is generated straight into a fresh SQLite database (not timed); the paper is
then read, disclosure-controlled and rendered to DOCX, HTML and PDF (timed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from anonymiser.themes.taxonomy import load_taxonomy
from feedback.aggregate import parse_period, read_facts
from feedback.db import Database
from feedback.migrate import upgrade
from feedback.models import (
    AnswerRecord,
    Campaign,
    Issue,
    Participant,
    Response,
    SurveyRecord,
    SurveyVersion,
    table_of,
)
from feedback.papers import build_content, render_paper
from surveys import load_bank

PERIOD = parse_period("2026-Q3")
BANDS = [("in_care", "11-15"), ("in_care", "16-17")]


async def _ids(session: Any, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    table = table_of(model)
    result = await session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [int(r[0]) for r in result.all()]


async def generate(db: Database, answers: int, issues: int, rng: random.Random) -> None:
    survey = load_bank().get("promise-11-17")
    closed = [q for q in survey.questions if q.closed]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    async with db.session() as s:
        (sid,) = await _ids(s, SurveyRecord, [{"slug": survey.id, "title": survey.title, "created_at": now}])
        definition = survey.model_dump_json()
        (vid,) = await _ids(
            s,
            SurveyVersion,
            [
                {
                    "survey_id": sid,
                    "version": 1,
                    "content_hash": "0" * 64,
                    "definition_json": definition,
                    "created_at": now,
                }
            ],
        )
        people = await _ids(
            s,
            Participant,
            [
                {
                    "pseudonym": f"p{i}",
                    "channel": "web",
                    "care_status": BANDS[i % 2][0],
                    "age_band": BANDS[i % 2][1],
                    "joined_on": date(2025, 1, 1),
                }
                for i in range(8000)
            ],
        )
        per_response = len(closed)
        responses_needed = answers // per_response + 1
        for closes in (datetime(2026, 8, 20, tzinfo=UTC), datetime(2026, 2, 20, tzinfo=UTC)):
            (cid,) = await _ids(
                s,
                Campaign,
                [
                    {
                        "name": f"Round {closes:%Y-%m}",
                        "survey_version_id": vid,
                        "cohorts_json": "[]",
                        "opens_at": closes - timedelta(days=30),
                        "closes_at": closes,
                        "created_at": now,
                    }
                ],
            )
            count = responses_needed if closes.month == 8 else responses_needed // 4
            who = rng.sample(range(len(people)), k=min(count, len(people)))
            rids = await _ids(
                s,
                Response,
                [
                    {
                        "campaign_id": cid,
                        "survey_version_id": vid,
                        "participant_id": people[i],
                        "care_status": BANDS[i % 2][0],
                        "age_band": BANDS[i % 2][1],
                        "status": "completed",
                        "started_on": closes.date() - timedelta(days=5),
                        "completed_on": closes.date(),
                    }
                    for i in who
                ],
            )
            rows: list[dict[str, Any]] = []
            for rid in rids:
                for q in closed:
                    if len(rows) >= answers and closes.month == 8:
                        break
                    rows.append(
                        {
                            "response_id": rid,
                            "question_id": q.id,
                            "value_json": json.dumps(rng.choice(list(q.answer_codes()))),
                        }
                    )
            for start in range(0, len(rows), 20000):
                await s.execute(insert(table_of(AnswerRecord)), rows[start : start + 20000])
        codes = list(load_taxonomy().codes)
        rows = []
        for n in range(issues):
            created = datetime(2026, 4, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 180 * 24 * 60))
            done = rng.random() < 0.6
            rows.append(
                {
                    "reference": f"H-{n:06d}",
                    "care_status": "in_care",
                    "age_band": "11-15",
                    "status": "closed" if done else "open",
                    "themes_json": json.dumps(rng.sample(codes, k=rng.randint(1, 3))),
                    "sentiment": rng.choice(["negative", "mixed", "neutral", "positive"]),
                    "risk_level": "none",
                    "created_at": created,
                    "updated_at": created,
                    "closed_at": created + timedelta(days=7) if done else None,
                    "outcome": "Done." if done else None,
                    "helped": rng.choice(["yes", "partly", "no", None]) if done else None,
                }
            )
        for start in range(0, len(rows), 5000):
            await s.execute(insert(table_of(Issue)), rows[start : start + 5000])


async def main(answers: int, issues: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        await upgrade(db)
        start = time.perf_counter()
        await generate(db, answers, issues, random.Random(8))
        print(
            f"generated {answers:,} answers and {issues:,} issues in {time.perf_counter() - start:.1f}s "
            "(not timed below)"
        )
        total = time.perf_counter()
        async with db.session() as s:
            facts = await read_facts(s, PERIOD)
        read = time.perf_counter() - total
        mark = time.perf_counter()
        content = build_content(facts, load_taxonomy(), council="Bench", generated_on=date(2026, 10, 1))
        built = time.perf_counter() - mark
        marks: list[tuple[str, float]] = [("start", time.perf_counter())]
        render_paper(content, ("docx", "html", "pdf"), lambda step: marks.append((step, time.perf_counter())))
        marks.append(("end", time.perf_counter()))
        timings = {name: later - at for (name, at), (_, later) in pairwise(marks[1:])}
        await db.dispose()
    elapsed = time.perf_counter() - total
    print(
        f"read facts {read:.2f}s; disclosure control and wording {built:.2f}s; "
        + "; ".join(f"{k}: {v:.2f}s" for k, v in timings.items())
    )
    print(f"TOTAL aggregate + render all three formats: {elapsed:.1f}s (budget 30s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--issues", type=int, default=20_000)
    options = parser.parse_args()
    asyncio.run(main(options.answers, options.issues))
