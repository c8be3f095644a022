"""What every part of the demo seed shares: the session, keys, random source, clock, people and staff."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.aggregate.period import Period
from feedback.claims import new_claimant
from feedback.crypto import Sealer
from feedback.demo.texts import FOLLOW_UPS, FREE_TEXT, ISSUES
from feedback.participants import Member
from feedback.staff import StaffAccount
from feedback.textwork import ProcessedText, claim, mark_done

__all__ = ["Council", "at", "day_in"]

# What the background worker would make of each invented text. The texts hold
# no names or places (see ``texts``), so the anonymised text is the text itself.
_KNOWN: dict[str, tuple[tuple[str, ...], str]] = {
    **{text: (themes, sentiment) for text, themes, sentiment in FREE_TEXT},
    **{text: (themes, sentiment) for lines in FOLLOW_UPS.values() for text, themes, sentiment in lines},
    **{text: ((theme,), sentiment) for theme, lines in ISSUES.items() for text, sentiment, _o, _q in lines},
}


def at(day: date, rng: random.Random, *, first_hour: int = 8, last_hour: int = 21) -> datetime:
    """Return a moment on ``day`` between the given hours (UTC), as people write in the day and evening."""
    return datetime.combine(day, time(rng.randint(first_hour, last_hour), rng.randint(0, 59)), tzinfo=UTC)


def day_in(period: Period, rng: random.Random, *, until: date | None = None) -> date:
    """Return a day in ``period``, no later than ``until``."""
    last = min(period.last, until) if until else period.last
    return period.start + timedelta(days=rng.randint(0, max(0, (last - period.start).days)))


@dataclass
class Council:
    """The demo council being built: where it is written, its randomness and clock, its people and staff."""

    session: AsyncSession
    sealer: Sealer
    rng: random.Random
    today: date
    scale: float
    worker: StaffAccount
    lead: StaffAccount
    people: list[Member] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        """Return the start of today: nothing in the demo happens later than this."""
        return datetime.combine(self.today, time(0), tzinfo=UTC)

    def last_day(self, period: Period) -> date | None:
        """Return the last day of ``period`` that is over by today, or None if none is yet."""
        last = min(period.last, self.today - timedelta(days=1))
        return last if last >= period.start else None

    async def anonymise_pending(self) -> int:
        """Do the background worker's job for the texts waiting; return how many were stored.

        Texts go through the same queue as real ones (``claim`` then
        ``mark_done``); only the spaCy step is skipped, because each
        invented text's redaction and themes are known.
        """
        done = 0
        owner = new_claimant()
        while pending := await claim(self.session, self.sealer, owner=owner, limit=500):
            results = []
            for item in pending:
                themes, sentiment = _KNOWN[item.text]
                results.append(ProcessedText(item.source, item.row_id, item.text, themes, sentiment))
            await mark_done(self.session, results, owner=owner)
            done += len(results)
        return done
