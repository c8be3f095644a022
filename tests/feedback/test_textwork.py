"""Free text is anonymised and tagged in the background; until then staff outputs can't see it."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

from sqlmodel import select, update

from bot.textworker import TextWorker
from feedback import textwork
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.models import AnswerRecord, Issue, IssueMessage, Response, SurveyRecord, SurveyVersion
from feedback.textwork import PendingText, PipelineConfig, ProcessedText

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
RAW = "my social worker karen keeps cancelling and i never see my brother, text me on 07700 900123"


async def _seed(db: Database, sealer: Sealer) -> None:
    async with db.session() as session:
        issue = Issue(
            reference="H-AB12", care_status="in_care", age_band="16-17", created_at=NOW, updated_at=NOW
        )
        session.add(issue)
        await session.flush()
        session.add(
            IssueMessage(
                issue_id=issue.id or 0, author="young_person", text_sealed=sealer.seal(RAW), created_at=NOW
            )
        )
        survey = SurveyRecord(slug="check-in", title="Check-in", created_at=NOW)
        session.add(survey)
        await session.flush()
        version = SurveyVersion(
            survey_id=survey.id or 0, version=1, content_hash="x", definition_json="{}", created_at=NOW
        )
        session.add(version)
        await session.flush()
        response = Response(
            survey_version_id=version.id or 0,
            care_status="in_care",
            age_band="16-17",
            started_on=date(2026, 11, 22),
        )
        session.add(response)
        await session.flush()
        session.add(
            AnswerRecord(
                response_id=response.id or 0,
                question_id="anything_else",
                text_sealed=sealer.seal("I love my foster carers, they are amazing"),
                redaction_status="pending",
            )
        )


async def test_worker_stores_redacted_text_and_themes(db: Database, sealer: Sealer) -> None:
    await _seed(db, sealer)
    with ThreadPoolExecutor(max_workers=1) as executor:
        worker = TextWorker(db, sealer, PipelineConfig(), executor)
        assert await worker.run_once() == 2
        assert await worker.run_once() == 0
    async with db.session() as session:
        message = (await session.exec(select(IssueMessage))).one()
        issue = (await session.exec(select(Issue))).one()
        answer = (await session.exec(select(AnswerRecord))).one()
    assert message.redaction_status == "done"
    assert message.text_anonymised is not None
    assert "karen" not in message.text_anonymised.lower()
    assert "07700" not in message.text_anonymised
    assert "social worker" in message.text_anonymised
    assert sealer.open(message.text_sealed or "") == RAW
    assert set(json.loads(issue.themes_json or "[]")) & {"SW", "FAMILY"}
    assert answer.redaction_status == "done" and answer.text_redacted
    assert answer.sentiment == "positive"


async def _seed_messages(db: Database, sealer: Sealer, count: int) -> None:
    """Add ``count`` pending issue messages (one issue) and as many pending survey answers."""
    await _seed(db, sealer)
    async with db.session() as session:
        issue = (await session.exec(select(Issue))).one()
        response = (await session.exec(select(Response))).one()
        for n in range(count - 1):
            session.add(
                IssueMessage(
                    issue_id=issue.id or 0,
                    author="young_person",
                    text_sealed=sealer.seal(f"message {n}"),
                    created_at=NOW,
                )
            )
            session.add(
                AnswerRecord(
                    response_id=response.id or 0,
                    question_id=f"q{n}",
                    text_sealed=sealer.seal(f"answer {n}"),
                    redaction_status="pending",
                )
            )


def _recording(
    seen: list[tuple[str, int]], lock: threading.Lock
) -> Callable[[PipelineConfig, Sequence[PendingText]], list[ProcessedText]]:
    """A stand-in for the pipeline that notes every text it is given (and takes its time)."""

    def process(_config: PipelineConfig, items: Sequence[PendingText]) -> list[ProcessedText]:
        with lock:
            seen.extend((item.source, item.row_id) for item in items)
        time.sleep(0.02)
        return [ProcessedText(i.source, i.row_id, i.text.upper(), (), "neutral") for i in items]

    return process


async def test_two_workers_on_one_database_never_process_the_same_text(db: Database, sealer: Sealer) -> None:
    """Two replicas' text workers: each pending text is claimed, anonymised and stored by exactly one."""
    await _seed_messages(db, sealer, 30)
    seen: list[tuple[str, int]] = []
    process = _recording(seen, threading.Lock())
    with ThreadPoolExecutor(max_workers=2) as executor:
        workers = [
            TextWorker(db, sealer, PipelineConfig(), executor, batch_size=4, process=process, claimant=owner)
            for owner in (101, 202)
        ]

        async def drain(worker: TextWorker) -> int:
            handled = 0
            while done := await worker.run_once():
                handled += done
            return handled

        counts = await asyncio.gather(*(drain(w) for w in workers))
    assert sum(counts) == 60 and all(counts), "both worked, and between them stored every text once"
    assert len(seen) == len(set(seen)) == 60, "no text was given to the pipeline twice"
    async with db.session() as session:
        messages = (await session.exec(select(IssueMessage))).all()
        answers = (await session.exec(select(AnswerRecord))).all()
        assert await textwork.pending_count(session) == 0
    assert {(m.redaction_status, m.claimed_by) for m in messages} == {("done", None)}
    assert {(a.redaction_status, a.claimed_by) for a in answers} == {("done", None)}


async def test_a_worker_takes_its_own_claims_again_after_a_failed_batch(db: Database, sealer: Sealer) -> None:
    await _seed(db, sealer)
    async with db.session() as session:
        first = await textwork.claim(session, sealer, owner=7)
    assert len(first) == 2
    async with db.session() as session:  # the batch failed: the texts stay claimed by 7
        assert await textwork.claim(session, sealer, owner=8) == []
        assert await textwork.claimants(session) == {7}
        again = await textwork.claim(session, sealer, owner=7)
    assert again == first


async def test_a_text_forgotten_or_taken_over_while_in_hand_is_not_stored(
    db: Database, sealer: Sealer
) -> None:
    """Found while adding claims: a result stored after "forget me" brought the redacted words back."""
    await _seed(db, sealer)
    async with db.session() as session:
        claimed = await textwork.claim(session, sealer, owner=7)
        # The answer is forgotten meanwhile; the message's claim goes to another process.
        await session.execute(update(AnswerRecord).values(redaction_status="forgotten", text_sealed=None))
        await textwork.release(session, owner=7)
        assert await textwork.claim(session, sealer, owner=8) == [claimed[0]]
    results = [ProcessedText(t.source, t.row_id, "REDACTED", (), "neutral") for t in claimed]
    async with db.session() as session:
        assert await textwork.mark_done(session, results, owner=7) == 0
    async with db.session() as session:
        message = (await session.exec(select(IssueMessage))).one()
        answer = (await session.exec(select(AnswerRecord))).one()
    assert (message.redaction_status, message.claimed_by, message.text_anonymised) == ("pending", 8, None)
    assert (answer.redaction_status, answer.text_redacted) == ("forgotten", None)
