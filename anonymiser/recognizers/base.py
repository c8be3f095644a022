"""What every recognizer is: a small strategy that turns one parse into spans."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import ClassVar

from anonymiser.artifacts import NlpArtifacts
from anonymiser.spans import Entity, Span


class Recognizer(ABC):
    """Finds one or more kinds of personal information in a parsed text.

    ``kind`` is the name used in ``recognizers.yaml``; ``name`` names this
    configured instance (it is recorded on each span it produces).
    ``respects_allow_list`` says whether the engine should drop this
    recognizer's finds that are on the allow-list (services, roles): statistical
    and list-based finds should, validated patterns (phones, emails) should not.
    """

    kind: ClassVar[str] = ""

    def __init__(self, name: str, respects_allow_list: bool = True) -> None:
        if not name:
            raise ValueError("a recognizer needs a name")
        self.name = name
        self.respects_allow_list = respects_allow_list

    @property
    @abstractmethod
    def entities(self) -> tuple[Entity, ...]:
        """Return the kinds this recognizer can report."""

    @abstractmethod
    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        """Return the spans found in one parsed text (overlaps are allowed)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


def compile_pattern(pattern: str, name: str) -> re.Pattern[str]:
    """Return the compiled pattern, or raise ``ValueError`` naming the recognizer."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"recognizer {name!r}: bad pattern {pattern!r}: {exc}") from exc


def group_span(match: re.Match[str]) -> tuple[int, int]:
    """Return the offsets of the match's ``pii`` group if it has one, else the whole match."""
    if "pii" in match.re.groupindex and match.group("pii") is not None:
        return match.span("pii")
    return match.span()


def iter_words(text: str) -> Iterator[re.Match[str]]:
    """Yield each word (letters, digits, apostrophes, hyphens inside) with its offsets."""
    return _WORD.finditer(text)


_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
