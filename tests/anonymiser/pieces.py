"""Which pieces of a text the anonymiser hides: shared by the tests of kinds found in blind batches."""

from __future__ import annotations

from anonymiser import Anonymiser


def redacted(pii: Anonymiser, text: str) -> list[str]:
    """Return the redacted pieces of a text."""
    return [text[s.start : s.end] for s in pii.detect(text)]


def hidden(pii: Anonymiser, text: str, piece: str) -> bool:
    """Return whether every letter of ``piece`` is inside a redacted span."""
    start = text.index(piece)
    spans = pii.detect(text)
    return all(any(s.start <= k < s.end for s in spans) for k in range(start, start + len(piece)))


def touched(pii: Anonymiser, text: str, word: str) -> bool:
    """Return whether any letter of ``word`` is redacted."""
    start = text.index(word)
    return any(s.start < start + len(word) and start < s.end for s in pii.detect(text))
