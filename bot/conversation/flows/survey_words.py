"""What Heard says around a survey (invites, reminders, buttons, thanks), from the catalogue.

The survey's own questions come from the survey file; these are the words
around them (``survey.*`` keys). Invites and reminders follow the ICO
Children's Code: no streaks, no countdowns, no "last chance", and every one
says that taking part is a choice and how to stop messages. Invites are
sent outside any turn, so these functions take the reader's locale
(``catalogue.locale_for``) rather than the turn's.
"""

from __future__ import annotations

from datetime import date

from bot.conversation.catalogue import say, say_in

__all__ = ["long_date", "said", "word"]


def long_date(day: date, locale: str = "en") -> str:
    """Return a date as people write it: "14 December 2026" (or "14 Rhagfyr 2026")."""
    return say_in(locale, "date.long", day=day.day, month=say_in(locale, f"month.{day.month}"), year=day.year)


def word(locale: str, name: str, **values: object) -> str:
    """Return Heard's survey wording ``name`` in a locale (English where a catalogue lacks it)."""
    return say_in(locale, f"survey.{name}", **values)


def said(name: str, **values: object) -> str:
    """Return Heard's survey wording ``name`` in the locale of the turn being answered."""
    return say(f"survey.{name}", **values)
