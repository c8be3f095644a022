"""Free text waiting to be anonymised and theme-tagged, and storing what the background worker made of it.

Raw text arrives sealed with ``redaction_status = "pending"``; until the
worker has stored its anonymised form, staff and board outputs do not show it
at all (they read only rows marked ``done``). Redaction runs in worker
processes, so the pure part here — ``process_texts`` — takes and returns plain
values and keeps its loaded pipeline per process.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from sqlalchemy import Table, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from anonymiser import Anonymiser, load_anonymiser
from anonymiser.themes import ThemeTagger, load_taxonomy
from feedback.crypto import Sealer, UnsealableError
from feedback.models import Answer, Issue, IssueMessage, table_of

__all__ = [
    "PendingText",
    "PipelineConfig",
    "ProcessedText",
    "pending_texts",
    "process_texts",
    "store_processed",
]

Source = Literal["issue_message", "answer"]
_messages: Table = table_of(IssueMessage)
_answers: Table = table_of(Answer)
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


async def pending_texts(session: AsyncSession, sealer: Sealer, *, limit: int = 32) -> list[PendingText]:
    """Return up to ``limit`` texts waiting for redaction, oldest first, opened for the worker only."""
    found: list[PendingText] = []
    queries: list[tuple[Source, Table]] = [("issue_message", _messages), ("answer", _answers)]
    for source, table in queries:
        rows = await session.execute(
            select(table.c.id, table.c.text_sealed)
            .where(table.c.redaction_status == "pending", table.c.text_sealed.is_not(None))
            .order_by(table.c.id)
            .limit(limit - len(found))
        )
        for row_id, token in rows.all():
            try:
                found.append(PendingText(source, int(row_id), sealer.open(token)))
            except UnsealableError:
                await _mark(session, source, int(row_id), status="failed")
        if len(found) >= limit:
            break
    return found


async def _mark(session: AsyncSession, source: Source, row_id: int, *, status: str) -> None:
    table = _messages if source == "issue_message" else _answers
    await session.execute(update(table).where(table.c.id == row_id).values(redaction_status=status))


async def store_processed(session: AsyncSession, results: Sequence[ProcessedText]) -> None:
    """Store anonymised text and themes; an issue's themes become the union over its messages."""
    touched_issues: set[int] = set()
    for result in results:
        themes = json.dumps(list(result.themes))
        if result.source == "issue_message":
            await session.execute(
                update(_messages)
                .where(_messages.c.id == result.row_id)
                .values(
                    text_anonymised=result.redacted,
                    themes_json=themes,
                    sentiment=result.sentiment,
                    redaction_status="done",
                )
            )
            issue_id = (
                await session.execute(select(_messages.c.issue_id).where(_messages.c.id == result.row_id))
            ).scalar_one_or_none()
            if issue_id is not None:
                touched_issues.add(int(issue_id))
        else:
            await session.execute(
                update(_answers)
                .where(_answers.c.id == result.row_id)
                .values(
                    text_redacted=result.redacted,
                    themes_json=themes,
                    sentiment=result.sentiment,
                    redaction_status="done",
                )
            )
    for issue_id in touched_issues:
        await _refresh_issue_themes(session, issue_id)


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
