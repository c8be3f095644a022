"""Finds every rule match in a normal-form text, trying each rule only where it could start.

Running a hundred regular expressions over a long message is slow in pure
Python: each one is tried at every character. Most rules can only begin with a
handful of words ("kill", "suicid", "owe"…), so those rules are tried only at
the words in the text that begin that way. Rules whose opening is not a plain
word are scanned in full, as before. The result is the same set of matches as
scanning every rule everywhere; it is just found sooner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Generic, Protocol, TypeVar

_LETTER_RUNS = re.compile(r"[a-z]+")


class Findable(Protocol):
    """Anything with a compiled pattern and the letters its matches must start with (a rule, a concept)."""

    @property
    def regex(self) -> re.Pattern[str]:
        """Return the compiled pattern."""
        ...

    @property
    def openings(self) -> tuple[str, ...] | None:
        """Return the letter prefixes every match starts with, or None when unknown."""
        ...


R = TypeVar("R", bound=Findable)


class RuleIndex(Generic[R]):
    """The rules (or concepts) of a book, indexed by the letters their matches must start with."""

    def __init__(self, rules: Sequence[R]) -> None:
        self._rules = tuple(rules)
        self._always = tuple(i for i, r in enumerate(self._rules) if r.openings is None)
        self._by_opening: dict[str, list[int]] = {}
        for i, rule in enumerate(self._rules):
            for opening in rule.openings or ():
                self._by_opening.setdefault(opening, []).append(i)
        self._longest = max((len(o) for o in self._by_opening), default=0)

    def matches(self, text: str) -> Iterator[tuple[R, re.Match[str]]]:
        """Yield ``(rule, match)`` for every non-overlapping match of every rule, in rule order."""
        candidates: dict[int, list[int]] = {i: [] for i in self._always}
        word_starts: dict[str, list[int]] = {}
        for run in _LETTER_RUNS.finditer(text):
            word_starts.setdefault(run.group(), []).append(run.start())
        for word, starts in word_starts.items():
            for length in range(1, min(len(word), self._longest) + 1):
                for i in self._by_opening.get(word[:length], ()):
                    candidates.setdefault(i, []).extend(starts)
        for i in sorted(candidates):
            rule = self._rules[i]
            if rule.openings is None:
                yield from ((rule, m) for m in rule.regex.finditer(text))
                continue
            reached = -1
            for start in sorted(set(candidates[i])):
                if start < reached:
                    continue
                match = rule.regex.match(text, start)
                if match:
                    reached = max(match.end(), start + 1)
                    yield rule, match
