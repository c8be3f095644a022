"""Reporting periods: a quarter such as ``2026-Q3`` or any run of dates, and the one before it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

__all__ = ["Period", "PeriodError", "parse_period", "quarter_of"]

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


class PeriodError(ValueError):
    """A period was written in a way Heard does not understand; the message shows the forms it does."""


@dataclass(frozen=True, order=True)
class Period:
    """Dates from ``start`` up to and including ``last``, with the label a board reads."""

    start: date
    last: date
    label: str

    def __post_init__(self) -> None:
        if self.last < self.start:
            raise PeriodError(f"the period ends ({self.last}) before it starts ({self.start})")

    @property
    def end(self) -> date:
        """Return the first day after the period (handy for half-open comparisons)."""
        return self.last + timedelta(days=1)

    @property
    def days(self) -> int:
        """Return the length of the period in days."""
        return (self.end - self.start).days

    @property
    def is_quarter(self) -> bool:
        """Return True when the period is exactly one calendar quarter."""
        return quarter_of(self.start) == self and bool(_QUARTER.match(self.label))

    def start_at(self) -> datetime:
        """Return midnight UTC at the start, for comparing with stored timestamps."""
        return datetime.combine(self.start, time(), tzinfo=UTC)

    def end_at(self) -> datetime:
        """Return midnight UTC after the last day."""
        return datetime.combine(self.end, time(), tzinfo=UTC)

    def contains(self, day: date) -> bool:
        """Return True when ``day`` falls in the period."""
        return self.start <= day <= self.last

    def previous(self) -> Period:
        """Return the period just before: the previous quarter, or as many days before."""
        if self.is_quarter:
            return quarter_of(self.start - timedelta(days=1))
        last = self.start - timedelta(days=1)
        start = self.start - timedelta(days=self.days)
        return Period(start, last, f"{start.isoformat()} to {last.isoformat()}")

    @property
    def title(self) -> str:
        """Return the period in words, e.g. ``July to September 2026``."""
        if self.is_quarter:
            return f"{self.start:%B} to {self.last:%B %Y}"
        return f"{self.start:%-d %B %Y} to {self.last:%-d %B %Y}"


def quarter_of(day: date) -> Period:
    """Return the calendar quarter that contains ``day``."""
    q = (day.month - 1) // 3
    start = date(day.year, 3 * q + 1, 1)
    end = date(day.year + 1, 1, 1) if q == 3 else date(day.year, 3 * q + 4, 1)
    return Period(start, end - timedelta(days=1), f"{day.year}-Q{q + 1}")


def parse_period(
    text: str | None = None, *, start: date | None = None, last: date | None = None
) -> Period:
    """Return the period for ``2026-Q3`` or for explicit first and last dates (both included)."""
    if start is not None or last is not None:
        if start is None or last is None:
            raise PeriodError("give both --from and --to dates (YYYY-MM-DD), or a --period like 2026-Q3")
        return Period(start, last, f"{start.isoformat()} to {last.isoformat()}")
    if not text:
        raise PeriodError("give a period like 2026-Q3, or --from and --to dates")
    match = _QUARTER.match(text.strip())
    if not match:
        raise PeriodError(f"period {text!r} is not a quarter; write it like 2026-Q3")
    year, quarter = int(match.group(1)), int(match.group(2))
    return quarter_of(date(year, 3 * quarter - 2, 1))
