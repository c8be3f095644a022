"""A cohort has one spelling wherever people type or read one: ``in-care:11-15``; older ones still work."""

from __future__ import annotations

import pytest

from bot.cli.campaign import parse_cohorts
from surveys.cohorts import ALL_COHORTS, Cohort, cohort_code, read_cohort_code


@pytest.mark.parametrize("typed", ["in-care:11-15", "in_care:11-15", "In care:11-15", " in-care : 11-15 "])
def test_every_spelling_reads_as_the_stored_one(typed: str) -> None:
    assert read_cohort_code(typed) == "in_care:11-15"


def test_commands_and_pages_show_one_spelling() -> None:
    assert Cohort("care_leaver", "16-25").code == "care-leaver:16-25" == cohort_code("care_leaver", "16-25")
    assert cohort_code("in_care") == "in-care"
    assert parse_cohorts(["in-care:11-15", "in_care:16-17"], ALL_COHORTS) == (
        Cohort("in_care", "11-15"),
        Cohort("in_care", "16-17"),
    )
    with pytest.raises(ValueError, match="not used for in-care"):
        Cohort("in_care", "16-25")
