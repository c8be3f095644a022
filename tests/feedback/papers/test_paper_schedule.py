"""Papers are drafted a set number of days before each board meeting, once per meeting."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from bot.paper_jobs import draft_due_papers
from bot.settings import Settings, SettingsError
from feedback.db import Database
from feedback.models import BoardPaper
from feedback.papers.schedule import due_drafts


def test_a_meeting_is_due_from_its_drafting_day_until_it_happens() -> None:
    meetings = [date(2026, 12, 10), date(2027, 3, 11)]
    assert due_drafts(meetings, draft_days=14, today=date(2026, 11, 25)) == []
    (due,) = due_drafts(meetings, draft_days=14, today=date(2026, 11, 26))
    assert due.board_date == date(2026, 12, 10) and due.period.label == "2026-Q3"
    assert [d.period.label for d in due_drafts(meetings, draft_days=14, today=date(2026, 12, 10))] == [
        "2026-Q3"
    ]
    assert due_drafts(meetings, draft_days=14, today=date(2026, 12, 11)) == []
    (march,) = due_drafts(meetings, draft_days=14, today=date(2027, 3, 1))
    assert march.period.label == "2026-Q4"


def test_board_dates_are_read_and_checked() -> None:
    settings = Settings.from_env(
        {"HEARD_BOARD_DATES": "2027-03-11, 2026-12-10", "HEARD_PAPER_DRAFT_DAYS": "21"}
    )
    assert settings.board_dates == (date(2026, 12, 10), date(2027, 3, 11))
    assert settings.paper_draft_days == 21
    with pytest.raises(SettingsError, match="HEARD_BOARD_DATES has '10/12/2026', which is not a date"):
        Settings.from_env({"HEARD_BOARD_DATES": "10/12/2026"})


async def test_the_job_drafts_once_per_meeting(db: Database) -> None:
    settings = replace(Settings.from_env({}), board_dates=(date(2026, 12, 10),), paper_draft_days=14)
    before = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert await draft_due_papers(db, settings, before) == 0
    due_day = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert await draft_due_papers(db, settings, due_day) == 1
    assert await draft_due_papers(db, settings, due_day) == 0
    async with db.session() as session:
        papers = (await session.exec(select(BoardPaper))).all()
    assert [(p.period, p.status, p.created_by) for p in papers] == [
        ("2026-Q3", "draft", "scheduler:board-2026-12-10")
    ]
