"""An approved quote sits in the paper under its issue's or comment's theme as corrected after approval."""

from __future__ import annotations

from datetime import UTC, datetime

from anonymiser.themes.taxonomy import load_taxonomy
from feedback import comments, issues
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.issues import Written
from feedback.papers import PaperContent
from feedback.papers.draft import paper_content
from tests.feedback.test_comments import _comments
from tests.feedback.test_issues_workflow import _anonymise, _person, _worker

APPROVED = datetime(2026, 11, 20, 9, tzinfo=UTC)
CORRECTED = datetime(2026, 11, 21, 9, tzinfo=UTC)
DRAFTED = datetime(2026, 12, 5, 10, tzinfo=UTC)
SAID = "nobody helps me with my homework"
WROTE = "my school is ok 11-15 0"  # one of the comments the comments tests seed


def filed(content: PaperContent) -> dict[str, tuple[str, str | None]]:
    """Return each quote's words with the priority and theme the paper files it under."""
    return {q.text: (f.priority, q.theme) for f in content.findings for q in f.quotes}


async def test_a_quote_is_filed_under_its_source_s_theme_after_a_correction(
    db: Database, sealer: Sealer
) -> None:
    taxonomy = load_taxonomy()
    known = {t.code for t in taxonomy}
    _, comment_ids = await _comments(db)
    pid = await _person(db, sealer)
    worker = await _worker(db)
    async with db.session() as session:
        raised = await issues.raise_issue(
            session, sealer=sealer, participant_id=pid, now=APPROVED, topic="SW", messages=[Written(SAID)]
        )
    await _anonymise(db, raised.message_ids[0], SAID, ["SW"])
    answer_id = comment_ids["11-15/0"]
    async with db.session() as session:
        # Both tagged as about the social worker when their quotes are approved...
        await issues.tag(session, reference=raised.reference, themes=["SW"], known=known, now=APPROVED)
        await issues.approve_quote(
            session,
            reference=raised.reference,
            message_id=raised.message_ids[0],
            sentence=SAID,
            staff=worker,
            now=APPROVED,
        )
        await comments.correct_comment_themes(
            session, answer_id=answer_id, themes=["SW"], known=known, now=APPROVED
        )
        await comments.approve_comment_quote(
            session, answer_id=answer_id, sentence=WROTE, staff=worker, now=APPROVED
        )
    before = await paper_content(db, period="2026-Q4", now=DRAFTED)
    async with db.session() as session:
        # ...then a worker sees both are about school.
        await issues.tag(session, reference=raised.reference, themes=["EDU"], known=known, now=CORRECTED)
        await comments.correct_comment_themes(
            session, answer_id=answer_id, themes=["EDU", "FAMILY"], known=known, now=CORRECTED
        )
    after = await paper_content(db, period="2026-Q4", now=DRAFTED)

    workforce = taxonomy.theme("SW").corporate_parenting_priority
    school = taxonomy.theme("EDU").corporate_parenting_priority
    assert workforce != school
    social_worker = (workforce, "Social worker / PA relationship & continuity")
    assert filed(before) == {SAID: social_worker, WROTE: social_worker}
    assert filed(after) == {SAID: (school, "Education & school"), WROTE: (school, "Education & school")}
