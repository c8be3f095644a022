"""Drafting a paper into the database: what the portal's button and the scheduled job call."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from pathlib import Path

from anonymiser.themes.taxonomy import load_taxonomy
from feedback.aggregate import CohortFilter, Period, parse_period, read_facts
from feedback.audit import record
from feedback.db import Database
from feedback.models import BoardPaper, BoardPaperFile
from feedback.papers.build import build_content
from feedback.papers.content import PaperContent
from feedback.papers.render import FILE_SUFFIX, FORMATS, render_paper

__all__ = ["draft_paper", "paper_content", "paper_filename", "store_paper"]


def paper_filename(content: PaperContent, fmt: str, cohort: CohortFilter | None = None) -> str:
    """Return a download name such as ``voice-of-the-child-2026-Q3.docx``."""
    part = f"-{cohort.key.replace(':', '-')}" if cohort is not None and cohort.key else ""
    label = content.period_label.replace(" ", "")
    return f"voice-of-the-child-{label}{part}{FILE_SUFFIX[fmt]}"


def _period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else parse_period(period)


def _cohort(cohort: CohortFilter | str | None) -> CohortFilter:
    return cohort if isinstance(cohort, CohortFilter) else CohortFilter.parse(cohort)


async def paper_content(
    db: Database,
    *,
    period: Period | str,
    cohort: CohortFilter | str | None = None,
    suppression_max: int = 5,
    now: datetime,
    council: str = "Your council",
    taxonomy_path: Path | None = None,
) -> PaperContent:
    """Return the disclosure-controlled content of a paper, read from the database."""
    async with db.session() as session:
        facts = await read_facts(session, _period(period), _cohort(cohort))
    return build_content(facts, load_taxonomy(taxonomy_path), council=council,
                         generated_on=now.date(), suppression_max=suppression_max)


async def draft_paper(
    db: Database,
    *,
    period: Period | str,
    cohort: CohortFilter | str | None = None,
    suppression_max: int = 5,
    now: datetime,
    created_by: str,
    council: str = "Your council",
    taxonomy_path: Path | None = None,
    formats: Iterable[str] = FORMATS,
) -> BoardPaper:
    """Return a new draft paper stored with its rendered files; a worker must approve it.

    Rendering runs in the default executor so the event loop stays free.
    """
    chosen = _cohort(cohort)
    content = await paper_content(db, period=period, cohort=chosen, suppression_max=suppression_max,
                                  now=now, council=council, taxonomy_path=taxonomy_path)
    loop = asyncio.get_running_loop()
    files = await loop.run_in_executor(None, partial(render_paper, content, tuple(formats)))
    return await store_paper(db, content=content, files=files, cohort=chosen, now=now,
                             created_by=created_by)


async def store_paper(
    db: Database,
    *,
    content: PaperContent,
    files: dict[str, bytes],
    cohort: CohortFilter,
    now: datetime,
    created_by: str,
) -> BoardPaper:
    """Return a new draft paper saved with already-rendered files, and audit the drafting."""
    chosen = cohort
    async with db.session() as session:
        paper = BoardPaper(period=content.period_label, cohort=chosen.key, status="draft",
                           content_json=content.model_dump_json(), created_at=now, created_by=created_by)
        session.add(paper)
        await session.flush()
        assert paper.id is not None
        for fmt, data in files.items():
            session.add(BoardPaperFile(paper_id=paper.id, format=fmt,
                                       filename=paper_filename(content, fmt, chosen),
                                       content=data, created_at=now))
        await record(session, actor=created_by, action="board_paper.drafted", now=now,
                     target_type="board_paper", target_id=paper.id,
                     detail={"period": content.period_label, "formats": sorted(files)})
    return paper
