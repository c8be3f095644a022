"""Pressure wording in invite and reminder texts, found before a round is created.

The ICO Children's Code asks services not to nudge children with streaks,
urgency or fear of missing out. A participation worker writes the invite
text; this lists the phrases in it that would read as pressure, so the
campaign command or portal can ask for gentler words.
"""

from __future__ import annotations

import re

# (pattern, why) — patterns match whole words, case-insensitively.
PRESSURE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"streaks?", "streaks turn taking part into an obligation"),
    (r"last chance", "urgency pushes people to answer"),
    (r"hurry", "urgency pushes people to answer"),
    (r"don'?t miss( out)?", "fear of missing out"),
    (r"before it'?s too late", "urgency pushes people to answer"),
    (r"only \d+ (hours?|days?) left", "countdowns push people to answer"),
    (r"you (must|have to)", "taking part is always a choice"),
    (r"everyone else", "comparison with others is pressure"),
    (r"you haven'?t (answered|replied|finished)", "it reads as a telling-off"),
    (r"still waiting", "it reads as a telling-off"),
    (r"reward|prize|points", "rewards for answering are not used with children"),
)

_COMPILED = tuple((re.compile(rf"\b{p}\b", re.IGNORECASE), why) for p, why in PRESSURE_PATTERNS)


def pressure_phrases(text: str) -> list[tuple[str, str]]:
    """Return each pressure phrase found in the text with the reason it reads as pressure."""
    found: list[tuple[str, str]] = []
    for pattern, why in _COMPILED:
        found.extend((match.group(0), why) for match in pattern.finditer(text))
    return found
