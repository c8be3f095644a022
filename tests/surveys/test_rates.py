"""Response counts per cohort for a round."""

from __future__ import annotations

from datetime import datetime

from surveys.campaign import ParticipantFacts
from surveys.cohorts import Cohort
from surveys.rates import ResponseCounts, count_responses
from surveys.send_times import LONDON

INVITED = datetime(2026, 11, 2, 10, tzinfo=LONDON)
YOUNG = Cohort("in_care", "8-10")
LEAVER = Cohort("care_leaver", "16-25")


def test_counts_per_cohort_and_in_total() -> None:
    people = [
        ParticipantFacts(YOUNG, invited_at=INVITED),
        ParticipantFacts(YOUNG, invited_at=INVITED, started=True),
        ParticipantFacts(YOUNG, invited_at=INVITED, started=True, completed=True),
        ParticipantFacts(LEAVER, invited_at=INVITED, completed=True),  # finished counts as started
        ParticipantFacts(LEAVER),  # never invited: not counted
        ParticipantFacts(LEAVER, started=True),
    ]
    result = count_responses(people)
    assert result.by_cohort == {
        YOUNG: ResponseCounts(invited=3, started=2, completed=1),
        LEAVER: ResponseCounts(invited=1, started=1, completed=1),
    }
    assert result.total == ResponseCounts(invited=4, started=3, completed=2)


def test_no_participants_gives_zero_counts() -> None:
    result = count_responses([])
    assert result.by_cohort == {} and result.total == ResponseCounts(0, 0, 0)
