"""Free text is anonymised and tagged in the background; until then staff outputs can't see it."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

from sqlmodel import select

from bot.textworker import TextWorker
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.models import Answer, Issue, IssueMessage, Response, Survey, SurveyVersion
from feedback.textwork import PipelineConfig

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
        survey = Survey(slug="check-in", title="Check-in", created_at=NOW)
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
            Answer(
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
        answer = (await session.exec(select(Answer))).one()
    assert message.redaction_status == "done"
    assert message.text_anonymised is not None
    assert "karen" not in message.text_anonymised.lower()
    assert "07700" not in message.text_anonymised
    assert "social worker" in message.text_anonymised
    assert sealer.open(message.text_sealed or "") == RAW
    assert set(json.loads(issue.themes_json or "[]")) & {"SW", "FAMILY"}
    assert answer.redaction_status == "done" and answer.text_redacted
    assert answer.sentiment == "positive"
