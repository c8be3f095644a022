"""Drafting a paper into the database: what the portal's button, the scheduled job and the CLI call.

Every paper for a period is protected together and checked against the
release ledger (:mod:`feedback.releases`) before anyone sees it; the numbers a
draft shows are kept beside it so approving it can record exactly those.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

from anonymiser.themes.taxonomy import load_taxonomy
from feedback import releases
from feedback.aggregate import CohortFilter, Period, parse_period
from feedback.aggregate.period import releasable
from feedback.aggregate.queries import read_council
from feedback.audit import record
from feedback.db import Database
from feedback.disclosure import Release
from feedback.models import BoardPaper, BoardPaperFile
from feedback.papers.build import build_content, protect_period, shown_numbers
from feedback.papers.content import Cover, PaperContent
from feedback.papers.render import FILE_SUFFIX, FORMATS, render_paper

__all__ = [
    "PreparedPaper",
    "committee_cover",
    "draft_paper",
    "paper_content",
    "paper_filename",
    "prepare_paper",
    "record_files",
    "store_paper",
]


def committee_cover(*, author: str = "", contact: str = "", meeting_date: date | None = None) -> Cover:
    """Return the cover block with what the council configured; the rest stays for the officer to fill in."""
    blank = Cover()
    return blank.model_copy(
        update={
            "author": author or blank.author,
            "contact": contact or blank.contact,
            "meeting_date": f"{meeting_date:%-d %B %Y}" if meeting_date else blank.meeting_date,
        }
    )


@dataclass(frozen=True)
class PreparedPaper:
    """A paper's content and exactly the numbers it shows, over whole months ``start`` to ``last``."""

    content: PaperContent
    numbers: Release
    start: date
    last: date
    label: str


def paper_filename(content: PaperContent, fmt: str, cohort: CohortFilter | None = None) -> str:
    """Return a download name such as ``voice-of-the-child-2026-Q3.docx``."""
    part = f"-{cohort.key.replace(':', '-')}" if cohort is not None and cohort.key else ""
    label = content.period_label.split(" (")[0].replace(" ", "")
    return f"voice-of-the-child-{label}{part}{FILE_SUFFIX[fmt]}"


def _period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else parse_period(period)


def _cohort(cohort: CohortFilter | str | None) -> CohortFilter:
    return cohort if isinstance(cohort, CohortFilter) else CohortFilter.parse(cohort)


async def prepare_paper(
    db: Database,
    *,
    period: Period | str,
    cohort: CohortFilter | str | None = None,
    suppression_max: int = 5,
    now: datetime,
    council: str = "Your council",
    taxonomy_path: Path | None = None,
    cover: Cover | None = None,
) -> PreparedPaper:
    """Return a paper protected together with every other paper for its period and all releases so far.

    Raises PeriodError (future period, part months) or DisclosureRefused (no
    safe paper exists); both are ValueErrors whose message is one plain line.
    """
    chosen = _cohort(cohort)
    cut, note = releasable(_period(period), now.date())
    async with db.session() as session:
        prior = await releases.released(session)
        months, rounds = releases.referenced(prior)
        facts = await read_council(session, cut, note=note, also_months=months, also_rounds=rounds)
    taxonomy = load_taxonomy(taxonomy_path)
    loop = asyncio.get_running_loop()
    release = await loop.run_in_executor(
        None, partial(protect_period, facts, taxonomy, threshold=suppression_max, prior=prior, cohort=chosen)
    )
    content = build_content(
        facts,
        taxonomy,
        council=council,
        generated_on=now.date(),
        suppression_max=suppression_max,
        cohort=chosen,
        release=release,
        cover=cover,
    )
    numbers = shown_numbers(facts, taxonomy, chosen, release, suppression_max)
    label = f"{cut.label}, {chosen.key or 'everyone'}"
    return PreparedPaper(content, numbers, cut.start, cut.last, label)


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
    prepared = await prepare_paper(
        db,
        period=period,
        cohort=cohort,
        suppression_max=suppression_max,
        now=now,
        council=council,
        taxonomy_path=taxonomy_path,
    )
    return prepared.content


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
    cover: Cover | None = None,
    docx_template: Path | None = None,
) -> BoardPaper:
    """Return a new draft paper stored with its rendered files; a worker must approve it.

    Rendering runs in the default executor so the event loop stays free.
    ``docx_template`` is the council's own Word document whose styles the DOCX takes.
    """
    chosen = _cohort(cohort)
    prepared = await prepare_paper(
        db,
        period=period,
        cohort=chosen,
        suppression_max=suppression_max,
        now=now,
        council=council,
        taxonomy_path=taxonomy_path,
        cover=cover,
    )
    loop = asyncio.get_running_loop()
    files = await loop.run_in_executor(
        None, partial(render_paper, prepared.content, tuple(formats), docx_template=docx_template)
    )
    return await store_paper(
        db,
        content=prepared.content,
        files=files,
        cohort=chosen,
        now=now,
        created_by=created_by,
        prepared=prepared,
    )


async def record_files(db: Database, prepared: PreparedPaper, *, now: datetime, by: str) -> None:
    """Record a paper's numbers as released because its files were written out (``heard report``)."""
    async with db.session() as session:
        await releases.record(
            session,
            release=prepared.numbers,
            start=prepared.start,
            last=prepared.last,
            kind="report_files",
            label=prepared.label,
            now=now,
            by=by,
        )


async def store_paper(
    db: Database,
    *,
    content: PaperContent,
    files: dict[str, bytes],
    cohort: CohortFilter,
    now: datetime,
    created_by: str,
    prepared: PreparedPaper | None = None,
) -> BoardPaper:
    """Return a new draft paper saved with already-rendered files (and its numbers), audited."""
    chosen = cohort
    async with db.session() as session:
        paper = BoardPaper(
            period=content.period_label[:32],
            cohort=chosen.key,
            status="draft",
            content_json=content.model_dump_json(),
            created_at=now,
            created_by=created_by,
        )
        session.add(paper)
        await session.flush()
        assert paper.id is not None
        for fmt, data in files.items():
            session.add(
                BoardPaperFile(
                    paper_id=paper.id,
                    format=fmt,
                    filename=paper_filename(content, fmt, chosen),
                    content=data,
                    created_at=now,
                )
            )
        if prepared is not None:
            await releases.record(
                session,
                release=prepared.numbers,
                start=prepared.start,
                last=prepared.last,
                kind=releases.DRAFT,
                label=prepared.label,
                now=now,
                by=created_by,
                paper_id=paper.id,
            )
        await record(
            session,
            actor=created_by,
            action="board_paper.drafted",
            now=now,
            target_type="board_paper",
            target_id=paper.id,
            detail={"period": content.period_label, "formats": sorted(files)},
        )
    return paper
