"""What a board paper says, as data: only published (disclosure-controlled) values, ready to render.

The content is stored with the paper (``BoardPaper.content_json``) so a paper
can be re-rendered, approved and published exactly as drafted.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "IMPLICATIONS",
    "Cover",
    "Example",
    "Finding",
    "PaperContent",
    "PromiseRow",
    "QuoteItem",
    "Table",
    "ThemeRow",
    "WellbeingRow",
]

Cell = int | str
Rag = Literal["red", "amber", "green", "none"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Table(_Frozen):
    """A published table: counts, ``c`` marks and words, with a caption and a note."""

    name: str
    caption: str
    rows: list[str]
    columns: list[str]
    cells: list[list[Cell]]
    note: str | None = None

    @property
    def has_suppressed(self) -> bool:
        """Return True when any cell is shown as ``c``."""
        return any(cell == "c" for row in self.cells for cell in row)


class PromiseRow(_Frozen):
    """One Promise or Charter commitment: how well it is kept, its status and its trend."""

    code: str
    promise: str
    kind: str  # Promise | Charter
    share: int | None  # % of answers that were positive; None when the base is too small
    base: Cell  # young people who answered
    previous: int | None
    previous_label: str | None
    trend: str  # words with an arrow, e.g. "▲ up 8 points"
    hint: str | None  # "likely real change" | "could be chance" | None
    rag: Rag
    rag_label: str


class WellbeingRow(_Frozen):
    """One answer to a check-in question, as a share of those who answered."""

    question: str
    answer: str
    share: int | None
    base: Cell
    previous: int | None = None  # the previous period's share, where one may be shown
    trend: str = "– no comparison"


class ThemeRow(_Frozen):
    """Issues (or survey comments) mentioning one theme, now and before; ``source`` says which."""

    theme: str
    priority: str
    now: Cell
    before: Cell
    change: str
    source: str = "Issues"  # Issues | Survey comments


class QuoteItem(_Frozen):
    """An approved, redacted quote with its theme and age band, nothing more."""

    text: str
    theme: str | None
    age_band: str | None
    source: str = "issue"  # issue | survey comment


class Finding(_Frozen):
    """What young people told us about one corporate parenting priority."""

    priority: str
    text: str
    quotes: list[QuoteItem]


class Cover(_Frozen):
    """The committee report's cover block; what Heard cannot know is left for the officer to fill in."""

    meeting: str = "Corporate Parenting Board"
    meeting_date: str = "[date of the meeting]"
    item: str = "[agenda item number]"
    author: str = "[report author and job title]"
    contact: str = "[contact email and telephone]"
    status: str = "For information"  # For information | For decision


class Example(_Frozen):
    """A "you said, we did" example: what young people said (or its theme) and what was done."""

    said: str
    did: str


IMPLICATIONS = ("Financial", "Legal", "Equality", "Safeguarding")


class PaperContent(_Frozen):
    """The "voice of the child" paper for one period, every number already made safe."""

    council: str
    title: str
    period_label: str
    period_title: str
    previous_label: str
    cohort_label: str
    generated_on: date
    suppression_max: int
    purpose: str
    recommendations: list[str]
    summary: list[str]
    responses: list[Table]
    promises: list[PromiseRow]
    wellbeing: list[WellbeingRow]
    priorities: Table
    findings: list[Finding]
    themes: list[ThemeRow]
    theme_chart_alt: str
    comment_themes: list[ThemeRow] = []  # what survey comments mentioned, under the same control
    cover: Cover = Cover()
    examples: list[Example] = []
    implications: list[tuple[str, str]] = []  # (heading, text for the officer to complete)
    background_papers: list[str] = []
    outcomes: Table
    alerts: Table
    methodology: list[str]
    glossary: list[tuple[str, str]]
    rag_thresholds: tuple[int, int] = (75, 50)
