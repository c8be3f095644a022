"""Place names on no list, known by their shape: "mexborough", "goldthorpe", "ecclesfield"."""

from __future__ import annotations

from collections.abc import Sequence

from anonymiser.artifacts import NlpArtifacts
from anonymiser.lexicon import Lexicon
from anonymiser.recognizers.base import Recognizer
from anonymiser.recognizers.name_cues import token_key
from anonymiser.spans import Entity, Span


class PlaceShapeRecognizer(Recognizer):
    """Finds unfamiliar words ending like English place names (-borough, -thorpe, -field…).

    Most English towns and villages end in a handful of old elements. A word
    with such an ending that is not an everyday word, a first name or on the
    allow-list is very likely a place, and there are far too many villages
    and estates to list.
    """

    kind = "place_shapes"

    def __init__(
        self,
        name: str,
        lexicon: Lexicon,
        endings: Sequence[str],
        min_length: int = 6,
        score: float = 0.6,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        if not endings:
            raise ValueError(f"recognizer {name!r} needs at least one ending")
        self.lexicon = lexicon
        self.endings = tuple(sorted({e.lower() for e in endings}, key=len, reverse=True))
        self.min_length = min_length
        self.score = score

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (Entity.PLACE,)

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        lex = self.lexicon
        found: list[Span] = []
        for token in artifacts.doc:
            key = token_key(token)
            if len(key) < self.min_length or not key.isalpha() or not key.endswith(self.endings):
                continue
            if lex.is_word(key) or lex.is_first_name(key) or lex.is_allowed(key):
                continue
            start = token.idx
            found.append(Span(start, start + len(token.text), Entity.PLACE, self.score, self.name))
        return found
