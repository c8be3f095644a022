"""Period titles: a running period says "to date" and is compared with as many months before it."""

from __future__ import annotations

from datetime import date

import pytest

from feedback.aggregate.period import PeriodError, parse_period, releasable


def test_a_running_quarter_is_labelled_to_date_and_compared_like_for_like() -> None:
    cut, note = releasable(parse_period("2026-Q4"), date(2026, 12, 5))
    assert (cut.label, cut.title) == ("2026-Q4 to date", "October to November 2026, to date")
    assert (cut.previous().label, cut.previous().title) == ("2026-08 to 2026-09", "August to September 2026")
    assert note is not None and "not over" in note


def test_a_range_equal_to_a_quarter_reads_as_months_and_a_future_one_is_refused() -> None:
    chosen, _ = releasable(parse_period(start=date(2026, 7, 1), last=date(2026, 9, 30)), date(2026, 12, 5))
    assert chosen.title == "July to September 2026" and chosen.previous().label == "2026-04 to 2026-06"
    one, _ = releasable(parse_period(start=date(2026, 9, 1), last=date(2026, 9, 30)), date(2026, 12, 5))
    assert one.title == "September 2026"
    with pytest.raises(PeriodError):
        releasable(parse_period("2027-Q1"), date(2026, 12, 5))
