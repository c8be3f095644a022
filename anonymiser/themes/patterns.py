"""Phrases that signal a theme almost whenever they appear ("CAMHS", "staying put", "hostel").

They are configuration, not code: a JSON file keyed by theme code, matched on
folded text. A match raises the model's score for that theme by ``boost``;
the default boost equals the tagger's threshold, so a phrase belongs here only
if nearly every text containing it is about that theme. They rescue the
themes a small model under-scores; the model still ranks them and adds the
themes no phrase names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PATTERNS_PATH = Path(__file__).parent / "data" / "patterns.json"
DEFAULT_BOOST = 0.4


class PatternError(ValueError):
    """A pattern file is unreadable or holds an invalid regular expression."""


@dataclass(frozen=True)
class ThemePatterns:
    """Compiled phrases per theme code, and how far a match raises that theme's score."""

    by_code: Mapping[str, tuple[re.Pattern[str], ...]]
    boost: float = DEFAULT_BOOST

    def matches(self, folded: str) -> frozenset[str]:
        """Return the codes with at least one phrase in ``folded`` text."""
        return frozenset(
            code for code, patterns in self.by_code.items()
            if any(pattern.search(folded) for pattern in patterns)
        )

    def restricted_to(self, codes: Iterable[str]) -> ThemePatterns:
        """Return only the phrases for ``codes``; phrases for other themes are dropped."""
        keep = set(codes)
        return ThemePatterns({c: p for c, p in self.by_code.items() if c in keep}, self.boost)


def load_patterns(path: str | Path | None = None) -> ThemePatterns:
    """Return the phrases in ``path`` (Heard's default when ``None``), compiled."""
    file = Path(path) if path is not None else DEFAULT_PATTERNS_PATH
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PatternError(f"{file}: cannot read theme patterns: {exc}") from None
    themes = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(themes, dict):
        raise PatternError(f"{file}: expected an object with a \"themes\" object of lists")
    boost = data.get("boost", DEFAULT_BOOST)
    if not isinstance(boost, int | float) or not 0 <= boost <= 1:
        raise PatternError(f"{file}: \"boost\" must be a number from 0 to 1")
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for code, phrases in themes.items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise PatternError(f"{file}: theme {code} must map to a list of strings")
        try:
            compiled[code] = tuple(re.compile(phrase) for phrase in phrases)
        except re.error as exc:
            raise PatternError(f"{file}: theme {code} has a bad pattern: {exc}") from None
    return ThemePatterns(compiled, float(boost))
