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
        return frozenset(code for code in self.by_code if self.count(folded, code, stop=1))

    def count(self, folded: str, code: str, stop: int | None = None) -> int:
        """Return how many of a theme's phrases occur in ``folded`` text (at most ``stop``)."""
        found = 0
        for pattern, literal in self._screened().get(code, ()):
            # A phrase that must contain a plain word cannot match a text without it;
            # checking that first skips most regular-expression searches.
            if (literal is None or literal in folded) and pattern.search(folded):
                found += 1
                if stop is not None and found >= stop:
                    break
        return found

    def _screened(self) -> dict[str, tuple[tuple[re.Pattern[str], str | None], ...]]:
        cached: dict[str, tuple[tuple[re.Pattern[str], str | None], ...]] | None = getattr(
            self, "_screen_cache", None
        )
        if cached is None:
            cached = {
                code: tuple((p, _literal(p.pattern)) for p in patterns)
                for code, patterns in self.by_code.items()
            }
            object.__setattr__(self, "_screen_cache", cached)
        return cached

    def restricted_to(self, codes: Iterable[str]) -> ThemePatterns:
        """Return only the phrases for ``codes``; phrases for other themes are dropped."""
        keep = set(codes)
        return ThemePatterns({c: p for c, p in self.by_code.items() if c in keep}, self.boost)


_META = set("\\.^$*+?{}[]|()")


def _literal(pattern: str) -> str | None:
    """Return plain text every match of ``pattern`` contains, or ``None`` if there is none to rely on."""
    if _top_level_alternatives(pattern):
        return None  # "a|b": no single word is certain
    body = pattern.removeprefix("\\b")
    literal = ""
    for index, char in enumerate(body):
        if char in _META:
            if char in "?*{":
                literal = literal[:-1]  # the character before a quantifier may be absent
            break
        literal += body[index]
    return literal if len(literal) >= 2 else None


def _top_level_alternatives(pattern: str) -> bool:
    depth, escaped, in_class = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def load_patterns(path: str | Path | None = None) -> ThemePatterns:
    """Return the phrases in ``path`` (Heard's default when ``None``), compiled."""
    file = Path(path) if path is not None else DEFAULT_PATTERNS_PATH
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PatternError(f"{file}: cannot read theme patterns: {exc}") from None
    themes = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(themes, dict):
        raise PatternError(f'{file}: expected an object with a "themes" object of lists')
    boost = data.get("boost", DEFAULT_BOOST)
    if not isinstance(boost, int | float) or not 0 <= boost <= 1:
        raise PatternError(f'{file}: "boost" must be a number from 0 to 1')
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for code, phrases in themes.items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise PatternError(f"{file}: theme {code} must map to a list of strings")
        try:
            compiled[code] = tuple(re.compile(phrase) for phrase in phrases)
        except re.error as exc:
            raise PatternError(f"{file}: theme {code} has a bad pattern: {exc}") from None
    return ThemePatterns(compiled, float(boost))
