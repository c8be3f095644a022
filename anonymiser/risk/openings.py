"""Works out which letters a pattern's matches must start with, so rules that cannot match are skipped.

Most texts contain none of the words most rules start with; checking the words
of a text against each rule's possible openings is far cheaper than running the
rule's regular expression over the whole text. The answer is conservative: an
opening may be shorter than the real word (that only means the rule is tried
more often), and when a pattern can start with something other than a letter,
or its start cannot be worked out, there is no answer and the rule always runs.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The standard library's own regular-expression parser (Python 3.11+ layout); private,
# so it is looked up by name and any change in it only makes every rule run always.
_p: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_LONGEST = 5  # openings are cut to this many letters; shorter is always safe
_MOST = 400  # more openings than this and they are cut shorter
_Items = list[tuple[Any, Any]]


WORD_END = "$"  # an opening ending in this is a whole word: "i$" is the word "i", not "is" or "it"


def openings(pattern: str) -> tuple[str, ...] | None:
    """Return the letter prefixes every match must start with, or None when that is unknown.

    A prefix ending in ``WORD_END`` is the whole first word: the pattern goes
    on with something that is not a letter, or ends (rules are compiled so a
    match never ends inside a word). Rules that begin with a short word ("i",
    "my") are then tried only at that word, not at every word it begins.
    """
    try:
        found = _prefixes(list(_p.parse(pattern)), _LONGEST, ends_word=True)
    except (re.error, AttributeError, RecursionError):
        return None
    if found is None or "" in found:
        return None
    return tuple(sorted(found))


def _prefixes(items: _Items, budget: int, *, ends_word: bool, started: bool = False) -> set[str] | None:
    """Return the letter prefixes (at most ``budget`` long) a sequence of parsed items can begin with.

    '' means "may start with something that is not a letter", or that the
    letters go on past the budget; ``WORD_END`` that the letters before it
    are the whole word. ``ends_word`` says whether running out of items ends
    the word (the end of the pattern) or only of a part of it; ``started``
    whether a letter came before (only then can a word end).
    """
    if not items:
        return {WORD_END} if ends_word and started else {""}
    if budget == 0:
        return {""}
    (op, arg), rest = items[0], items[1:]
    if op is _c.LITERAL:
        letter = chr(arg)
        if letter not in _LETTERS:
            return {WORD_END} if started else {""}
        after = _prefixes(rest, budget - 1, ends_word=ends_word, started=True)
        return {letter} if after is None else _cut({letter + p for p in after})
    if op is _c.SUBPATTERN:
        return _prefixes(list(arg[-1]) + rest, budget, ends_word=ends_word, started=started)
    if op is _c.BRANCH:
        return _union(
            _prefixes(list(branch) + rest, budget, ends_word=ends_word, started=started) for branch in arg[1]
        )
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        least, most, body = arg
        # One optional pass is exact; a body that can repeat is cut at its own end.
        if most == 1:
            first = _prefixes(list(body) + rest, budget, ends_word=ends_word, started=started)
        else:
            first = _prefixes(list(body), budget, ends_word=False, started=started)
        skipped = _prefixes(rest, budget, ends_word=ends_word, started=started)
        return _union([first, skipped]) if least == 0 else first
    if op is _c.IN:
        letters = {chr(a) for o, a in arg if o is _c.LITERAL and chr(a) in _LETTERS}
        return letters if len(letters) == len(arg) else None
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _prefixes(rest, budget, ends_word=ends_word, started=started)  # takes no characters
    return None


def _union(parts: Any) -> set[str] | None:
    merged: set[str] = set()
    for part in parts:
        if part is None:
            return None
        merged |= part
    return _cut(merged)


def _cut(found: set[str]) -> set[str]:
    """Cut prefixes to ``_LONGEST`` letters (a whole word's end mark is kept only if it fits)."""
    found = {p if p.endswith(WORD_END) and len(p) <= _LONGEST + 1 else p[:_LONGEST] for p in found}
    if len(found) > _MOST:
        found = {p[:3] for p in found}
    return found


_SHORTEST_NEED = 3  # literal runs shorter than this are in almost every text: no use as a filter
_MOST_IN_GROUP = 6  # a group of many strings costs a scan of the text for each one absent


def needs(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Return what every match must contain: groups of strings, at least one of each group.

    A long message of ordinary words holds a rule's first word many times ("i",
    "my") and the rule is tried at each; most rules also need a word the
    message never has ("addict", "pills"), and ``s in text`` answers that far
    faster than trying the rule. Conservative like ``openings``: a group is
    only given when every match must contain one of its strings; an unknown
    part of a pattern gives no group, and then the rule is simply tried.
    """
    try:
        groups = _needs(list(_p.parse(pattern)))
    except (re.error, AttributeError, RecursionError):
        return ()
    kept = {tuple(sorted(group)) for group in groups if len(group) <= _MOST_IN_GROUP}
    return tuple(sorted(kept, key=lambda group: (len(group), group)))


def _needs(items: _Items) -> list[set[str]]:
    """Return the groups (one string of each must occur) for a sequence of parsed items."""
    groups: list[set[str]] = []
    run = ""
    for op, arg in items:
        if op is _c.LITERAL:
            run += chr(arg)
            continue
        if len(run) >= _SHORTEST_NEED:
            groups.append({run})
        run = ""
        if op is _c.SUBPATTERN:
            groups += _needs(list(arg[-1]))
        elif op is _c.BRANCH:
            groups += _either([_needs(list(branch)) for branch in arg[1]])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and arg[0] >= 1:
            groups += _needs(list(arg[2]))
        # Anything else (a class, a part that may be absent, an assertion) adds no group: always safe.
    if len(run) >= _SHORTEST_NEED:
        groups.append({run})
    return groups


def _either(branches: list[list[set[str]]]) -> list[set[str]]:
    """Return one group for a choice: each branch's most selective group, pooled (none if one has none)."""
    if not branches or any(not groups for groups in branches):
        return []
    pooled: set[str] = set()
    for groups in branches:
        pooled |= min(groups, key=len)
    return [pooled]
