"""A worker's theme choice on an issue is kept as a labelled example, with what the tagger said."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import text

from feedback import issues
from feedback.db import Database
from feedback.models import Issue, IssueMessage
from feedback.theme_corrections import list_corrections

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
KNOWN = {"FAMILY", "CARER", "SW", "HOUSE"}


async def _issue(db: Database, reference: str, messages: list[tuple[str, str, list[str] | None]]) -> None:
    """Add an issue whose messages are (author, anonymised text or "", automatic themes)."""
    async with db.session() as session:
        issue = Issue(
            reference=reference, care_status="in_care", age_band="11-15", created_at=NOW, updated_at=NOW
        )
        session.add(issue)
        await session.flush()
        for author, text, themes in messages:
            session.add(
                IssueMessage(
                    issue_id=int(issue.id or 0),
                    author=author,
                    text_anonymised=text or None,
                    themes_json=json.dumps(themes) if themes is not None else None,
                    redaction_status="done" if text else "pending",
                    created_at=NOW,
                )
            )


async def test_tagging_keeps_the_words_read_and_the_tagger_s_themes(db: Database) -> None:
    await _issue(
        db,
        "AAA111",
        [
            ("young_person", "my carer [NAME_1] wont let me see my brother", ["CARER"]),
            ("worker", "Thanks for telling us.", None),
            ("young_person", "", None),  # still being anonymised: nobody has read it
            ("young_person", "its every weekend now", ["FAMILY"]),
        ],
    )
    async with db.session() as session:
        await issues.tag(session, reference="AAA111", themes=["FAMILY", "CARER"], known=KNOWN, now=NOW)
    async with db.session() as session:
        (found,) = await list_corrections(session)
    assert found.source == "issue"
    assert found.text == "my carer [NAME_1] wont let me see my brother\nits every weekend now"
    assert found.automatic == ("CARER", "FAMILY") and found.themes == ("FAMILY", "CARER")
    assert not found.changed


async def test_a_second_tagging_replaces_the_first_and_unread_issues_are_skipped(db: Database) -> None:
    await _issue(db, "BBB222", [("young_person", "still in the hostel", ["HOUSE"])])
    await _issue(db, "CCC333", [("young_person", "", None)])
    async with db.session() as session:
        await issues.tag(session, reference="BBB222", themes=["SW"], known=KNOWN, now=NOW)
        await issues.tag(session, reference="BBB222", themes=["HOUSE", "SW"], known=KNOWN, now=NOW)
        await issues.tag(session, reference="CCC333", themes=["SW"], known=KNOWN, now=NOW)
    async with db.session() as session:
        (found,) = await list_corrections(session)
    assert found.themes == ("HOUSE", "SW") and found.automatic == ("HOUSE",) and found.changed


async def test_forget_me_takes_the_corrections_of_their_words_and_leaves_others(db: Database) -> None:
    from datetime import date

    from feedback.models import Participant
    from feedback.participants import forget_participant

    async with db.session() as session:
        person = Participant(
            pseudonym="p-forget",
            channel="web",
            care_status="in_care",
            age_band="11-15",
            joined_on=date(2026, 11, 1),
        )
        session.add(person)
        await session.flush()
        pid = int(person.id or 0)
    await _issue(db, "DDD444", [("young_person", "my sw [NAME_1] never rings", ["SW"])])
    await _issue(db, "EEE555", [("young_person", "no bus money for college", ["MONEY"])])
    async with db.session() as session:
        await session.execute(
            text("UPDATE issue SET participant_id = :pid WHERE reference = 'DDD444'"), {"pid": pid}
        )
        await issues.tag(session, reference="DDD444", themes=["SW"], known=KNOWN, now=NOW)
        await issues.tag(session, reference="EEE555", themes=["HOUSE"], known=KNOWN, now=NOW)
    async with db.session() as session:
        await forget_participant(session, pid)
    async with db.session() as session:
        left = await list_corrections(session)
    assert [c.text for c in left] == ["no bus money for college"]
