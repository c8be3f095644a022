"""Properties of campaign policy over random clocks, windows and participants."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.campaign import ParticipantFacts, RoundSettings, Send, plan_invite, plan_reminder
from surveys.cohorts import ALL_COHORTS
from surveys.rates import count_responses
from surveys.send_times import LONDON, DailyWindow, is_allowed, next_allowed_time

# 2026 includes both clock changes (29 March and 25 October).
moments = st.datetimes(
    min_value=datetime(2026, 1, 1),
    max_value=datetime(2026, 12, 31),
    timezones=st.just(LONDON),
    allow_imaginary=False,
)
minutes = st.integers(0, 24 * 60 - 1).map(lambda m: time(m // 60, m % 60))


@st.composite
def windows(draw: st.DrawFn) -> DailyWindow:
    """A window of at most 11 hours, so two of them can never cover a whole day."""
    start = draw(st.integers(0, 24 * 60 - 1))
    length = draw(st.integers(1, 11 * 60))
    end = (start + length) % (24 * 60)
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    return DailyWindow(time(start // 60, start % 60), time(end // 60, end % 60), days)


@settings(max_examples=300, deadline=None)
@given(at=moments, chosen=st.lists(windows(), max_size=2))
def test_send_time_is_never_inside_a_window_and_never_later_than_needed(
    at: datetime, chosen: list[DailyWindow]
) -> None:
    blocked = tuple(chosen)
    result = next_allowed_time(at, blocked)
    assert result >= at
    assert is_allowed(result, blocked)
    if result > at:
        just_before = result - timedelta(minutes=1)
        assert just_before < at or not is_allowed(just_before, blocked)


@settings(max_examples=200, deadline=None)
@given(at=moments)
def test_default_quiet_and_school_hours_hold_for_every_cohort(at: datetime) -> None:
    round_ = RoundSettings(
        opens_at=datetime(2026, 1, 1, tzinfo=LONDON),
        closes_at=datetime(2027, 1, 1, tzinfo=LONDON),
        cohorts=frozenset(ALL_COHORTS),
    )
    for cohort in ALL_COHORTS:
        decision = plan_invite(round_, ParticipantFacts(cohort), at)
        assert isinstance(decision, Send)
        local = decision.at.astimezone(LONDON)
        assert time(8) <= local.time() < time(21)
        if cohort.under_16 and local.weekday() < 5:
            assert not time(8, 30) <= local.time() < time(15, 30)


@settings(max_examples=150, deadline=None)
@given(
    opens=moments,
    length_days=st.integers(1, 40),
    days=st.lists(st.integers(1, 14), max_size=2, unique=True).map(lambda d: tuple(sorted(d))),
    cohort=st.sampled_from(ALL_COHORTS),
    steps=st.lists(st.integers(1, 60 * 60 * 30), min_size=1, max_size=60),
    pause_at=st.one_of(st.none(), st.integers(0, 59)),
    finish_at=st.one_of(st.none(), st.integers(0, 59)),
)
def test_a_simulated_round_never_exceeds_the_cap_or_messages_at_the_wrong_time(
    opens: datetime,
    length_days: int,
    days: tuple[int, ...],
    cohort: object,
    steps: list[int],
    pause_at: int | None,
    finish_at: int | None,
) -> None:
    round_ = RoundSettings(
        opens_at=opens,
        closes_at=opens + timedelta(days=length_days),
        cohorts=frozenset(ALL_COHORTS),
        reminder_days=days,
    )
    facts = ParticipantFacts(cohort)  # type: ignore[arg-type]
    now = opens - timedelta(hours=1)
    invites = reminders = 0
    for index, step in enumerate(steps):
        now += timedelta(seconds=step)
        if index == pause_at:
            facts = ParticipantFacts(facts.cohort, True, facts.invited_at, False, False, facts.reminders_sent)
        if index == finish_at:
            facts = ParticipantFacts(
                facts.cohort, facts.paused, facts.invited_at, True, True, facts.reminders_sent
            )
        for plan in (plan_invite, plan_reminder):
            decision = plan(round_, facts, now)
            if not (isinstance(decision, Send) and decision.is_due(now)):
                continue
            assert not facts.paused and not facts.completed
            assert round_.opens_at <= now < round_.closes_at
            assert is_allowed(now, round_.windows_for(facts.cohort))
            if decision.kind == "invite":
                invites += 1
                facts = ParticipantFacts(facts.cohort, invited_at=now)
            else:
                reminders += 1
                assert decision.reminder_number is not None
                assert decision.reminder_number > facts.reminders_sent
                facts = ParticipantFacts(
                    facts.cohort,
                    facts.paused,
                    facts.invited_at,
                    facts.started,
                    facts.completed,
                    decision.reminder_number,
                )
    assert invites <= 1
    assert reminders <= facts.reminders_sent <= len(days) <= 2


@given(
    st.lists(
        st.tuples(st.sampled_from(ALL_COHORTS), st.booleans(), st.booleans(), st.booleans()), max_size=40
    )
)
def test_response_counts_add_up(people: list[tuple[object, bool, bool, bool]]) -> None:
    invited_at = datetime(2026, 11, 2, tzinfo=LONDON)
    facts = [
        ParticipantFacts(
            cohort,
            invited_at=invited_at if invited else None,  # type: ignore[arg-type]
            started=started,
            completed=completed,
        )
        for cohort, invited, started, completed in people
    ]
    result = count_responses(facts)
    assert result.total.invited == sum(1 for f in facts if f.invited_at)
    assert result.total.completed == sum(1 for f in facts if f.invited_at and f.completed)
    for counts in result.by_cohort.values():
        assert counts.completed <= counts.started <= counts.invited
    assert sum(c.invited for c in result.by_cohort.values()) == result.total.invited
