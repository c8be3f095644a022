"""Regular-expression recognizers, optionally checked by a validator or a nearby cue word."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from anonymiser.artifacts import NlpArtifacts
from anonymiser.recognizers.base import Recognizer, compile_pattern, group_span
from anonymiser.recognizers.validators import VALIDATORS, Validator
from anonymiser.spans import Entity, Span


@dataclass(frozen=True)
class Pattern:
    """One regular expression and the score its matches get."""

    regex: str
    score: float = 0.9
    needs_context: bool = False


class PatternRecognizer(Recognizer):
    """Finds one kind by regular expressions (case-insensitive, on the original text).

    A pattern marked ``needs_context`` only counts when one of ``context``
    words occurs within ``context_window`` characters before the match; a
    ``pii`` named group narrows the span to the identifying part.
    """

    kind = "pattern"

    def __init__(
        self,
        name: str,
        entity: Entity,
        patterns: Sequence[Pattern],
        validator: str | None = None,
        context: Sequence[str] = (),
        context_window: int = 30,
        respects_allow_list: bool = False,
    ) -> None:
        super().__init__(name, respects_allow_list)
        if not patterns:
            raise ValueError(f"recognizer {name!r} needs at least one pattern")
        if validator is not None and validator not in VALIDATORS:
            raise ValueError(
                f"recognizer {name!r}: unknown validator {validator!r}; "
                f"choose from {', '.join(sorted(VALIDATORS))}"
            )
        if any(p.needs_context for p in patterns) and not context:
            raise ValueError(f"recognizer {name!r} has context-only patterns but no context words")
        self.entity = entity
        self._compiled = [(compile_pattern(p.regex, name), p) for p in patterns]
        self._validator: Validator | None = VALIDATORS[validator] if validator else None
        self._context = (
            re.compile(r"\b(?:" + "|".join(re.escape(c) for c in context) + r")\b", re.IGNORECASE)
            if context
            else None
        )
        self._window = context_window

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (self.entity,)

    def _has_context(self, text: str, start: int) -> bool:
        if self._context is None:
            return False
        return self._context.search(text, max(0, start - self._window), start) is not None

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        text = artifacts.text
        found: list[Span] = []
        for regex, pattern in self._compiled:
            for match in regex.finditer(text):
                start, end = group_span(match)
                if start == end:
                    continue
                if self._validator is not None and not self._validator(text[start:end]):
                    continue
                if pattern.needs_context and not self._has_context(text, match.start()):
                    continue
                found.append(Span(start, end, self.entity, pattern.score, self.name))
        return found
