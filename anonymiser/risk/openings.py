"""Works out which words a pattern can start with, so rules that cannot match are skipped.

Most texts mention none of the words most rules start with; checking the set
of words in a text against each rule's possible openings is far cheaper than
running the rule's regular expression over the whole text. The answer is
conservative: when a pattern's start is not a plain word, the rule always runs.
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


def openings(pattern: str) -> tuple[str, ...] | None:
    """Return the letter prefixes every match must start with, or None when that is unknown."""
    try:
        parsed = _p.parse(pattern)
    except (re.error, AttributeError):
        return None
    found = _prefixes(list(parsed))
    if found is None or "" in found:
        return None
    return tuple(sorted(found))


def _prefixes(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Return the letter prefixes a sequence of parsed items can begin with."""
    prefix = ""
    for op, arg in items:
        if op is _c.LITERAL and chr(arg) in _LETTERS:
            prefix += chr(arg)
            continue
        if op is _c.LITERAL:
            return {prefix} if prefix else None
        if op is _c.IN and not prefix:
            letters = {chr(a) for o, a in arg if o is _c.LITERAL and chr(a) in _LETTERS}
            return letters if len(letters) == len(arg) else None
        if op is _c.SUBPATTERN and not prefix:
            return _prefixes(list(arg[-1]))
        if op is _c.BRANCH and not prefix:
            union: set[str] = set()
            for branch in arg[1]:
                found = _prefixes(list(branch))
                if found is None:
                    return None
                union |= found
            return union
        return {prefix} if prefix else None
    return {prefix} if prefix else None
