"""Workers' theme corrections as labelled data: recorded when a worker tags, read back to retrain.

When a participation worker changes an issue's themes in the portal, the
words they read and the themes they chose are a labelled example in the
council's own young people's words, which no shipped data can be. Each is
kept with what the tagger had said, so a retrained model can be judged on
the corrections it did not learn from. Only anonymised text is kept, and
only text a worker could see: a message still waiting for redaction is left
out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, Table, and_, delete, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import AnswerRecord, IssueMessage, table_of
from feedback.models.corrections import ThemeCorrection

__all__ = [
    "Correction",
    "forget_corrections",
    "list_corrections",
    "record_answer_correction",
    "record_issue_correction",
]

_messages: Table = table_of(IssueMessage)
_corrections: Table = table_of(ThemeCorrection)
_answers: Table = table_of(AnswerRecord)


@dataclass(frozen=True)
class Correction:
    """One corrected text: what the tagger said, what the worker chose, and where it came from."""

    source: str
    source_id: int
    text: str
    automatic: tuple[str, ...]
    themes: tuple[str, ...]
    corrected_at: datetime

    @property
    def changed(self) -> bool:
        """Return whether the worker's themes differ from the tagger's (else they confirmed them)."""
        return set(self.automatic) != set(self.themes)


async def record_issue_correction(
    session: AsyncSession, *, issue_id: int, themes: Sequence[str], now: datetime
) -> Correction | None:
    """Keep the issue's young person's words with the worker's themes; ``None`` if none are readable yet."""
    rows = (
        await session.execute(
            select(_messages.c.text_anonymised, _messages.c.themes_json)
            .where(
                _messages.c.issue_id == issue_id,
                _messages.c.author == "young_person",
                _messages.c.redaction_status == "done",
            )
            .order_by(_messages.c.id)
        )
    ).all()
    texts = [text for text, _ in rows if text and text.strip()]
    if not texts:
        return None
    automatic: dict[str, None] = {}
    for _, raw in rows:
        automatic.update(dict.fromkeys(json.loads(raw) if raw else []))
    return await _keep(session, "issue", issue_id, texts, list(automatic), themes, now)


async def record_answer_correction(
    session: AsyncSession, *, answer_id: int, automatic: Sequence[str], themes: Sequence[str], now: datetime
) -> Correction | None:
    """Keep a survey comment's anonymised words with the worker's themes; ``None`` if not readable yet.

    ``automatic`` is what the comment carried before the worker changed it
    (the caller has already overwritten the answer's own themes).
    """
    row = (
        await session.execute(
            select(_answers.c.text_redacted).where(
                _answers.c.id == answer_id, _answers.c.redaction_status == "done"
            )
        )
    ).first()
    if row is None or not row.text_redacted or not row.text_redacted.strip():
        return None
    return await _keep(session, "answer", answer_id, [row.text_redacted], list(automatic), themes, now)


async def _keep(
    session: AsyncSession,
    source: str,
    source_id: int,
    texts: Sequence[str],
    automatic: Sequence[str],
    themes: Sequence[str],
    now: datetime,
) -> Correction:
    """Write the one correction row of a text (a later correction replaces the earlier one)."""
    row = (
        (
            await session.execute(
                select(ThemeCorrection).where(
                    _corrections.c.source == source, _corrections.c.source_id == source_id
                )
            )
        )
        .scalars()
        .first()
    )
    if row is None:
        row = ThemeCorrection(source=source, source_id=source_id)
        session.add(row)
    row.text = "\n".join(texts)
    # An issue's messages keep the tagger's themes, so they are read afresh; a
    # comment's own themes are overwritten, so its first record is the tagger's.
    if row.id is None or source == "issue":
        row.automatic_json = json.dumps(list(automatic))
    row.themes_json = json.dumps(list(themes))
    row.corrected_at = now
    await session.flush()
    return _public(row)


async def forget_corrections(
    session: AsyncSession, *, issues: Select[tuple[int]], answers: Select[tuple[int]]
) -> int:
    """Delete the corrections made on these issues and answers (forget me); return how many.

    A correction keeps a copy of the words it labels, so when a young person's
    words are forgotten their corrections go too, before the issues they point to.
    """
    result = await session.execute(
        delete(_corrections).where(
            or_(
                and_(_corrections.c.source == "issue", _corrections.c.source_id.in_(issues)),
                and_(_corrections.c.source == "answer", _corrections.c.source_id.in_(answers)),
            )
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def list_corrections(session: AsyncSession) -> list[Correction]:
    """Return every correction, oldest first."""
    rows = (await session.execute(select(ThemeCorrection).order_by(_corrections.c.id))).scalars().all()
    return [_public(row) for row in rows]


def _public(row: ThemeCorrection) -> Correction:
    assert row.corrected_at is not None
    return Correction(
        source=row.source,
        source_id=row.source_id,
        text=row.text or "",
        automatic=tuple(json.loads(row.automatic_json)),
        themes=tuple(json.loads(row.themes_json)),
        corrected_at=row.corrected_at,
    )
