"""Reporting periods: a quarter such as ``2026-Q3`` or any run of dates, and the one before it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

__all__ = ["Period", "PeriodError", "month_of", "parse_period", "quarter_of", "releasable"]

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

    @property
    def whole_months(self) -> bool:
        """Return True when the period starts on a 1st and ends on the last day of a month."""
        return self.start.day == 1 and self.end.day == 1

    def months(self) -> list[Period]:
        """Return the calendar months the period covers (whole-month periods only)."""
        found, day = [], self.start
        while day <= self.last:
            month = month_of(day)
            found.append(month)
            day = month.end
        return found

    def previous(self) -> Period:
        """Return the period just before: the previous quarter, as many months, or as many days."""
        if self.is_quarter:
            return quarter_of(self.start - timedelta(days=1))
        if self.whole_months:
            count = len(self.months())
            start = self.start
            for _ in range(count):
                start = month_of(start - timedelta(days=1)).start
            last = self.start - timedelta(days=1)
            return Period(start, last, _months_label(start, last))
        last = self.start - timedelta(days=1)
        start = self.start - timedelta(days=self.days)
        return Period(start, last, f"{start.isoformat()} to {last.isoformat()}")

    @property
    def title(self) -> str:
        """Return the period in words, e.g. ``July to September 2026``, or ``October 2026 to date``.

        A period still running (cut to its complete months by :func:`releasable`)
        says "to date", so a board never reads part of a quarter as all of it.
        """
        if self.is_quarter:
            return f"{self.start:%B} to {self.last:%B %Y}"
        if not self.whole_months:
            return f"{self.start:%-d %B %Y} to {self.last:%-d %B %Y}"
        if (self.start.year, self.start.month) == (self.last.year, self.last.month):
            words = f"{self.start:%B %Y}"
        elif self.start.year == self.last.year:
            words = f"{self.start:%B} to {self.last:%B %Y}"
        else:
            words = f"{self.start:%B %Y} to {self.last:%B %Y}"
        return f"{words}, to date" if self.label.endswith(_TO_DATE) else words


def _months_label(start: date, last: date) -> str:
    return (
        f"{start:%Y-%m}"
        if (start.year, start.month) == (last.year, last.month)
        else f"{start:%Y-%m} to {last:%Y-%m}"
    )


def month_of(day: date) -> Period:
    """Return the calendar month that contains ``day``, labelled like ``2026-07``."""
    start = date(day.year, day.month, 1)
    end = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
    return Period(start, end - timedelta(days=1), f"{start:%Y-%m}")


_TO_DATE = " to date"


def releasable(period: Period, today: date) -> tuple[Period, str | None]:
    """Return the part of ``period`` Heard may publish on ``today``, and a note when it is incomplete.

    Numbers are released in whole months only, and only for months that are
    over: two releases a day apart would otherwise give away that day by
    subtraction. A period still running is cut to its complete months and
    labelled; a period with no complete month yet is refused.
    """
    if not period.whole_months:
        raise PeriodError(
            f"custom ranges must be whole months (from a 1st to a month's last day), e.g. "
            f"--from {period.start:%Y-%m}-01 --to {month_of(period.last).last.isoformat()}"
        )
    if period.start > today:
        raise PeriodError(f"{period.label} has not started yet; papers cover months that are over")
    if period.last < today:
        return period, None
    done = [m for m in period.months() if m.last < today]
    if not done:
        raise PeriodError(
            f"{period.label} has no complete month yet (today is {today:%-d %B %Y}); "
            "papers cover months that are over"
        )
    cut = Period(done[0].start, done[-1].last, f"{period.label}{_TO_DATE}")
    note = (
        f"Incomplete: {period.label} is not over, so this paper covers only "
        f"{done[0].start:%-d %B} to {done[-1].last:%-d %B %Y}."
    )
    return cut, note


def quarter_of(day: date) -> Period:
    """Return the calendar quarter that contains ``day``."""
    q = (day.month - 1) // 3
    start = date(day.year, 3 * q + 1, 1)
    end = date(day.year + 1, 1, 1) if q == 3 else date(day.year, 3 * q + 4, 1)
    return Period(start, end - timedelta(days=1), f"{day.year}-Q{q + 1}")


def parse_period(text: str | None = None, *, start: date | None = None, last: date | None = None) -> Period:
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
