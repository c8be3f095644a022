"""Campaign policy: is a round open, is an invite or reminder due, and when may it go.

Pure functions of a round's settings, a participant's facts and a clock
value. The scheduler asks again just before dispatch, so a pause or a
finished survey is honoured at once. Reminders follow the ICO Children's
Code: at most two, never to anyone who finished or paused, and missed ones
after downtime are folded into a single message rather than sent in a burst.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from surveys.cohorts import Cohort
from surveys.send_times import (
    LONDON,
    QUIET_HOURS,
    SCHOOL_HOURS,
    DailyWindow,
    next_allowed_time,
    wall_time,
)

MAX_REMINDERS = 2

RoundState = Literal["scheduled", "open", "closed"]
HoldReason = Literal[
    "round_closed",
    "round_not_open",
    "not_in_cohorts",
    "paused",
    "already_invited",
    "not_invited",
    "completed",
    "reminder_cap_reached",
    "no_time_before_close",
]


def _aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must carry a time zone")


@dataclass(frozen=True)
class RoundSettings:
    """What a participation worker chose for a round, checked when it is built."""

    opens_at: datetime
    closes_at: datetime
    cohorts: frozenset[Cohort]
    reminder_days: tuple[int, ...] = (3, 7)
    quiet_hours: DailyWindow | None = QUIET_HOURS
    school_hours: DailyWindow | None = SCHOOL_HOURS  # applied to under-16 cohorts only
    zone: ZoneInfo = field(default=LONDON)

    def __post_init__(self) -> None:
        _aware(self.opens_at, "opens_at")
        _aware(self.closes_at, "closes_at")
        if self.closes_at <= self.opens_at:
            raise ValueError("the round must close after it opens: choose a later closing day or time")
        if not self.cohorts:
            raise ValueError("a round needs at least one cohort")
        days = self.reminder_days
        if len(days) > MAX_REMINDERS:
            raise ValueError(f"at most {MAX_REMINDERS} reminders")
        if any(isinstance(d, bool) or not isinstance(d, int) or d < 1 for d in days):
            raise ValueError("reminder days are whole numbers of days after the invite, from 1")
        if list(days) != sorted(set(days)):
            raise ValueError("reminder days must be different and in increasing order")

    def windows_for(self, cohort: Cohort) -> tuple[DailyWindow, ...]:
        """Return the no-message windows for a cohort (school hours only for under-16s)."""
        windows = [self.quiet_hours] if self.quiet_hours else []
        if cohort.under_16 and self.school_hours:
            windows.append(self.school_hours)
        return tuple(windows)


@dataclass(frozen=True)
class ParticipantFacts:
    """What the store knows about one participant in one round."""

    cohort: Cohort
    paused: bool = False
    invited_at: datetime | None = None
    started: bool = False
    completed: bool = False
    reminders_sent: int = 0

    def __post_init__(self) -> None:
        if self.invited_at is not None:
            _aware(self.invited_at, "invited_at")
        if self.reminders_sent < 0:
            raise ValueError("reminders_sent cannot be negative")


@dataclass(frozen=True)
class Send:
    """Send this message at ``at`` (or now, if ``at`` has passed)."""

    kind: Literal["invite", "reminder"]
    at: datetime
    reminder_number: int | None = None  # store this as reminders_sent once sent
    carry_on: bool = False  # started but not finished: word it as "carry on", never as a loss

    def is_due(self, now: datetime) -> bool:
        """True when the message may go now."""
        return self.at <= now


@dataclass(frozen=True)
class Hold:
    """Send nothing, for this reason."""

    reason: HoldReason


def round_state(settings: RoundSettings, now: datetime) -> RoundState:
    """Return whether the round is scheduled, open (from opens_at) or closed (from closes_at)."""
    _aware(now, "now")
    if now < settings.opens_at:
        return "scheduled"
    return "open" if now < settings.closes_at else "closed"


def next_send_time(settings: RoundSettings, cohort: Cohort, at: datetime) -> datetime:
    """Return the earliest moment at or after ``at`` when this cohort may get a message."""
    return next_allowed_time(at, settings.windows_for(cohort), settings.zone)


def plan_invite(settings: RoundSettings, facts: ParticipantFacts, now: datetime) -> Send | Hold:
    """Return when to invite this participant, or why not to."""
    state = round_state(settings, now)
    common = _common_hold(settings, facts, state)
    if common is not None:
        return common
    if facts.invited_at is not None:
        return Hold("already_invited")
    return _send_before_close(settings, facts, "invite", max(now, settings.opens_at))


def plan_reminder(settings: RoundSettings, facts: ParticipantFacts, now: datetime) -> Send | Hold:
    """Return when to send this participant's next reminder, or why not to.

    Reminder *n* falls due ``reminder_days[n-1]`` days after the invite, at
    the same wall-clock time. If several are overdue (after downtime), one
    reminder goes, numbered as the last overdue one, so the cap still holds.
    """
    state = round_state(settings, now)
    common = _common_hold(settings, facts, state)
    if common is not None:
        return common
    if state == "scheduled":
        return Hold("round_not_open")
    if facts.invited_at is None:
        return Hold("not_invited")
    days = settings.reminder_days
    if facts.reminders_sent >= len(days):
        return Hold("reminder_cap_reached")
    invited = facts.invited_at.astimezone(settings.zone)
    due = [
        wall_time(invited.date() + timedelta(days=d), invited.time().replace(tzinfo=None), settings.zone)
        for d in days
    ]
    overdue = sum(1 for moment in due if moment <= now)
    if overdue > facts.reminders_sent:
        number, earliest = overdue, now
    else:
        number, earliest = facts.reminders_sent + 1, due[facts.reminders_sent]
    return _send_before_close(settings, facts, "reminder", earliest, number)


def _common_hold(settings: RoundSettings, facts: ParticipantFacts, state: RoundState) -> Hold | None:
    if state == "closed":
        return Hold("round_closed")
    if facts.cohort not in settings.cohorts:
        return Hold("not_in_cohorts")
    if facts.paused:
        return Hold("paused")
    if facts.completed:
        return Hold("completed")
    return None


def _send_before_close(
    settings: RoundSettings,
    facts: ParticipantFacts,
    kind: Literal["invite", "reminder"],
    earliest: datetime,
    number: int | None = None,
) -> Send | Hold:
    at = next_send_time(settings, facts.cohort, earliest)
    if at >= settings.closes_at:
        return Hold("no_time_before_close")
    carry_on = kind == "reminder" and facts.started
    return Send(kind, at, reminder_number=number, carry_on=carry_on)
