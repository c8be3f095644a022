"""Places from a large gazetteer (GeoNames and ISO 3166), looked up word by word.

The shipped gazetteer holds tens of thousands of names, far too many for one
regular expression, so the text is split into words once and every run of one
to ``max_words`` words is looked up in a set: the cost grows with the text, not
with the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from anonymiser.artifacts import NlpArtifacts
from anonymiser.lexicon import Lexicon
from anonymiser.recognizers.base import Recognizer
from anonymiser.spans import Entity, Span

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# What may sit between the words of one place name: "st. albans", "stoke-on-trent".
_JOIN = re.compile(r"[ \t]*[.-]?[ \t]*")
_SENTENCE_END = frozenset('.!?\n:;"')


def place_key(words: Iterable[str]) -> str:
    """Return the form gazetteer entries and text are compared in: lower case, no apostrophes."""
    return " ".join(w.lower().replace("'", "").replace("’", "") for w in words)


# "the" straight before a word ("from the church").
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


class GazetteerRecognizer(Recognizer):
    """Finds any place on the lexicon's gazetteer, on word boundaries, case-insensitively.

    Names that are everyday words in every part ("hope", "street", "reading",
    "mill hill") count only when capitalised inside a sentence or after one of
    the ``cues`` that says a place follows ("i live in hope", "moved to
    street"), so "i hope" and "help with reading" stay. Names of two words or
    more are rarely said by chance, so for them a plain preposition will do
    (``short_cues``: "training is at oak park").
    """

    kind = "gazetteer"

    def __init__(
        self,
        name: str,
        lexicon: Lexicon,
        cues: Sequence[str] = (),
        short_cues: Sequence[str] = (),
        max_words: int = 4,
        score: float = 0.65,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        if max_words < 1:
            raise ValueError(f"recognizer {name!r}: max_words must be at least 1")
        self.lexicon = lexicon
        self.places = frozenset(
            place_key(p.replace("-", " ").split()) if "'" in p or "-" in p or "’" in p else p
            for p in lexicon.gazetteer
        )
        self.max_words = max_words
        self.score = score
        alternation = "|".join(
            r"\s+".join(re.escape(w) for w in c.lower().split()) for c in sorted(cues, key=len, reverse=True)
        )
        self._cue = re.compile(rf"\b(?:{alternation})\s+(?:the\s+)?$", re.IGNORECASE) if cues else None
        short = "|".join(re.escape(c.lower()) for c in short_cues)
        self._short_cue = re.compile(rf"\b(?:{short})\s+$", re.IGNORECASE) if short_cues else None

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (Entity.PLACE,)

    def _everyday(self, key: str) -> bool:
        lex = self.lexicon
        # Dictionary and chat words only: "ely" and "leeds" are common words but proper nouns.
        return all(lex.is_everyday(w) for w in key.split())

    def _announced(self, text: str, start: int, words: int = 1) -> bool:
        if text[start].isupper() and start > 0:
            before = text[:start].rstrip()
            if before and before[-1] not in _SENTENCE_END:
                return True
        short = self._short_cue
        if words > 1 and short is not None and short.search(text, max(0, start - 12), start):
            return True
        if _THE_BEFORE.search(text, max(0, start - 5), start):
            return False  # "help from the church": an everyday word after "the" is the thing itself
        return self._cue is not None and self._cue.search(text, max(0, start - 40), start) is not None

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        text = artifacts.text
        words = list(_WORD.finditer(text))
        keys = [place_key([w.group()]) for w in words]
        found: list[Span] = []
        i = 0
        while i < len(words):
            longest = 0
            for length in range(min(self.max_words, len(words) - i), 0, -1):
                joined = all(
                    _JOIN.fullmatch(text, words[j - 1].end(), words[j].start())
                    for j in range(i + 1, i + length)
                )
                if joined and " ".join(keys[i : i + length]) in self.places:
                    longest = length
                    break
            if longest:
                key = " ".join(keys[i : i + longest])
                start, end = words[i].start(), words[i + longest - 1].end()
                if not self._everyday(key) or self._announced(text, start, longest):
                    found.append(Span(start, end, Entity.PLACE, self.score, self.name))
                i += longest
            else:
                i += 1
        return found
