"""When a message may be sent: quiet hours for everyone, school hours for under-16s.

Times are wall-clock times in the council's time zone (Europe/London), so
"no messages 21:00-08:00" means the same on both sides of a clock change.
A window that ends at a wall time the clock skips (spring) or repeats
(autumn) ends at the later of the possible moments, which never lets a
message out early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
WEEKDAYS: frozenset[int] = frozenset(range(5))  # Monday=0 … Friday=4


@dataclass(frozen=True)
class DailyWindow:
    """A daily period with no messages; it may run past midnight (21:00-08:00)."""

    start: time
    end: time
    days: frozenset[int] = frozenset(range(7))  # days on which the window *starts*

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("a window's start and end must differ; leave it out to turn it off")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("window times are wall-clock times without a time zone")
        if not self.days or not self.days <= frozenset(range(7)):
            raise ValueError("days are 0 (Monday) to 6 (Sunday), at least one")

    @property
    def crosses_midnight(self) -> bool:
        """True when the window ends on the day after it starts."""
        return self.end < self.start

    def blocked_until(self, local: datetime) -> tuple[date, time] | None:
        """Return the wall-clock end of the window ``local`` falls in, or None if outside."""
        now, today = local.time().replace(tzinfo=None), local.date()
        if self.crosses_midnight:
            if now >= self.start and today.weekday() in self.days:
                return today + timedelta(days=1), self.end
            yesterday = today - timedelta(days=1)
            if now < self.end and yesterday.weekday() in self.days:
                return today, self.end
            return None
        if self.start <= now < self.end and today.weekday() in self.days:
            return today, self.end
        return None


QUIET_HOURS = DailyWindow(time(21, 0), time(8, 0))
SCHOOL_HOURS = DailyWindow(time(8, 30), time(15, 30), WEEKDAYS)


def wall_time(day: date, at: time, zone: ZoneInfo = LONDON) -> datetime:
    """Return the moment a wall clock in ``zone`` shows ``at`` on ``day`` (later one if two)."""
    first = datetime.combine(day, at, tzinfo=zone)
    second = first.replace(fold=1)
    return max(first.astimezone(UTC), second.astimezone(UTC)).astimezone(zone)


def round_moment(day: date, at: time | None, *, closing: bool, zone: ZoneInfo = LONDON) -> datetime:
    """Return when a round opens or closes, from a day and an optional wall-clock time.

    One meaning everywhere (portal, CLI, CSV): a day without a time is the
    whole day, so a round opens at 00:00 at the start of its opening day and
    closes at the end of its closing day (00:00 the next day): "closes on 22
    December" means young people can answer all of 22 December. A time means
    exactly that time on that day. Invites still wait for the end of quiet
    hours, so opening at midnight sends nothing at night.
    """
    if at is not None:
        return wall_time(day, at, zone)
    return wall_time(day + timedelta(days=1) if closing else day, time(0), zone)


def next_allowed_time(at: datetime, windows: tuple[DailyWindow, ...], zone: ZoneInfo = LONDON) -> datetime:
    """Return the earliest moment at or after ``at`` outside every window, in ``zone``.

    Raises ValueError for a naive datetime, or when the windows leave no time free.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("times must carry a time zone")
    candidate = at.astimezone(zone)
    # Each step jumps to the end of a window; two windows a day cannot need more
    # than a few jumps, so a bound this large only trips on windows covering all time.
    for _ in range(64):
        ends = [w.blocked_until(candidate) for w in windows]
        moments = [wall_time(day, end, zone) for day, end in (e for e in ends if e is not None)]
        if not moments:
            return candidate
        # Inside several windows at once, every moment up to the latest end is
        # blocked by the window that ends last, so jump straight there.
        candidate = max(moments)
    raise ValueError("the quiet and school hours leave no time to send messages")


def is_allowed(at: datetime, windows: tuple[DailyWindow, ...], zone: ZoneInfo = LONDON) -> bool:
    """True when ``at`` falls outside every window."""
    local = at.astimezone(zone)
    return all(w.blocked_until(local) is None for w in windows)
