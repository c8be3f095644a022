"""The scheduled job that drafts each board paper ahead of its meeting."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.appkeys import DATABASE, SETTINGS
from bot.scheduler import SCHEDULER
from bot.settings import Settings
from feedback.db import Database
from feedback.papers import draft_paper
from feedback.papers.draft import committee_cover
from feedback.papers.schedule import already_drafted, drafted_by, due_drafts

__all__ = ["draft_due_papers", "setup_paper_jobs"]

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")


async def draft_due_papers(db: Database, settings: Settings, now: datetime) -> int:
    """Draft every paper whose drafting day has come and that has no draft yet; return how many."""
    today = now.astimezone(LONDON).date()
    made = 0
    for due in due_drafts(settings.board_dates, draft_days=settings.paper_draft_days, today=today):
        async with db.session() as session:
            if await already_drafted(session, due):
                continue
        await draft_paper(
            db,
            period=due.period,
            suppression_max=settings.suppression_max,
            now=now,
            created_by=drafted_by(due.board_date),
            council=settings.council_name,
            taxonomy_path=settings.taxonomy_path,
            cover=committee_cover(
                author=settings.paper_author, contact=settings.paper_contact, meeting_date=due.board_date
            ),
            docx_template=settings.paper_template,
        )
        made += 1
        log.info("papers.drafted", extra={"event": "papers.drafted", "period": due.period.label})
    return made


def setup_paper_jobs(app: web.Application) -> None:
    """Check for due drafts every hour (register after ``setup_scheduler``)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        if settings.board_dates:
            db = app[DATABASE]

            async def job(now: datetime) -> None:
                await draft_due_papers(db, settings, now)

            app[SCHEDULER].every("board-paper-drafts", job, seconds=3600)
        yield

    app.cleanup_ctx.append(context)
