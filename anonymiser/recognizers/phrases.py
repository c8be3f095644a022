"""Names from lists: UK places shipped with Heard, and a council's own deny-lists."""

from __future__ import annotations

import re
from collections.abc import Iterable

from anonymiser.artifacts import NlpArtifacts
from anonymiser.lexicon import Lexicon
from anonymiser.recognizers.base import Recognizer
from anonymiser.spans import Entity, Span

_NEXT_WORD = re.compile(r"[ \t]+([a-z][a-z'’-]*[a-z])\b", re.IGNORECASE)
_PLACE_CUES = re.compile(
    r"\b(?:in|from|to|near|around|round|at|live|lives|living|moved|placed|outside|into)\s+$",
    re.IGNORECASE,
)


def _phrase_regex(phrases: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    if not ordered:
        return None
    alternatives = "|".join(
        r"\s+".join(re.escape(part).replace("'", "['’]?") for part in p.split()) for p in ordered
    )
    return re.compile(r"(?<![\w@])(?:" + alternatives + r")(?![\w])", re.IGNORECASE)


class PhraseListRecognizer(Recognizer):
    """Finds any phrase from a list, case-insensitively, on word boundaries.

    With ``guard_everyday_words`` an entry that is also an everyday word (the
    ``place_words.txt`` list) counts only when capitalised or after a place cue,
    so a list of towns does not redact "hull" in "the hull of a boat". With
    ``extend_unfamiliar`` a following word on no list joins the match ("leeds
    beckett", "sheffield hallam").
    """

    kind = "phrase_list"

    def __init__(
        self,
        name: str,
        entity: Entity,
        phrases: Iterable[str],
        lexicon: Lexicon,
        score: float = 0.85,
        guard_everyday_words: bool = True,
        extend_unfamiliar: bool = False,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        self.entity = entity
        self.lexicon = lexicon
        self.score = score
        self.guard = guard_everyday_words
        self.extend = extend_unfamiliar
        self._regex = _phrase_regex(p for p in phrases if not lexicon.is_allowed(p))

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (self.entity,)

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        if self._regex is None:
            return []
        text = artifacts.text
        found = []
        for match in self._regex.finditer(text):
            phrase = match.group().lower()
            if self.guard and phrase in self.lexicon.place_words:
                capitalised = match.group()[:1].isupper() and match.start() > 0
                if not capitalised and not _PLACE_CUES.search(text, 0, match.start()):
                    continue
            end = self._extended_end(text, match.end()) if self.extend else match.end()
            found.append(Span(match.start(), end, self.entity, self.score, self.name))
        return found

    def _extended_end(self, text: str, end: int) -> int:
        # "leeds beckett", "sheffield hallam": a place followed by a word on no list.
        following = _NEXT_WORD.match(text, end)
        if following and not self.lexicon.is_everyday(following.group(1).lower()):
            return following.end(1)
        return end


def council_list(lexicon: Lexicon, which: str) -> frozenset[str]:
    """Return one of the lexicon's phrase lists by its configuration name."""
    lists = {
        "places": lexicon.places,
        "deny_people": lexicon.deny_people,
        "deny_places": lexicon.deny_places,
        "deny_orgs": lexicon.deny_orgs,
    }
    if which not in lists:
        raise ValueError(f"unknown phrase list {which!r}; choose from {', '.join(sorted(lists))}")
    return lists[which]
