"""Stored papers as the portal sees them: list, download, approve (checked against the ledger), publish.

Four eyes: whoever drafted a paper may not approve it (``four_eyes``, on
unless a one-person team turns it off with ``HEARD_PAPER_FOUR_EYES=off``); a
refusal is audited, and every approval's audit entry says whether four eyes
was on and whether the approver drafted the paper.

Approving is the moment a paper's numbers are released, so it is checked
again then: against every paper approved or exported since it was drafted,
and against the staff pages for the same rounds. If a small number could now
be worked out, the approval is refused with one plain sentence and the worker
drafts the paper again (the new draft hides what it must).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from sqlalchemy import select, update

from anonymiser.themes.taxonomy import load_taxonomy
from feedback import audit, releases
from feedback.aggregate.period import Period
from feedback.aggregate.queries import read_council
from feedback.db import Database
from feedback.disclosure import DisclosureRefused, pinned
from feedback.models import BoardPaper, BoardPaperFile, table_of
from feedback.papers.build import council_atoms, round_releases

__all__ = ["PaperFile", "PaperRow", "approve_paper", "list_papers", "paper_file", "publish_paper"]

_paper = table_of(BoardPaper)
_file = table_of(BoardPaperFile)


@dataclass(frozen=True)
class PaperRow:
    """A stored paper with the files it can be downloaded as."""

    id: int
    period: str
    cohort: str | None
    status: str
    created_at: datetime
    files: tuple[tuple[str, str], ...]  # (format, file name)


@dataclass(frozen=True)
class PaperFile:
    """One rendered file of a paper."""

    filename: str
    content: bytes
    status: str


async def list_papers(db: Database, *, only_published: bool) -> list[PaperRow]:
    """Return papers newest first; board viewers see published ones only."""
    query = select(_paper.c.id, _paper.c.period, _paper.c.cohort, _paper.c.status, _paper.c.created_at)
    if only_published:
        query = query.where(_paper.c.status == "published")
    async with db.session() as session:
        papers = (await session.execute(query.order_by(_paper.c.id.desc()))).all()
        files = (await session.execute(select(_file.c.paper_id, _file.c.format, _file.c.filename))).all()
    by_paper: dict[int, list[tuple[str, str]]] = {}
    for paper_id, fmt, filename in files:
        by_paper.setdefault(int(paper_id), []).append((str(fmt), str(filename)))
    return [
        PaperRow(int(i), str(p), c, str(s), created, tuple(by_paper.get(int(i), [])))
        for i, p, c, s, created in papers
    ]


async def paper_file(db: Database, paper_id: int, fmt: str) -> PaperFile | None:
    """Return one rendered file and its paper's status, None when there is no such file."""
    query = (
        select(_file.c.filename, _file.c.content, _paper.c.status)
        .join(_paper, _paper.c.id == _file.c.paper_id)
        .where(_file.c.paper_id == paper_id, _file.c.format == fmt)
    )
    async with db.session() as session:
        row = (await session.execute(query)).first()
    return None if row is None else PaperFile(str(row[0]), bytes(row[1]), str(row[2]))


async def approve_paper(
    db: Database,
    paper_id: int,
    *,
    now: datetime,
    staff_id: int | None,
    actor: str,
    threshold: int,
    taxonomy_path: Path | None = None,
    four_eyes: bool = True,
) -> None:
    """Approve a draft after checking its numbers against everything released; ValueError says why not.

    ``LookupError`` when it is not a draft, or when four eyes is on and ``actor`` drafted it.
    """
    async with db.session() as session:
        row = (
            await session.execute(select(_paper.c.status, _paper.c.created_by).where(_paper.c.id == paper_id))
        ).first()
        status, drafter = (row[0], row[1]) if row is not None else (None, None)
        if status == "draft" and four_eyes and drafter == actor:
            await audit.record(
                session,
                actor=actor,
                action="board_paper.approval_refused",
                now=now,
                target_type="board_paper",
                target_id=paper_id,
                detail={"reason": "drafter"},
            )
    if status == "draft" and four_eyes and drafter == actor:  # raised after the commit: the refusal is kept
        raise LookupError("You drafted this paper, so a colleague must approve it.")
    async with db.session() as session:
        status = (await session.execute(select(_paper.c.status).where(_paper.c.id == paper_id))).scalar()
        if status != "draft":
            raise LookupError("Only a paper that is draft can be approved.")
        drafted = await releases.draft_numbers(session, paper_id)
        if drafted is not None:
            release_id, numbers, start, last = drafted
            prior = await releases.released(session)
            months, rounds = releases.referenced(prior.merged(numbers))
            period = Period(start, last, f"{start.isoformat()} to {last.isoformat()}")
            facts = await read_council(session, period, also_months=months, also_rounds=rounds)
            everything = prior.merged(round_releases(facts, threshold)).merged(numbers)
            truth = council_atoms(facts, load_taxonomy(taxonomy_path))
            loop = asyncio.get_running_loop()
            found = await loop.run_in_executor(None, partial(pinned, everything, truth, threshold=threshold))
            if found:
                raise DisclosureRefused(
                    "this draft can no longer be approved: with the papers released since it was drafted, "
                    f"a reader could work out a number from 1 to {threshold}. Draft it again."
                )
            await releases.mark_released(session, release_id, now=now, by=actor)
        await session.execute(
            update(_paper)
            .where(_paper.c.id == paper_id, _paper.c.status == "draft")
            .values(status="approved", approved_by=staff_id, approved_at=now)
        )
        await audit.record(
            session,
            actor=actor,
            action="board_paper.approved",
            now=now,
            target_type="board_paper",
            target_id=paper_id,
            detail={"four_eyes": four_eyes, "approver_drafted": drafter == actor},
        )


async def publish_paper(db: Database, paper_id: int, *, now: datetime, actor: str) -> None:
    """Publish an approved paper to board viewers (its numbers were released when it was approved)."""
    async with db.session() as session:
        result = await session.execute(
            update(_paper)
            .where(_paper.c.id == paper_id, _paper.c.status == "approved")
            .values(status="published")
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            raise LookupError("Only a paper that is approved can be published.")
        await audit.record(
            session,
            actor=actor,
            action="board_paper.published",
            now=now,
            target_type="board_paper",
            target_id=paper_id,
        )
