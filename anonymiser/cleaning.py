"""A detection view of a text without invisible characters or accents, and the way back.

Young people's messages carry right-to-left marks, zero-width joiners inside
emoji and decomposed accents ("zoe" + U+0308). Those split or disguise words
("\u202ekaren\u202c" is not "karen" to a tokenizer). Detection therefore runs on
a cleaned copy (format characters and combining marks removed, accented
letters folded to their base letter) and every span is mapped back onto the
original text, widened over any marks that belong to it. A message typed all
in capitals is read in lower case: in chat, capitals there say nothing about
which words are names, and every capital would otherwise start a "name".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from anonymiser.spans import Span


@dataclass(frozen=True)
class CleanText:
    """The cleaned text and, for each of its characters, where it came from in the original."""

    original: str
    text: str
    origins: tuple[int, ...] | None = None  # None: each character stands where it stood in the original

    def to_original(self, span: Span) -> Span:
        """Return the span in original-text offsets, covering marks attached to its letters."""
        if self.origins is None:
            return span
        start = self.origins[span.start]
        end = self.origins[span.end - 1] + 1
        while end < len(self.original) and _is_attached(self.original[end]):
            end += 1
        return Span(start, end, span.entity, span.score, span.recognizer)

    def spans_to_original(self, spans: Sequence[Span]) -> list[Span]:
        """Return every span mapped back onto the original text."""
        return [self.to_original(s) for s in spans]


def _is_attached(ch: str) -> bool:
    return unicodedata.category(ch) in {"Mn", "Me", "Cf"}


SHOUTED_SHARE = 0.8  # of a message's letters in capitals, with at least SHOUTED_LETTERS letters
SHOUTED_LETTERS = 12


def _unshouted(text: str) -> str:
    """Return ``text`` in lower case when it is shouted, letter for letter (offsets stay the same)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < SHOUTED_LETTERS or sum(c.isupper() for c in letters) < SHOUTED_SHARE * len(letters):
        return text
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def clean(text: str) -> CleanText:
    """Return the detection view of ``text`` (the text itself when it is plain ASCII and not shouted)."""
    if text.isascii():
        return CleanText(text, _unshouted(text))
    chars: list[str] = []
    origins: list[int] = []
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category in {"Mn", "Me", "Cf"}:
            continue
        base = unicodedata.normalize("NFD", ch)[0] if category.startswith("L") else ch
        chars.append(base if len(base.lower()) == 1 else ch)
        origins.append(index)
    cleaned = _unshouted("".join(chars))
    if cleaned == text:
        return CleanText(text, text)
    return CleanText(text, cleaned, tuple(origins))
