"""Schools, colleges, universities and children's homes named by a young person."""

from __future__ import annotations

import re
from collections.abc import Sequence

from anonymiser.artifacts import NlpArtifacts
from anonymiser.lexicon import Lexicon
from anonymiser.recognizers.base import Recognizer
from anonymiser.spans import Entity, Span

_WORD = r"[a-z][a-z'’.-]*"


class InstitutionRecognizer(Recognizer):
    """Finds "<name> academy", "st mary's", "oakwood house" and the like.

    ``strong`` endings (academy, college, primary…) name a place whenever a
    specific word comes before them ("park view academy"); ``weak`` endings
    (house, lodge, school, high) only when a word before them is not an
    everyday word ("oakwood house", not "my mums house"). ``generic`` words
    ("my", "new", "secondary") are never part of a name and stop the scan.
    """

    kind = "institutions"

    def __init__(
        self,
        name: str,
        entity: Entity,
        lexicon: Lexicon,
        strong: Sequence[str],
        weak: Sequence[str] = (),
        generic: Sequence[str] = (),
        saints: Sequence[str] = ("st", "st.", "saint"),
        max_words: int = 3,
        score: float = 0.8,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        if not strong:
            raise ValueError(f"recognizer {name!r} needs at least one strong ending")
        self.entity = entity
        self.lexicon = lexicon
        self.generic = frozenset(g.lower() for g in generic)
        self.saints = frozenset(s.lower() for s in saints)
        self.weak = frozenset(" ".join(w.lower().split()) for w in weak)
        self.score = score
        endings = sorted({*strong, *weak}, key=len, reverse=True)
        alternation = "|".join(
            r"\s+".join(re.escape(p).replace("'", "['’]?") for p in e.split()) for e in endings
        )
        self._regex = re.compile(
            rf"(?P<words>(?:{_WORD}\s+){{1,{max_words}}})(?P<end>{alternation})(?![\w])", re.IGNORECASE
        )
        self._saint = re.compile(
            r"\b(?:st\.?|saint)\s+(?P<n>[a-z]+?)(?:['’]?s)?\b"
            r"(?P<tail>(?:\s+(?:c\s?of\s?e|rc|catholic|primary|high|school|academy|college))*)",
            re.IGNORECASE,
        )

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (self.entity,)

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        text = artifacts.text
        found: list[Span] = []
        for match in self._regex.finditer(text):
            words = list(re.finditer(r"\S+", match.group("words")))
            offset = match.start("words")
            # Keep the words nearest the ending, stopping at the first generic word.
            kept: list[re.Match[str]] = []
            for w in reversed(words):
                key = w.group().lower().replace("’", "'")
                if key in self.generic or self.lexicon.is_allowed(key):
                    break
                kept.insert(0, w)
            if not kept:
                continue
            ending = " ".join(match.group("end").lower().split())
            specific = any(
                not self.lexicon.is_word(w.group().lower().strip(".'’")) or w.group().lower() in self.saints
                for w in kept
            )
            if ending in self.weak and not specific:
                continue
            start = offset + kept[0].start()
            found.append(Span(start, match.end(), self.entity, self.score, self.name))
        for match in self._saint.finditer(text) if self.saints else ():
            if not match.group("tail") and not self.lexicon.is_first_name(match.group("n").lower()):
                continue
            found.append(Span(match.start(), match.end(), self.entity, self.score, self.name))
        return found
