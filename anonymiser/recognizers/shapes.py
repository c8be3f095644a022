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


_TIME_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter"}
    | {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october"}
    | {"november", "december", "eid", "diwali", "ramadan", "xmas", "halloween", "new", "year", "i", "i'm"}
)


class CapitalisedRunRecognizer(Recognizer):
    """Finds two or more capitalised words after "at", "in" or "from" in otherwise lower-case chat.

    Someone who writes in lower case and then capitalises "at Ponds Forge" or
    "in Kurdish Cutz" is marking a proper name, even when each word is an
    everyday one. Text written in sentence case gives no such signal and is left
    to the other recognizers.
    """

    kind = "capitalised_runs"

    def __init__(
        self,
        name: str,
        lexicon: Lexicon,
        cues: Sequence[str],
        org_cues: Sequence[str] = (),
        max_words: int = 4,
        score: float = 0.6,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        self.lexicon = lexicon
        self.cues = frozenset(c.lower() for c in cues)
        self.org_cues = frozenset(c.lower() for c in org_cues)
        self.max_words = max_words
        self.score = score

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (Entity.PLACE, Entity.ORG)

    @staticmethod
    def _capitalised(token: object) -> bool:
        text = str(getattr(token, "text", ""))
        return text[:1].isupper() and not text.isupper() and text.replace("'", "").replace("’", "").isalpha()

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        doc = artifacts.doc
        words = [t for t in doc if t.is_alpha and t.text != "I"]
        capitalised = sum(1 for t in words if self._capitalised(t))
        if capitalised < 2 or capitalised * 3 > len(words):
            return []
        found: list[Span] = []
        i = 1
        while i < len(doc):
            cue = token_key(doc[i - 1])
            if cue not in self.cues or not self._capitalised(doc[i]):
                i += 1
                continue
            j = i
            while j < len(doc) and j - i < self.max_words and self._capitalised(doc[j]):
                j += 1
            run = doc[i:j]
            keys = [token_key(t) for t in run]
            if len(run) >= 2 and keys[0] not in _TIME_WORDS and not self.lexicon.is_allowed(run.text):
                entity = Entity.ORG if cue in self.org_cues else Entity.PLACE
                found.append(Span(run[0].idx, run[-1].idx + len(run[-1].text), entity, self.score, self.name))
            i = j + 1
        return found
