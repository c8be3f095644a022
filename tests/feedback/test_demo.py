"""The demo council: deterministic, stored like real data, refuses to mix with existing data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.demo import DemoNotEmpty, seed_demo
from feedback.models import (
    Alert,
    Answer,
    BoardPaper,
    BoardPaperFile,
    Issue,
    IssueMessage,
    Participant,
    table_of,
)
from feedback.papers import draft_paper

TODAY = date(2026, 11, 22)


async def _fingerprint(db: Database) -> tuple:
    async with db.session() as s:
        counts = []
        for model in (Participant, Answer, Issue, Alert):
            counts.append((await s.execute(select(func.count()).select_from(table_of(model)))).scalar_one())
        answers = (
            await s.execute(
                select(table_of(Answer).c.question_id, table_of(Answer).c.value_json).order_by(
                    table_of(Answer).c.id
                )
            )
        ).all()
    return tuple(counts), [tuple(a) for a in answers]


async def test_seed_is_deterministic_and_stored_like_real_data(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser, tmp_path
) -> None:
    summary = await seed_demo(db, sealer=sealer, pseudonymiser=pseudonymiser, today=TODAY, scale=0.1)
    assert summary.report_period == "2026-Q3"
    assert summary.participants == 82 and summary.issues > 0 and summary.answers > 0
    first = await _fingerprint(db)
    with pytest.raises(DemoNotEmpty):
        await seed_demo(db, sealer=sealer, pseudonymiser=pseudonymiser, today=TODAY, scale=0.1)
    await seed_demo(db, sealer=sealer, pseudonymiser=pseudonymiser, today=TODAY, scale=0.1, force=True)
    assert await _fingerprint(db) == first
    async with db.session() as s:
        query = select(IssueMessage).where(IssueMessage.author == "young_person")
        messages = (await s.execute(query)).scalars().all()
    assert messages and all(m.redaction_status == "done" for m in messages)
    assert all(sealer.open(m.text_sealed) == m.text_anonymised for m in messages[:20])  # type: ignore[arg-type]


async def test_a_paper_can_be_drafted_from_the_demo(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    await seed_demo(db, sealer=sealer, pseudonymiser=pseudonymiser, today=TODAY, scale=0.1)
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    paper = await draft_paper(db, period="2026-Q3", now=now, created_by="test", formats=("html", "csv"))
    async with db.session() as s:
        stored = await s.get(BoardPaper, paper.id)
        query = select(BoardPaperFile).where(BoardPaperFile.paper_id == paper.id)
        files = (await s.execute(query)).scalars().all()
    assert stored is not None and stored.status == "draft" and stored.period == "2026-Q3"
    assert stored.content_json and "voice of children in care" in stored.content_json
    assert sorted(f.format for f in files) == ["csv", "html"]
    html = next(f for f in files if f.format == "html").content.decode()
    assert "7. Themes" in html and "c</td>" in html  # a tenth-size council has plenty of small numbers
