"""A cohort has one spelling wherever people type or read one: ``in-care:11-15``; older ones still work."""

from __future__ import annotations

import re

import pytest

from bot.cli.campaign import parse_cohorts
from feedback.aggregate import CohortFilter
from surveys.cohorts import ALL_COHORTS, Cohort, cohort_code, parse_cohort, read_cohort, read_cohort_code


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


@pytest.mark.parametrize("typed", ["in-care:11-15", "in_care:11-15", "In care : 11-15"])
def test_one_reading_of_a_cohort_for_commands_pages_and_papers(typed: str) -> None:
    assert read_cohort(typed) == ("in_care", "11-15")
    assert parse_cohort(typed) == Cohort("in_care", "11-15")
    assert CohortFilter.parse(typed) == CohortFilter("in_care", "11-15")
    assert read_cohort("care-leaver") == ("care_leaver", None)
    assert CohortFilter.parse("care-leaver").key == "care_leaver"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("adults:16-25", "unknown care status 'adults'; use in-care or care-leaver"),
        ("", "unknown care status ''; use in-care or care-leaver"),
        ("care-leaver:11-15", "age band '11-15' is not used for care-leaver; use one of 16-25"),
        ("in-care", "'in-care' needs an age band, for example in-care:8-10"),
    ],
)
def test_a_cohort_that_is_not_one_says_what_to_write(typed: str, words: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(words)}$"):
        parse_cohort(typed)


def test_heard_campaign_reads_cohorts_with_the_one_reader() -> None:
    from bot.cli._errors import UserError

    in_care = tuple(c for c in ALL_COHORTS if c.care_status == "in_care")
    assert parse_cohorts(["In care"], in_care) == in_care
    with pytest.raises(UserError, match=r"^--cohort 'adults': unknown care status 'adults'; use in-care or"):
        parse_cohorts(["adults"], in_care)
    with pytest.raises(UserError, match="that the survey is written for"):
        parse_cohorts(["care-leaver"], in_care)
