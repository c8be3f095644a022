"""A round's response rates as they may be shown: small counts suppressed, percentages on big bases only.

Staff see these on the command line and in the portal while a round runs.
The same disclosure rules as board papers apply (:mod:`feedback.disclosure`):
counts from 1 to the threshold show as ``c``, other cells are hidden where
they would let a reader work one out from the totals, and a percentage is
shown only on a base of at least 10 whose counts are themselves shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedback.disclosure import DEFAULT_THRESHOLD, CountTable, PublishedTable, Shown, percentage, suppress
from surveys.cohorts import ALL_COHORTS
from surveys.rates import RoundResponses

__all__ = ["COLUMNS", "RateRow", "published_rates"]

COLUMNS = ("invited", "started", "completed")
_STATUS_WORDS = {"in_care": "In care", "care_leaver": "Care leavers"}


@dataclass(frozen=True)
class RateRow:
    """One cohort (or the total): counts or ``c``, and rates where they may be shown."""

    label: str
    invited: Shown
    started: Shown
    completed: Shown
    started_rate: int | None
    completed_rate: int | None


def _rate(numerator: Shown, base: Shown) -> int | None:
    if isinstance(numerator, str) or isinstance(base, str):
        return None
    return percentage(numerator, base)


def published_rates(
    counts: RoundResponses, *, threshold: int = DEFAULT_THRESHOLD
) -> tuple[PublishedTable, list[RateRow]]:
    """Return the suppressed table of invited, started and completed per cohort, and its rows."""
    cohorts = sorted(
        counts.by_cohort, key=lambda c: ALL_COHORTS.index(c) if c in ALL_COHORTS else len(ALL_COHORTS)
    )
    labels = tuple(f"{_STATUS_WORDS.get(c.care_status, c.care_status)} {c.age_band}" for c in cohorts)
    raw = tuple(
        (counts.by_cohort[c].invited, counts.by_cohort[c].started, counts.by_cohort[c].completed)
        for c in cohorts
    )
    # The columns are nested (completed <= started <= invited), not parts of a whole,
    # so only the column totals (over cohorts) are published.
    table = suppress(
        CountTable("Response rates", labels, COLUMNS, raw, row_totals=False, column_totals=True),
        threshold=threshold,
    )
    rows = [
        RateRow(label, cells[0], cells[1], cells[2], _rate(cells[1], cells[0]), _rate(cells[2], cells[0]))
        for label, cells in zip(table.rows, table.cells, strict=True)
    ]
    return table, rows
