"""Finds every rule match in a normal-form text, trying each rule only where it could start.

Running a hundred regular expressions over a long message is slow in pure
Python: each one is tried at every character. Most rules can only begin with a
handful of words ("kill", "suicid", "owe"…), so those rules are tried only at
the words in the text that begin that way, and a rule that begins with a whole
short word ("i", "my") only where that very word stands, not at "is" or "mum".
A rule is not tried at all when the text lacks a string every match of it
must contain (``openings.needs``). Rules whose opening is not a plain word are
scanned in full, as before. The result is the same set of matches as scanning
every rule everywhere; it is just found sooner. ``Scanner`` does the same for
one long context cue (figures of speech, ordinary uses), and ``Words``, where
each word of the text starts, is worked out once for all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import Generic, Protocol, TypeVar

from anonymiser.risk.openings import WORD_END, openings

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

    @property
    def needs(self) -> tuple[tuple[str, ...], ...]:
        """Return groups of strings every match contains (one of each group); empty when unknown."""
        ...


R = TypeVar("R", bound=Findable)


class Words:
    """Where each word of one text starts: worked out once, for every rule and cue tried on it."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def starts(self) -> dict[str, list[int]]:
        """Return each distinct word (a run of letters) with where it starts, in order."""
        found: dict[str, list[int]] = {}
        for run in _LETTER_RUNS.finditer(self.text):
            found.setdefault(run.group(), []).append(run.start())
        return found

    def beginning(self, starts: Starts) -> list[int]:
        """Return, in order, where a word starts that ``starts`` says a match may begin at."""
        places: list[int] = []
        for word, at in self.starts.items():
            if starts.allows(word):
                places += at
        places.sort()
        return places


class Starts:
    """The openings of one pattern (see ``openings``), ready to test words against."""

    def __init__(self, openings: tuple[str, ...]) -> None:
        self._wanted = frozenset(openings)
        self._longest = max((len(o) for o in openings), default=0)

    def allows(self, word: str) -> bool:
        """Return True when a match may begin at ``word``."""
        wanted = self._wanted
        if word + WORD_END in wanted:
            return True
        return any(word[:n] in wanted for n in range(1, min(len(word), self._longest) + 1))


SCAN_FROM = 600  # characters: below this one pass of the pattern over the text is as quick


class Scanner:
    """One long cue made of many alternatives, tried only where one of them can begin.

    Alternatives that begin with letters are tried at the words their
    openings allow; the few that may begin otherwise (an emoji, a word from a
    list) are found on their own, at every place they match. The cue is then
    tried at those places only, in order, which gives exactly what one
    ``finditer`` over the whole text gives.
    """

    def __init__(
        self, regex: re.Pattern[str], parts: Sequence[str], compile_part: Callable[[str], re.Pattern[str]]
    ):
        self.regex = regex
        letters: list[str] = []
        strays: list[re.Pattern[str]] = []
        for part in parts:
            found = openings(part)
            if found is None:
                strays.append(compile_part(part))
            else:
                letters += found
        self._starts = Starts(tuple(letters))
        self._strays = tuple(strays)

    def finditer(self, words: Words) -> Iterator[re.Match[str]]:
        """Yield what ``self.regex.finditer(words.text)`` would."""
        text = words.text
        if len(text) < SCAN_FROM:
            yield from self.regex.finditer(text)
            return
        places = set(words.beginning(self._starts))
        for stray in self._strays:  # every place it matches, overlapping ones too
            match = stray.search(text)
            while match is not None:
                places.add(match.start())
                match = stray.search(text, match.start() + 1)
        yield from _tried_at(self.regex, text, sorted(places))


def _tried_at(regex: re.Pattern[str], text: str, places: list[int]) -> Iterator[re.Match[str]]:
    """Yield the non-overlapping matches that start at ``places`` (in order), as ``finditer`` would."""
    reached = -1
    for start in places:
        if start < reached:
            continue
        match = regex.match(text, start)
        if match:
            reached = max(match.end(), start + 1)
            yield match


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

    def matches(self, text: str | Words) -> Iterator[tuple[R, re.Match[str]]]:
        """Yield ``(rule, match)`` for every non-overlapping match of every rule, in rule order."""
        words = text if isinstance(text, Words) else Words(text)
        candidates: dict[int, list[int]] = {i: [] for i in self._always}
        for word, starts in words.starts.items():
            for i in self._by_opening.get(word + WORD_END, ()):  # rules that begin with this whole word
                candidates.setdefault(i, []).extend(starts)
            for length in range(1, min(len(word), self._longest) + 1):
                for i in self._by_opening.get(word[:length], ()):
                    candidates.setdefault(i, []).extend(starts)
        plain = words.text
        for i in sorted(candidates):
            rule = self._rules[i]
            if not all(any(s in plain for s in group) for group in rule.needs):
                continue  # a string every match contains is not in the text: no match anywhere
            if rule.openings is None:
                yield from ((rule, m) for m in rule.regex.finditer(plain))
            else:
                yield from ((rule, m) for m in _tried_at(rule.regex, plain, sorted(set(candidates[i]))))
