"""Survey comments for staff: anonymised words only, small groups unnamed; corrections, quotes, actions."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from feedback import comments
from feedback.db import Database
from feedback.models import AnswerRecord, Issue, Response
from feedback.staff import Passwords, Role, StaffAccount, add_staff
from feedback.theme_corrections import list_corrections
from tests.feedback.rounds import install_bank, make_round

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
KNOWN = {"SCHOOL", "SW", "FAMILY", "PLACE"}


async def _comments(db: Database) -> tuple[int, dict[str, int]]:
    """A round with twelve 11-15s (one comment each, one still pending) and three 16-17s (one comment)."""
    await install_bank(db, NOW)
    created = await make_round(
        db,
        datetime(2026, 10, 20, tzinfo=UTC),
        opens_at=datetime(2026, 11, 1, tzinfo=UTC),
        closes_at=datetime(2026, 11, 28, tzinfo=UTC),
    )
    ids: dict[str, int] = {}
    async with db.session() as session:
        people = [("11-15", i) for i in range(12)] + [("16-17", i) for i in range(3)]
        for band, i in people:
            response = Response(
                campaign_id=created.id,
                survey_version_id=created.survey_version_id,
                care_status="in_care",
                age_band=band,
                status="completed",
                started_on=date(2026, 11, 3),
            )
            session.add(response)
            await session.flush()
            session.add(
                AnswerRecord(
                    response_id=int(response.id or 0),
                    question_id="placement_settled",
                    value_json=json.dumps("yes"),
                )
            )
            if i == 0 or (band == "11-15" and i < 3):
                text = f"my school is ok {band} {i}. the bus is late" if i != 2 else None
                answer = AnswerRecord(
                    response_id=int(response.id or 0),
                    question_id="anything_else",
                    text_sealed="sealed-raw",
                    text_redacted=text,
                    themes_json=json.dumps(["SCHOOL"]),
                    sentiment="mixed",
                    redaction_status="done" if text else "pending",
                )
                session.add(answer)
                await session.flush()
                ids[f"{band}/{i}"] = int(answer.id or 0)
    return created.id, ids


async def _worker(db: Database) -> StaffAccount:
    async with db.session() as session:
        return await add_staff(
            session,
            username="priya",
            role=Role.PARTICIPATION_WORKER,
            password="a long enough password 1",
            passwords=Passwords(),
            now=NOW,
        )


async def test_only_anonymised_words_and_small_groups_go_unnamed(db: Database) -> None:
    round_id, ids = await _comments(db)
    async with db.session() as session:
        found = await comments.list_comments(session)
        choices = await comments.comment_choices(session)
    assert {c.id for c in found} == {ids["11-15/0"], ids["11-15/1"], ids["16-17/0"]}  # pending is invisible
    assert all("sealed" not in c.text for c in found)
    named = {c.id: c.cohort for c in found}
    assert named[ids["11-15/0"]] == ("in_care", "11-15")
    assert named[ids["16-17/0"]] is None, "three young people are too few to name"
    assert choices.cohorts == [("in_care", "11-15")]
    assert [title for _, title in choices.surveys] == ["Our Promise to you (11–15, 16–17)"]
    assert choices.rounds[0][0] == round_id
    async with db.session() as session:
        small = await comments.list_comments(session, comments.CommentFilter(cohort=("in_care", "16-17")))
        mixed = await comments.list_comments(
            session, comments.CommentFilter(sentiment="mixed", theme="SCHOOL")
        )
        none = await comments.list_comments(session, comments.CommentFilter(theme="SW"))
    assert small == [], "filtering by a small group would list its comments"
    assert len(mixed) == 3 and none == []


async def test_a_correction_is_kept_with_the_tagger_s_themes(db: Database) -> None:
    _, ids = await _comments(db)
    async with db.session() as session:
        await comments.correct_comment_themes(
            session, answer_id=ids["11-15/0"], themes=["sw", "SCHOOL"], known=KNOWN, now=NOW
        )
        await comments.correct_comment_themes(
            session, answer_id=ids["11-15/0"], themes=["SW"], known=KNOWN, now=NOW
        )
        with pytest.raises(comments.CommentRefused):
            await comments.correct_comment_themes(
                session, answer_id=ids["11-15/0"], themes=["NOPE"], known=KNOWN, now=NOW
            )
        with pytest.raises(comments.CommentNotFound):
            await comments.correct_comment_themes(
                session, answer_id=ids["11-15/0"] + 999, themes=["SW"], known=KNOWN, now=NOW
            )
    async with db.session() as session:
        (kept,) = await list_corrections(session)
        (shown,) = [c for c in await comments.list_comments(session) if c.id == ids["11-15/0"]]
    assert (kept.source, kept.source_id) == ("answer", ids["11-15/0"])
    assert kept.automatic == ("SCHOOL",) and kept.themes == ("SW",)
    assert kept.text == "my school is ok 11-15 0. the bus is late"
    assert shown.themes == ("SW",)


async def test_a_quote_is_exact_and_goes_when_the_words_are_forgotten(db: Database) -> None:
    _, ids = await _comments(db)
    worker = await _worker(db)
    answer_id = ids["11-15/1"]
    async with db.session() as session:
        with pytest.raises(comments.CommentRefused):
            await comments.approve_comment_quote(
                session, answer_id=answer_id, sentence="the bus is never late", staff=worker, now=NOW
            )
        await comments.approve_comment_quote(
            session, answer_id=answer_id, sentence="the bus  is late", staff=worker, now=NOW
        )
    async with db.session() as session:
        (shown,) = [c for c in await comments.list_comments(session) if c.id == answer_id]
        assert shown.quote == "the bus is late"
        answer = await session.get(AnswerRecord, answer_id)
        assert answer is not None
        answer.text_redacted, answer.redaction_status = None, "done"  # as "forget me" leaves it
    async with db.session() as session:
        assert answer_id not in {c.id for c in await comments.list_comments(session)}


async def test_only_an_issue_closed_with_an_outcome_can_be_linked(db: Database) -> None:
    _, ids = await _comments(db)
    worker = await _worker(db)
    async with db.session() as session:
        for reference, outcome in (("OPEN01", None), ("DONE01", "The bus company moved the pick-up.")):
            session.add(
                Issue(
                    reference=reference,
                    care_status="in_care",
                    age_band="11-15",
                    status="closed" if outcome else "open",
                    outcome=outcome,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
    async with db.session() as session:
        for reference in ("OPEN01", "NONE99"):
            with pytest.raises(comments.CommentRefused):
                await comments.link_comment_action(
                    session, answer_id=ids["11-15/0"], reference=reference, staff=worker, now=NOW
                )
        assert (
            await comments.link_comment_action(
                session, answer_id=ids["11-15/0"], reference=" done01 ", staff=worker, now=NOW
            )
            == "DONE01"
        )
    async with db.session() as session:
        (shown,) = [c for c in await comments.list_comments(session) if c.id == ids["11-15/0"]]
        assert (shown.action_reference, shown.action_outcome) == (
            "DONE01",
            "The bus company moved the pick-up.",
        )
        assert (
            await comments.link_comment_action(
                session, answer_id=ids["11-15/0"], reference="", staff=worker, now=NOW
            )
            is None
        )
    async with db.session() as session:
        (shown,) = [c for c in await comments.list_comments(session) if c.id == ids["11-15/0"]]
    assert shown.action_reference is None
