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


def openings(pattern: str) -> tuple[str, ...] | None:
    """Return the letter prefixes every match must start with, or None when that is unknown."""
    try:
        found = _prefixes(list(_p.parse(pattern)), _LONGEST)
    except (re.error, AttributeError, RecursionError):
        return None
    if found is None or "" in found:
        return None
    return tuple(sorted(found))


def _prefixes(items: _Items, budget: int) -> set[str] | None:
    """Return the letter prefixes (at most ``budget`` long) a sequence of parsed items can begin with.

    '' means "may start with something that is not a letter".
    """
    if not items or budget == 0:
        return {""}
    (op, arg), rest = items[0], items[1:]
    if op is _c.LITERAL:
        letter = chr(arg)
        if letter not in _LETTERS:
            return {""}
        after = _prefixes(rest, budget - 1)
        return {letter} if after is None else _cut({letter + p for p in after})
    if op is _c.SUBPATTERN:
        return _prefixes(list(arg[-1]) + rest, budget)
    if op is _c.BRANCH:
        return _union(_prefixes(list(branch) + rest, budget) for branch in arg[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        least, most, body = arg
        # One optional pass is exact; a body that can repeat is cut at its own end.
        first = _prefixes(list(body) + rest if most == 1 else list(body), budget)
        return _union([first, _prefixes(rest, budget)]) if least == 0 else first
    if op is _c.IN:
        letters = {chr(a) for o, a in arg if o is _c.LITERAL and chr(a) in _LETTERS}
        return letters if len(letters) == len(arg) else None
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _prefixes(rest, budget)  # takes no characters
    return None


def _union(parts: Any) -> set[str] | None:
    merged: set[str] = set()
    for part in parts:
        if part is None:
            return None
        merged |= part
    return _cut(merged)


def _cut(found: set[str]) -> set[str]:
    found = {p[:_LONGEST] for p in found}
    if len(found) > _MOST:
        found = {p[:3] for p in found}
    return found
