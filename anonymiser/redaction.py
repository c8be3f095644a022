"""Turning found spans into redacted text with typed, consistent placeholders.

Kept apart from detection (Presidio's analyzer/anonymizer split), so the same
spans can be redacted again, checked, or shown to a reviewer.

Placeholders look like ``[NAME_1]``. To keep them unambiguous, square brackets
in what the young person typed are shown as round ones, so every ``[...]`` in
a redacted text is a placeholder Heard put there: "[NAME_1] is my mate"
typed by a young person comes out as "(NAME_1) is my mate".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from anonymiser.lexicon import normalise
from anonymiser.spans import Entity, Span, resolve_overlaps

# Kinds with several distinct values per text get numbered placeholders.
NUMBERED: dict[Entity, str] = {
    Entity.PERSON: "NAME",
    Entity.PLACE: "PLACE",
    Entity.ADDRESS: "PLACE",
    Entity.POSTCODE: "PLACE",
    Entity.SCHOOL: "SCHOOL",
    Entity.CARE_HOME: "HOME",
    Entity.ORG: "ORG",
}
UNNUMBERED: dict[Entity, str] = {
    Entity.PHONE: "PHONE",
    Entity.EMAIL: "EMAIL",
    Entity.HANDLE: "HANDLE",
    Entity.URL: "URL",
    Entity.NHS_NUMBER: "ID",
    Entity.NI_NUMBER: "ID",
    Entity.ID: "ID",
    Entity.DATE: "DATE",
}
PLACEHOLDER_RE = re.compile(r"\[(?:NAME|PLACE|SCHOOL|HOME|ORG)_\d+\]|\[(?:PHONE|EMAIL|HANDLE|URL|ID|DATE)\]")
_TYPED_BRACKETS = str.maketrans({"[": "(", "]": ")"})


@dataclass(frozen=True)
class Replacement:
    """One redacted span and the placeholder that stands in for it."""

    span: Span
    placeholder: str


@dataclass(frozen=True)
class Redaction:
    """The redacted text and what was replaced (offsets index the original text)."""

    text: str
    replacements: tuple[Replacement, ...]

    @property
    def spans(self) -> tuple[Span, ...]:
        """Return the spans that were redacted, in text order, without overlaps."""
        return tuple(r.span for r in self.replacements)


def _key(surface: str) -> str:
    key = normalise(surface)
    return key[:-2] if key.endswith("'s") else key


def _person_key(key: str, seen: dict[str, int]) -> str:
    # "karen smith" then "karen" (or the other way round) is one person.
    if not key:
        return key
    first = key.split()[0]
    for known in seen:
        if known == key or (known and known.split()[0] == key) or (" " not in known and known == first):
            return known
    return key


def _placeholders(text: str, spans: list[Span]) -> list[str]:
    numbers: dict[str, dict[str, int]] = {}
    out: list[str] = []
    for span in spans:
        if span.entity in UNNUMBERED:
            out.append(f"[{UNNUMBERED[span.entity]}]")
            continue
        prefix = NUMBERED[span.entity]
        seen = numbers.setdefault(prefix, {})
        key = _key(text[span.start : span.end])
        if span.entity is Entity.PERSON:
            key = _person_key(key, seen)
        if key not in seen:
            seen[key] = len(seen) + 1
        out.append(f"[{prefix}_{seen[key]}]")
    return out


def redact(text: str, spans: Iterable[Span]) -> Redaction:
    """Return ``text`` with every span replaced by its placeholder.

    Overlapping spans are merged first (see :func:`resolve_overlaps`); spans
    must lie inside the text. The same name, place or school gets the same
    number every time it occurs in this text.
    """
    resolved = resolve_overlaps(spans)
    if resolved and resolved[-1].end > len(text):
        raise ValueError(f"span ends at {resolved[-1].end} but the text has {len(text)} characters")
    placeholders = _placeholders(text, resolved)
    parts: list[str] = []
    cursor = 0
    for span, placeholder in zip(resolved, placeholders, strict=True):
        parts.append(text[cursor : span.start].translate(_TYPED_BRACKETS))
        parts.append(placeholder)
        cursor = span.end
    parts.append(text[cursor:].translate(_TYPED_BRACKETS))
    return Redaction(
        text="".join(parts),
        replacements=tuple(Replacement(s, p) for s, p in zip(resolved, placeholders, strict=True)),
    )
