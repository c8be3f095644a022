"""Campaign policy with a controllable clock: open, invite, remind, quiet hours, close, DST."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from surveys.campaign import (
    Hold,
    ParticipantFacts,
    RoundSettings,
    Send,
    next_send_time,
    plan_invite,
    plan_reminder,
    round_state,
)
from surveys.cohorts import Cohort
from surveys.send_times import LONDON, DailyWindow, is_allowed, next_allowed_time

UNDER_16 = Cohort("in_care", "11-15")
IN_CARE_16 = Cohort("in_care", "16-17")
LEAVER = Cohort("care_leaver", "16-25")


def london(y: int, m: int, d: int, h: int = 0, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=LONDON, fold=fold)


def settings(**overrides: object) -> RoundSettings:
    values: dict[str, object] = {
        # Monday 2 November 2026, 10:00, to Monday 30 November.
        "opens_at": london(2026, 11, 2, 10),
        "closes_at": london(2026, 11, 30, 17),
        "cohorts": frozenset({UNDER_16, IN_CARE_16, LEAVER}),
    }
    values.update(overrides)
    return RoundSettings(**values)  # type: ignore[arg-type]


def sent(decision: Send | Hold) -> Send:
    assert isinstance(decision, Send), decision
    return decision


def held(decision: Send | Hold) -> str:
    assert isinstance(decision, Hold), decision
    return decision.reason


def test_round_state_follows_the_clock() -> None:
    s = settings()
    assert round_state(s, s.opens_at - timedelta(seconds=1)) == "scheduled"
    assert round_state(s, s.opens_at) == "open"
    assert round_state(s, s.closes_at - timedelta(seconds=1)) == "open"
    assert round_state(s, s.closes_at) == "closed"


def test_invites_wait_for_the_round_to_open() -> None:
    s = settings()
    invite = sent(plan_invite(s, ParticipantFacts(LEAVER), london(2026, 10, 30, 12)))
    assert invite.at == s.opens_at and invite.kind == "invite"
    assert not invite.is_due(london(2026, 10, 30, 12)) and invite.is_due(s.opens_at)


def test_under_16s_are_not_messaged_in_school_hours() -> None:
    s = settings()
    # The round opens on a Monday at 10:00: after school for under-16s.
    assert sent(plan_invite(s, ParticipantFacts(UNDER_16), s.opens_at)).at == london(2026, 11, 2, 15, 30)
    # 16-17 year olds in care and care leavers are not held back by school hours.
    assert sent(plan_invite(s, ParticipantFacts(IN_CARE_16), s.opens_at)).at == s.opens_at
    # Before school and at weekends are fine.
    assert next_send_time(s, UNDER_16, london(2026, 11, 3, 8, 10)) == london(2026, 11, 3, 8, 10)
    assert next_send_time(s, UNDER_16, london(2026, 11, 7, 11)) == london(2026, 11, 7, 11)


@pytest.mark.parametrize(
    ("cohort", "at", "expected"),
    [
        (LEAVER, london(2026, 11, 3, 21), london(2026, 11, 4, 8)),
        (LEAVER, london(2026, 11, 3, 23, 59), london(2026, 11, 4, 8)),
        (LEAVER, london(2026, 11, 4, 7, 59), london(2026, 11, 4, 8)),
        (LEAVER, london(2026, 11, 4, 8), london(2026, 11, 4, 8)),
        (LEAVER, london(2026, 11, 4, 20, 59), london(2026, 11, 4, 20, 59)),
        # Friday night to Saturday morning: no school on Saturday.
        (UNDER_16, london(2026, 11, 6, 21, 30), london(2026, 11, 7, 8)),
        # Sunday night to Monday 08:00, which is before school.
        (UNDER_16, london(2026, 11, 8, 22), london(2026, 11, 9, 8)),
        (UNDER_16, london(2026, 11, 9, 8, 30), london(2026, 11, 9, 15, 30)),
        (UNDER_16, london(2026, 11, 9, 15, 29), london(2026, 11, 9, 15, 30)),
    ],
)
def test_quiet_hours(cohort: Cohort, at: datetime, expected: datetime) -> None:
    assert next_send_time(settings(), cohort, at) == expected


def test_school_hours_are_configurable_and_can_be_turned_off() -> None:
    later_school = settings(school_hours=DailyWindow(time(9), time(16), frozenset(range(5))))
    assert next_send_time(later_school, UNDER_16, london(2026, 11, 9, 8, 45)) == london(2026, 11, 9, 8, 45)
    assert next_send_time(later_school, UNDER_16, london(2026, 11, 9, 9)) == london(2026, 11, 9, 16)
    no_school = settings(school_hours=None, quiet_hours=None)
    at = london(2026, 11, 9, 23)
    assert next_send_time(no_school, UNDER_16, at) == at


@pytest.mark.parametrize(
    ("facts", "now", "reason"),
    [
        (ParticipantFacts(LEAVER), london(2026, 11, 30, 17), "round_closed"),
        (ParticipantFacts(LEAVER, paused=True), london(2026, 11, 3, 12), "paused"),
        (ParticipantFacts(LEAVER, completed=True), london(2026, 11, 3, 12), "completed"),
        (
            ParticipantFacts(LEAVER, invited_at=london(2026, 11, 2, 10)),
            london(2026, 11, 3, 12),
            "already_invited",
        ),
        (ParticipantFacts(Cohort("in_care", "8-10")), london(2026, 11, 3, 12), "not_in_cohorts"),
        (ParticipantFacts(LEAVER), london(2026, 11, 29, 21, 30), "no_time_before_close"),
    ],
)
def test_invites_held_back(facts: ParticipantFacts, now: datetime, reason: str) -> None:
    s = settings(closes_at=london(2026, 11, 30, 7))
    assert held(plan_invite(s, facts, now)) == reason


def test_reminders_follow_the_chosen_days_and_stop_at_the_cap() -> None:
    s = settings()
    invited = london(2026, 11, 2, 10)
    person = ParticipantFacts(LEAVER, invited_at=invited)
    first = sent(plan_reminder(s, person, london(2026, 11, 3, 12)))
    assert (first.at, first.reminder_number, first.kind) == (london(2026, 11, 5, 10), 1, "reminder")
    assert first.is_due(london(2026, 11, 5, 10)) and not first.is_due(london(2026, 11, 5, 9, 59))
    after_one = ParticipantFacts(LEAVER, invited_at=invited, reminders_sent=1)
    second = sent(plan_reminder(s, after_one, london(2026, 11, 5, 10, 1)))
    assert (second.at, second.reminder_number) == (london(2026, 11, 9, 10), 2)
    after_two = ParticipantFacts(LEAVER, invited_at=invited, reminders_sent=2)
    assert held(plan_reminder(s, after_two, london(2026, 11, 20))) == "reminder_cap_reached"


def test_missed_reminders_after_downtime_become_one() -> None:
    s = settings()
    person = ParticipantFacts(LEAVER, invited_at=london(2026, 11, 2, 10))
    late = london(2026, 11, 10, 12)  # both day 3 and day 7 have passed
    reminder = sent(plan_reminder(s, person, late))
    assert (reminder.at, reminder.reminder_number) == (late, 2)
    caught_up = ParticipantFacts(LEAVER, invited_at=person.invited_at, reminders_sent=2)
    assert held(plan_reminder(s, caught_up, late)) == "reminder_cap_reached"


def test_reminders_never_go_to_finished_paused_or_uninvited_people() -> None:
    s, now = settings(), london(2026, 11, 10, 12)
    invited = london(2026, 11, 2, 10)
    assert (
        held(plan_reminder(s, ParticipantFacts(LEAVER, invited_at=invited, completed=True), now))
        == "completed"
    )
    assert held(plan_reminder(s, ParticipantFacts(LEAVER, invited_at=invited, paused=True), now)) == "paused"
    assert held(plan_reminder(s, ParticipantFacts(LEAVER), now)) == "not_invited"
    assert held(plan_reminder(s, ParticipantFacts(LEAVER), london(2026, 11, 1))) == ("round_not_open")
    assert held(plan_reminder(s, ParticipantFacts(LEAVER, invited_at=invited), s.closes_at)) == "round_closed"


def test_a_started_survey_gets_a_carry_on_reminder() -> None:
    person = ParticipantFacts(LEAVER, invited_at=london(2026, 11, 2, 10), started=True)
    assert sent(plan_reminder(settings(), person, london(2026, 11, 3))).carry_on
    fresh = ParticipantFacts(LEAVER, invited_at=london(2026, 11, 2, 10))
    assert not sent(plan_reminder(settings(), fresh, london(2026, 11, 3))).carry_on


def test_a_reminder_falling_in_school_hours_waits_for_the_end_of_school() -> None:
    s = settings(opens_at=london(2026, 11, 7, 9))
    person = ParticipantFacts(UNDER_16, invited_at=london(2026, 11, 7, 10))  # a Saturday
    reminder = sent(plan_reminder(s, person, london(2026, 11, 8)))
    assert reminder.at == london(2026, 11, 10, 15, 30)  # day 3 is a Tuesday


def test_no_reminder_when_no_allowed_time_is_left_before_close() -> None:
    s = settings(closes_at=london(2026, 11, 5, 9))
    person = ParticipantFacts(LEAVER, invited_at=london(2026, 11, 2, 10))
    assert held(plan_reminder(s, person, london(2026, 11, 4, 12))) == "no_time_before_close"


def test_reminder_days_keep_wall_clock_time_across_the_spring_clock_change() -> None:
    s = settings(opens_at=london(2026, 3, 20), closes_at=london(2026, 4, 30))
    invited = london(2026, 3, 27, 12)  # Friday, GMT; clocks go forward on Sunday 29 March
    reminder = sent(plan_reminder(s, ParticipantFacts(LEAVER, invited_at=invited), london(2026, 3, 28)))
    assert reminder.at == london(2026, 3, 30, 12)
    assert reminder.at.astimezone(UTC) - invited.astimezone(UTC) == timedelta(days=3, hours=-1)


@pytest.mark.parametrize(
    ("at", "expected_utc"),
    [
        # Spring: 08:00 on Sunday 29 March 2026 is already BST, so 07:00 UTC.
        (london(2026, 3, 28, 21, 30), datetime(2026, 3, 29, 7, tzinfo=UTC)),
        # Autumn: 08:00 on Sunday 25 October 2026 is back on GMT.
        (london(2026, 10, 24, 22), datetime(2026, 10, 25, 8, tzinfo=UTC)),
        (london(2026, 10, 25, 1, 30, fold=1), datetime(2026, 10, 25, 8, tzinfo=UTC)),
    ],
)
def test_quiet_hours_across_clock_changes(at: datetime, expected_utc: datetime) -> None:
    assert next_send_time(settings(), LEAVER, at) == expected_utc


def test_a_window_ending_in_the_skipped_spring_hour_ends_after_it() -> None:
    late = (DailyWindow(time(21), time(1, 30)),)
    result = next_allowed_time(london(2026, 3, 29, 0, 30), late)
    assert result.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 BST
    assert is_allowed(result, late)


def test_a_window_ending_in_the_repeated_autumn_hour_ends_at_the_later_one() -> None:
    late = (DailyWindow(time(21), time(1, 30)),)
    result = next_allowed_time(london(2026, 10, 25, 1, 10), late)  # first 01:10, BST
    assert result.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"opens_at": datetime(2026, 11, 2, 10)}, "time zone"),
        ({"closes_at": london(2026, 11, 1)}, "close after it opens"),
        ({"reminder_days": (1, 2, 3)}, "at most 2"),
        ({"reminder_days": (7, 3)}, "increasing"),
        ({"reminder_days": (3, 3)}, "increasing"),
        ({"reminder_days": (0,)}, "from 1"),
        ({"cohorts": frozenset()}, "at least one cohort"),
    ],
)
def test_round_settings_refuse_bad_values(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings(**overrides)


def test_windows_and_facts_refuse_bad_values() -> None:
    with pytest.raises(ValueError, match="differ"):
        DailyWindow(time(8), time(8))
    with pytest.raises(ValueError, match="time zone"):
        ParticipantFacts(LEAVER, invited_at=datetime(2026, 11, 2))
    with pytest.raises(ValueError, match="negative"):
        ParticipantFacts(LEAVER, reminders_sent=-1)
    with pytest.raises(ValueError, match="not used"):
        Cohort("care_leaver", "8-10")
    with pytest.raises(ValueError, match="time zone"):
        next_allowed_time(datetime(2026, 11, 2), ())


def test_windows_that_cover_the_whole_day_are_an_error() -> None:
    everything = (DailyWindow(time(23), time(12)), DailyWindow(time(11), time(23, 30)))
    with pytest.raises(ValueError, match="no time"):
        next_allowed_time(london(2026, 11, 2, 10), everything)
