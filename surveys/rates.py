"""Response counts for a round, per cohort and overall, as plain numbers.

Only people who were invited are counted, so completed <= started <= invited
always holds and a rate never exceeds 100 %. Small numbers are suppressed by
whoever shows these counts, not here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from surveys.campaign import ParticipantFacts
from surveys.cohorts import Cohort


@dataclass(frozen=True)
class ResponseCounts:
    """How many were invited, started and completed."""

    invited: int = 0
    started: int = 0
    completed: int = 0

    def __add__(self, other: ResponseCounts) -> ResponseCounts:
        return ResponseCounts(
            self.invited + other.invited,
            self.started + other.started,
            self.completed + other.completed,
        )


@dataclass(frozen=True)
class RoundResponses:
    """Counts for each cohort that has any invited member, and the total."""

    by_cohort: dict[Cohort, ResponseCounts]
    total: ResponseCounts


def count_responses(participants: Iterable[ParticipantFacts]) -> RoundResponses:
    """Return invited, started and completed counts; finishing counts as having started."""
    by_cohort: dict[Cohort, ResponseCounts] = {}
    for person in participants:
        if person.invited_at is None:
            continue
        started = person.started or person.completed
        one = ResponseCounts(1, int(started), int(person.completed))
        by_cohort[person.cohort] = by_cohort.get(person.cohort, ResponseCounts()) + one
    total = sum(by_cohort.values(), ResponseCounts())
    return RoundResponses(dict(sorted(by_cohort.items())), total)
