"""Alerts by week: how many were urgent, how many a concern, and how many a lead marked "not a concern".

The council needs an honest false-alarm rate for the risk check, so every
alert is counted in the week it was raised (Monday to Sunday, UK time), at
the level it has now, and alerts not yet looked at are counted apart rather
than assumed right or wrong. The figures are exact: they are shown only to
safeguarding leads, who see every alert one by one anyway, and are never
published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import Alert, table_of

__all__ = ["AlertWeek", "AlertWeeks", "count_weeks", "weekly_counts"]

LONDON = ZoneInfo("Europe/London")
_alert = table_of(Alert)


@dataclass(frozen=True)
class AlertWeek:
    """One week's alerts: ``starts`` is its Monday (UK time)."""

    starts: date
    urgent: int = 0
    concern: int = 0
    not_a_concern: int = 0  # of urgent + concern, marked "not a concern" by a lead
    waiting: int = 0  # of urgent + concern, not yet acknowledged or set aside

    @property
    def total(self) -> int:
        """Return every alert raised that week."""
        return self.urgent + self.concern


@dataclass(frozen=True)
class AlertWeeks:
    """Several weeks, newest first, with the totals a false-alarm rate is read from."""

    weeks: tuple[AlertWeek, ...]

    @property
    def total(self) -> int:
        """Return every alert in these weeks."""
        return sum(w.total for w in self.weeks)

    @property
    def not_a_concern(self) -> int:
        """Return how many of them a lead marked "not a concern"."""
        return sum(w.not_a_concern for w in self.weeks)

    @property
    def waiting(self) -> int:
        """Return how many of them nobody has looked at yet."""
        return sum(w.waiting for w in self.weeks)

    @property
    def false_alarm_percent(self) -> int | None:
        """Return "not a concern" as a whole percentage of the alerts looked at; None before any were."""
        looked_at = self.total - self.waiting
        return round(100 * self.not_a_concern / looked_at) if looked_at else None


def _monday(moment: datetime, zone: ZoneInfo) -> date:
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def count_weeks(
    alerts: Iterable[tuple[datetime, str, bool, bool]], *, now: datetime, weeks: int, zone: ZoneInfo = LONDON
) -> AlertWeeks:
    """Return ``weeks`` weeks up to ``now``'s, newest first, from (raised at, level, set aside, waiting)."""
    this_week = _monday(now, zone)
    starts = [this_week - timedelta(weeks=n) for n in range(weeks)]
    tally = {start: [0, 0, 0, 0] for start in starts}
    for created, level, dismissed, waiting in alerts:
        counts = tally.get(_monday(created, zone))
        if counts is None:
            continue
        counts[0 if level == "urgent" else 1] += 1
        counts[2] += dismissed
        counts[3] += waiting
    return AlertWeeks(tuple(AlertWeek(start, *tally[start]) for start in starts))


async def weekly_counts(
    session: AsyncSession, *, now: datetime, weeks: int = 8, zone: ZoneInfo = LONDON
) -> AlertWeeks:
    """Return the last ``weeks`` weeks of alerts (this week first) by level, set aside and waiting."""
    since = datetime.combine(_monday(now, zone) - timedelta(weeks=weeks - 1), datetime.min.time(), zone)
    stmt = select(_alert.c.created_at, _alert.c.level, _alert.c.dismissed_at, _alert.c.acknowledged_at).where(
        _alert.c.created_at >= since
    )
    rows = (await session.execute(stmt)).all()
    return count_weeks(
        ((created, level, dismissed is not None, acked is None) for created, level, dismissed, acked in rows),
        now=now,
        weeks=weeks,
        zone=zone,
    )
