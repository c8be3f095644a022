"""Aggregation for board papers and dashboards: periods, facts read from the database, count tables."""

from feedback.aggregate.facts import CohortFilter, Facts
from feedback.aggregate.period import Period, PeriodError, parse_period
from feedback.aggregate.queries import read_facts
from feedback.aggregate.tables import PromiseResult, change_hint, promise_results

__all__ = [
    "CohortFilter",
    "Facts",
    "Period",
    "PeriodError",
    "PromiseResult",
    "change_hint",
    "parse_period",
    "promise_results",
    "read_facts",
]
