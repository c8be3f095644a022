"""Text as the theme model sees it: one spelling for the many ways young people write a word.

The same sentence arrives as "I don't", "i dont" and "I DONT!!!", with emoji
glued to words and redaction placeholders such as ``[NAME_1]``. Folding those
variants together before training and tagging lets a small model generalise
from a few hundred examples instead of learning each spelling separately.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\[([A-Z]+)(?:_\d+)?\]")
_PLACEHOLDER_WORDS = {
    "SCHOOL": "school",
    "COLLEGE": "college",
    "NAME": "someone",
    "PERSON": "someone",
    "PLACE": "somewhere",
    "LOCATION": "somewhere",
    "ADDRESS": "somewhere",
    "POSTCODE": "somewhere",
}
_APOSTROPHE = re.compile(r"[\u0027\u2018\u2019\u02bc`]")
_REPEATS = re.compile(r"(.)\1{2,}")
# Emoji and pictographs, so "good😊" becomes "good 😊" and both halves count.
_PICTOGRAPH = re.compile("([\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff])[\ufe0f\u200d]?")
_SPACES = re.compile(r"\s+")


def placeholder_word(match: re.Match[str]) -> str:
    """Return the plain word standing in for one redaction placeholder."""
    label = match.group(1)
    return " " + _PLACEHOLDER_WORDS.get(label, "x" + label.lower()) + " "


def fold(text: str) -> str:
    """Return ``text`` lower-cased with apostrophes, repeats, emoji and placeholders folded."""
    folded = _PLACEHOLDER.sub(placeholder_word, text)
    folded = _APOSTROPHE.sub("", folded.lower())
    folded = _REPEATS.sub(r"\1\1", folded)
    folded = _PICTOGRAPH.sub(r" \1 ", folded)
    return _SPACES.sub(" ", folded).strip()
