"""Free text waiting to be anonymised and theme-tagged, and storing what the background worker made of it.

Raw text arrives sealed with ``redaction_status = "pending"``; until the
worker has stored its anonymised form, staff and board outputs do not show it
at all (they read only rows marked ``done``). Redaction runs in worker
processes, so the pure part here — ``process_texts`` — takes and returns plain
values and keeps its loaded pipeline per process.

Pending texts are claimed before they are read, as inbox and outbox rows are:
``claim`` marks them with the worker's claimant number (``claimed_by``) in one
atomic ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`` (the lock
clause only on PostgreSQL), so two replicas never anonymise the same row.
A claimed text stays ``pending`` (staff outputs, the queue metric and "forget
me" treat it as before); ``mark_done`` stores results only for rows still
pending and claimed by the same claimant, so a text forgotten or taken over
meanwhile is left alone. Rows of a claimant that is gone are returned by
``feedback.claims``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from sqlalchemy import Table, and_, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from anonymiser import Anonymiser, load_anonymiser
from anonymiser.themes import ThemeTagger, load_taxonomy
from feedback.claimed_rows import holders, release_rows
from feedback.crypto import Sealer, UnsealableError
from feedback.db import session_dialect
from feedback.models import AnswerRecord, Issue, IssueMessage, table_of

__all__ = [
    "PendingText",
    "PipelineConfig",
    "ProcessedText",
    "claim",
    "claimants",
    "mark_done",
    "pending_count",
    "process_texts",
    "release",
]

Source = Literal["issue_message", "answer"]
_messages: Table = table_of(IssueMessage)
_answers: Table = table_of(AnswerRecord)
_issues: Table = table_of(Issue)


@dataclass(frozen=True)
class PipelineConfig:
    """What a worker process needs to build its pipeline: plain values, so it pickles."""

    spacy_model: str | None = None
    anonymiser_dir: str | None = None
    taxonomy_path: str | None = None
    themes_model_dir: str | None = None


@dataclass(frozen=True)
class PendingText:
    """One raw text waiting for redaction."""

    source: Source
    row_id: int
    text: str


@dataclass(frozen=True)
class ProcessedText:
    """The anonymised form of one text and its themes."""

    source: Source
    row_id: int
    redacted: str
    themes: tuple[str, ...]
    sentiment: str


@lru_cache(maxsize=2)
def _pipeline(config: PipelineConfig) -> tuple[Anonymiser, ThemeTagger]:

    anonymiser = load_anonymiser(config.spacy_model, config.anonymiser_dir)
    tagger = ThemeTagger.load(config.themes_model_dir, taxonomy=load_taxonomy(config.taxonomy_path))
    return anonymiser, tagger


def process_texts(config: PipelineConfig, items: Sequence[PendingText]) -> list[ProcessedText]:
    """Return the anonymised text, themes and sentiment of each item (CPU-bound: run in a worker)."""
    anonymiser, tagger = _pipeline(config)
    redactions = anonymiser.anonymise_batch([item.text for item in items])
    taggings = tagger.tag_many([r.text for r in redactions])
    return [
        ProcessedText(item.source, item.row_id, r.text, tuple(t.themes), t.sentiment)
        for item, r, t in zip(items, redactions, taggings, strict=True)
    ]


_QUEUES: tuple[tuple[Source, Table], ...] = (("issue_message", _messages), ("answer", _answers))


def _table(source: Source) -> Table:
    return _messages if source == "issue_message" else _answers


async def claim(session: AsyncSession, sealer: Sealer, *, owner: int, limit: int = 32) -> list[PendingText]:
    """Claim up to ``limit`` texts waiting for redaction for ``owner``, oldest first, opened for the worker.

    Texts ``owner`` already holds (a batch that failed) are taken again with
    the unclaimed ones. A text that cannot be opened is marked ``failed``.
    """
    found: list[PendingText] = []
    dialect = session_dialect(session)
    for source, table in _QUEUES:
        c = table.c
        candidates = (
            select(c.id)
            .where(
                c.redaction_status == "pending",
                c.text_sealed.is_not(None),
                or_(c.claimed_by.is_(None), c.claimed_by == owner),
            )
            .order_by(c.id)
            .limit(limit - len(found))
        )
        if dialect == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        rows = await session.execute(
            update(table)
            .where(c.id.in_(candidates.scalar_subquery()))
            .values(claimed_by=owner)
            .returning(c.id, c.text_sealed)
        )
        for row_id, token in sorted(rows.all(), key=lambda row: int(row[0])):
            try:
                found.append(PendingText(source, int(row_id), sealer.open(token)))
            except UnsealableError:
                await session.execute(
                    update(table).where(c.id == row_id).values(redaction_status="failed", claimed_by=None)
                )
        if len(found) >= limit:
            break
    return found


async def mark_done(session: AsyncSession, results: Sequence[ProcessedText], *, owner: int) -> int:
    """Store anonymised text and themes of texts ``owner`` still holds; return how many were stored.

    A text no longer pending or no longer ``owner``'s (forgotten, or taken
    over by another process meanwhile) is not touched. An issue's themes
    become the union over its messages.
    """
    touched_issues: set[int] = set()
    stored = 0
    for result in results:
        table = _table(result.source)
        c = table.c
        redacted = c.text_anonymised if result.source == "issue_message" else c.text_redacted
        written = await session.execute(
            update(table)
            .where(c.id == result.row_id, c.redaction_status == "pending", c.claimed_by == owner)
            .values(
                {
                    redacted: result.redacted,
                    c.themes_json: json.dumps(list(result.themes)),
                    c.sentiment: result.sentiment,
                    c.redaction_status: "done",
                    c.claimed_by: None,
                }
            )
        )
        if not written.rowcount:  # type: ignore[attr-defined]
            continue
        stored += 1
        if result.source == "issue_message":
            issue_id = (
                await session.execute(select(c.issue_id).where(c.id == result.row_id))
            ).scalar_one_or_none()
            if issue_id is not None:
                touched_issues.add(int(issue_id))
    for issue_id in touched_issues:
        await _refresh_issue_themes(session, issue_id)
    return stored


async def claimants(session: AsyncSession) -> set[int]:
    """Return the numbers of every claimant that holds pending texts now."""
    found: set[int] = set()
    for _source, table in _QUEUES:
        found |= await holders(session, table.c.claimed_by, table.c.redaction_status == "pending")
    return found


async def release(session: AsyncSession, *, owner: int | None = None) -> int:
    """Return pending texts ``owner`` holds (every claimant's when None) to the queue; return how many."""
    released = 0
    for _source, table in _QUEUES:
        c = table.c
        held = and_(c.redaction_status == "pending", c.claimed_by.is_not(None))
        released += await release_rows(session, table, held, owner=owner)
    return released


async def pending_count(session: AsyncSession) -> int:
    """Return how many texts wait for redaction and nobody holds yet."""
    waiting = 0
    for _source, table in _QUEUES:
        c = table.c
        result = await session.execute(
            select(func.count())
            .select_from(table)
            .where(c.redaction_status == "pending", c.text_sealed.is_not(None), c.claimed_by.is_(None))
        )
        waiting += int(result.scalar_one())
    return waiting


async def _refresh_issue_themes(session: AsyncSession, issue_id: int) -> None:
    """Add the themes of newly anonymised messages to the issue, keeping the ones it has.

    Themes already on the issue come first and are never dropped, so a worker's
    own tagging survives later messages in the thread.
    """
    current = (
        await session.execute(select(_issues.c.themes_json).where(_issues.c.id == issue_id))
    ).scalar_one_or_none()
    themes: list[str] = list(json.loads(current or "[]"))
    rows = await session.execute(
        select(_messages.c.themes_json, _messages.c.sentiment)
        .where(
            _messages.c.issue_id == issue_id,
            _messages.c.author == "young_person",
            _messages.c.redaction_status == "done",
        )
        .order_by(_messages.c.id)
    )
    sentiments: list[str] = []
    for themes_json, sentiment in rows.all():
        for code in json.loads(themes_json or "[]"):
            if code not in themes and len(themes) < 3:
                themes.append(code)
        if sentiment:
            sentiments.append(sentiment)
    await session.execute(
        update(_issues)
        .where(_issues.c.id == issue_id)
        .values(themes_json=json.dumps(themes), sentiment=_overall(sentiments))
    )


def _overall(sentiments: Sequence[str]) -> str | None:
    """Return one sentiment for a thread: mixed when its messages disagree."""
    kinds = {s for s in sentiments if s != "neutral"}
    if not kinds:
        return "neutral" if sentiments else None
    if len(kinds) == 1:
        return kinds.pop()
    return "mixed"
