"""The demo council: deterministic, stored like real data, read back by the services, refuses to mix."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from feedback import campaigns, comments, textwork
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.demo import DemoNotEmpty, seed_demo
from feedback.issues import get_thread, list_issues
from feedback.models import (
    Alert,
    AnswerRecord,
    BoardPaper,
    BoardPaperFile,
    Issue,
    IssueMessage,
    Participant,
    table_of,
)
from feedback.papers import draft_paper
from feedback.staff import list_staff

TODAY = date(2026, 11, 22)


async def _fingerprint(db: Database) -> tuple:
    async with db.session() as s:
        counts = []
        for model in (Participant, AnswerRecord, Issue, Alert):
            counts.append((await s.execute(select(func.count()).select_from(table_of(model)))).scalar_one())
        answers = (
            await s.execute(
                select(table_of(AnswerRecord).c.question_id, table_of(AnswerRecord).c.value_json).order_by(
                    table_of(AnswerRecord).c.id
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


async def test_the_demo_reads_back_through_the_services_the_cli_and_portal_use(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    summary = await seed_demo(db, sealer=sealer, pseudonymiser=pseudonymiser, today=TODAY, scale=0.1)
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    async with db.session() as s:
        rounds = await campaigns.list_rounds(s)
        assert len(rounds) == summary.rounds == 14, "three quarters of three surveys, five check-ins"
        assert {r.state(now) for r in rounds} == {"closed"}, "nothing in the demo may invite anyone"
        promise = next(r for r in rounds if r.survey_id == "promise-11-17")
        assert [str(c) for c in promise.cohorts] == ["in_care 11-15", "in_care 16-17"]
        counts = await campaigns.response_counts(s, promise)
        assert counts.total.invited == 39 and 0 < counts.total.completed <= counts.total.started
        assert await textwork.pending_count(s) == 0, "every free text has been anonymised"
        # "What would help?" after a promise not kept ties comments to promises, so staff can filter by one.
        offered = {code for code, _ in (await comments.comment_choices(s)).promises}
        assert offered == {
            *("CIC-LISTEN", "CIC-SOCIAL-WORKER", "CIC-HEALTH"),
            *("CLC-LISTEN", "CLC-HOME", "CLC-CHAMPION"),
        }
        for code in offered:
            found = await comments.list_comments(s, comments.CommentFilter(promise=code))
            assert found and {c.promise for c in found} == {code}, code

        issues = await list_issues(s, status="all", limit=1000)
        assert len(issues) == summary.issues
        assert {i.status for i in issues} >= {"replied", "closed", "withdrawn"}
        closed = next(i for i in issues if i.status == "closed")
        thread = await get_thread(s, closed.reference)
        assert thread is not None and thread.outcome and thread.summary.themes
        assert [m.author for m in thread.messages][:2] == ["young_person", "worker"]
        assert thread.messages[1].staff_name == "Demo participation worker"

        alerts = (await s.execute(select(Alert))).scalars().all()
        assert alerts and all(a.acknowledged_at and a.notified_at and a.acknowledged_by for a in alerts)
        staff = {a.username: a for a in await list_staff(s)}
    assert {"demo-worker", "demo-lead"} <= set(staff) and not staff["demo-worker"].active
