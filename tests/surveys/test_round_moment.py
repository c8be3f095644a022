"""Round dates have one meaning in the portal and the CLI: a day alone is the whole day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.cli.campaign import parse_when
from bot.portal.rounds import RoundDraft, check_draft
from surveys import load_bank
from surveys.send_times import round_moment

LONDON = ZoneInfo("Europe/London")


def test_a_day_alone_opens_at_its_start_and_closes_at_its_end() -> None:
    day = date(2026, 12, 22)
    assert round_moment(day, None, closing=False) == datetime(2026, 12, 22, tzinfo=LONDON)
    assert round_moment(day, None, closing=True) == datetime(2026, 12, 23, tzinfo=LONDON)
    assert round_moment(day, time(18, 0), closing=True) == datetime(2026, 12, 22, 18, tzinfo=LONDON)


def test_the_portal_and_the_cli_read_the_same_dates_the_same_way() -> None:
    bank = load_bank()
    survey = bank.surveys[0]
    now = datetime(2026, 11, 1, 12, tzinfo=LONDON)
    cohort = f"{survey.audience.care_status[0]}:{survey.audience.age_bands[0]}"
    draft = RoundDraft(
        "Winter", f"{survey.id}@{survey.version}", (cohort,), "2026-12-01", "2026-12-22", "3, 7", ""
    )
    _, settings = check_draft(draft, bank, now)
    assert settings.opens_at == parse_when("2026-12-01", "--opens")
    assert settings.closes_at == parse_when("2026-12-22", "--closes")
    _, settings = check_draft(replace(draft, opens_time="09:30", closes_time="18:00"), bank, now)
    assert settings.opens_at == parse_when("2026-12-01 09:30", "--opens")
    assert settings.closes_at == parse_when("2026-12-22 18:00", "--closes")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"closes_on": "2026-12-01", "closes_time": "08:00", "opens_time": "09:00"}, "close after it opens"),
        ({"closes_on": "2026-10-01", "opens_on": "2026-09-01"}, "already have closed"),
        ({"cohorts": ()}, "at least one group"),
        ({"closes_time": "25:99"}, "hours and minutes"),
    ],
)
def test_problems_are_said_in_staff_words(change: dict[str, object], says: str) -> None:
    bank = load_bank()
    survey = bank.surveys[0]
    cohort = f"{survey.audience.care_status[0]}:{survey.audience.age_bands[0]}"
    draft = RoundDraft(
        "Winter", f"{survey.id}@{survey.version}", (cohort,), "2026-12-01", "2026-12-22", "3, 7", ""
    )
    with pytest.raises(ValueError, match=says) as caught:
        check_draft(replace(draft, **change), bank, datetime(2026, 11, 1, 12, tzinfo=LONDON))  # type: ignore[arg-type]
    assert "_at" not in str(caught.value) and "_" not in str(caught.value)
