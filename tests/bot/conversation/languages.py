"""What a language walk-through expects to read: from the catalogues and survey files, never typed in."""

from __future__ import annotations

import re

from bot.conversation.catalogue import BASE, EASY_READ, say_in
from surveys.bank import load_bank
from surveys.texts import word_survey

__all__ = ["LANGUAGES", "flat", "part", "reads", "survey_title"]

# (locale, the survey language stored for the person, easy read on)
LANGUAGES = [(BASE, "en", False), (EASY_READ, "en", True), ("cy", "cy", False)]


def flat(text: str) -> str:
    """Return ``text`` with every run of white space as one space (pages wrap and join lines)."""
    return " ".join(text.split())


def part(locale: str, key: str) -> str:
    """Return the longest stretch of a message with no placeholder in it: what must appear on screen."""
    text = say_in(locale, key)
    pieces = [flat(p) for line in text.splitlines() for p in re.split(r"\{[^}]*\}", line)]
    return max(pieces, key=len)


def reads(locale: str, key: str, shown: str) -> bool:
    """Return True when ``shown`` holds message ``key`` of ``locale``."""
    return part(locale, key) in flat(shown)


def survey_title(survey_id: str, language: str, *, easy_read: bool) -> str:
    """Return a shipped survey's title as the survey file words it for this reader."""
    survey = load_bank().get(survey_id)
    return word_survey(survey, language=language, easy_read=easy_read).title
