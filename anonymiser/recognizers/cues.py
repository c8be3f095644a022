"""Names known only from the words before them: "i live in X", "my snap is X"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from anonymiser.artifacts import NlpArtifacts
from anonymiser.lexicon import Lexicon
from anonymiser.recognizers.base import Recognizer
from anonymiser.recognizers.name_cues import token_key
from anonymiser.spans import Entity, Span


def _cue_tuples(cues: Sequence[str], name: str) -> tuple[tuple[str, ...], ...]:
    tuples = tuple(tuple(c.lower().split()) for c in cues if c.strip())
    if not tuples:
        raise ValueError(f"recognizer {name!r} needs at least one cue")
    return tuples


class CueRecognizer(Recognizer):
    """Finds up to ``max_words`` unfamiliar words straight after a cue phrase.

    A word is unfamiliar when it is not an everyday English or chat word (or it
    is on the places list): "i live in rotherham" gives a place, "i live in a
    flat" gives nothing. ``skip`` words may sit between cue and name ("moved to
    the wirral"); ``familiar`` says which words are not names: ``common`` (any
    common word, the safer choice) or ``everyday`` (dictionary words and chat,
    so well-known proper nouns like "hillsborough" still count); ``continuations``
    may follow the first unfamiliar word as part of the name ("outwood grange").
    """

    kind = "cue"

    def __init__(
        self,
        name: str,
        entity: Entity,
        lexicon: Lexicon,
        cues: Sequence[str],
        skip: Sequence[str] = ("the",),
        max_words: int = 2,
        continuations: Sequence[str] = (),
        familiar: str = "common",
        score: float = 0.6,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        if max_words < 1:
            raise ValueError(f"recognizer {name!r}: max_words must be at least 1")
        self.entity = entity
        self.lexicon = lexicon
        self.cues = _cue_tuples(cues, name)
        self.skip = frozenset(skip)
        self.max_words = max_words
        self.continuations = frozenset(c.lower() for c in continuations)
        if familiar not in {"common", "everyday"}:
            raise ValueError(f"recognizer {name!r}: familiar must be 'common' or 'everyday'")
        self.familiar = familiar
        self.score = score
        by_last: dict[str, list[tuple[str, ...]]] = {}
        for cue in self.cues:
            by_last.setdefault(cue[-1], []).append(cue)
        self._by_last_word = {k: tuple(v) for k, v in by_last.items()}

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (self.entity,)

    def _unfamiliar(self, key: str) -> bool:
        lex = self.lexicon
        if key in lex.places and key not in lex.place_words:
            return True
        known = lex.is_everyday(key) if self.familiar == "everyday" else lex.is_word(key)
        return key.replace("'", "").replace("-", "").isalpha() and not known and not lex.is_allowed(key)

    def _cue_ends_at(self, keys: list[str], i: int) -> bool:
        # Cues are indexed by their last word, so most positions cost one dictionary lookup.
        candidates = self._by_last_word.get(keys[i - 1], ())
        return any(len(c) <= i and tuple(keys[i - len(c) : i]) == c for c in candidates)

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        doc: Any = artifacts.doc
        keys = [token_key(t) for t in doc]
        found: list[Span] = []
        for i in range(1, len(keys)):
            if not self._cue_ends_at(keys, i):
                continue
            j = i
            while j < len(keys) and keys[j] in self.skip:
                j += 1
            k = j
            while (
                k < len(keys)
                and k - j < self.max_words
                and (self._unfamiliar(keys[k]) or (k > j and keys[k] in self.continuations))
            ):
                k += 1
            if k > j:
                start = doc[j].idx
                end = doc[k - 1].idx + len(doc[k - 1].text)
                found.append(Span(start, end, self.entity, self.score, self.name))
        return found


_HANDLE_TOKEN = re.compile(r"@?[a-z0-9][a-z0-9._]{1,29}", re.IGNORECASE)
# A word shaped like a username: letters with a digit, dot or underscore in it ("lil_kez_2007",
# "kez.official", "azadgamer99"), not a number, a time or a date.
_HANDLE_SHAPED = re.compile(
    r"(?<![\w@.])(?=[a-z0-9._]*[a-z])(?=[a-z0-9._]*[\d_.][a-z0-9_]*)[a-z0-9][a-z0-9._]{2,29}(?<![.])(?![\w@])",
    re.IGNORECASE,
)
# Words with a digit that are chat, not usernames: a time ("8pm"), an ordinal or a plural ("my 18th",
# "jordan 4s"), and text-speak ("2nite", "b4", "sum1").
_CHAT_NUMBER = re.compile(
    r"^(?:\d{1,2}(?:[.:]\d{2})?(?:am|pm)|\d+(?:st|nd|rd|th|s)|2(?:nite|night|day|moro|morrow|mrw)|b4|sum1|any1|no1|some1|every1|gr8|l8r|l8|m8|w8)$"
)
NEAR_CUE = 60  # characters after a platform word in which a username-shaped word is a handle


class HandleRecognizer(Recognizer):
    """Finds social media handles: ``@name`` anywhere, or a username after a platform cue.

    After a cue ("my snap is", "add me on insta", "tiktok:") the next word is a
    handle when it looks like one: it has a digit, dot or underscore, or it is
    not an everyday word ("add me on insta x" keeps the kiss). Further on in the
    same sentence ("my snapchat got hacked, it was lil_kez_2007 now its
    kez.official") only a word with a digit, dot or underscore in it counts.
    """

    kind = "handles"

    def __init__(
        self,
        name: str,
        lexicon: Lexicon,
        platforms: Sequence[str],
        fillers: Sequence[str] = ("is", "its", "it's", "=", ":", "-", "name", "username", "me", "on", "at"),
        score: float = 0.85,
        respects_allow_list: bool = False,
    ) -> None:
        super().__init__(name, respects_allow_list)
        if not platforms:
            raise ValueError(f"recognizer {name!r} needs platform words")
        self.lexicon = lexicon
        words = "|".join(re.escape(p) for p in sorted(platforms, key=len, reverse=True))
        fill = "|".join(re.escape(f) for f in sorted({*fillers, *platforms}, key=len, reverse=True))
        self._cue = re.compile(
            rf"\b(?:{words})\b(?:\s*(?:{fill})(?![\w])\s*){{0,3}}\s*(?P<h>@?[a-z0-9][a-z0-9._]{{1,29}})",
            re.IGNORECASE,
        )
        self._before = re.compile(
            rf"(?<![\w@.])(?P<h>[a-z0-9][a-z0-9._]{{1,29}})\s+(?:on|at)\s+(?:{words})\b", re.IGNORECASE
        )
        self._at = re.compile(r"(?<![\w.@])@[a-z0-9_][a-z0-9._]{1,29}", re.IGNORECASE)
        self._platform = re.compile(rf"\b(?:{words})\b[^!?\n]{{0,{NEAR_CUE}}}", re.IGNORECASE)
        # The page of a profile link: "linktr.ee/<name>", "tiktok.com/@<name>".
        self._link_page = re.compile(
            r"(?<![@\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/@?(?P<h>[a-z0-9][a-z0-9._]{2,29})(?![\w/])",
            re.IGNORECASE,
        )
        self.score = score

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (Entity.HANDLE,)

    def _looks_like_handle(self, handle: str) -> bool:
        core = handle.lstrip("@").rstrip(".").lower()
        if not any(c.isalpha() for c in core):
            return False  # a time or a number ("add me on snap at 10.30"), found as such if it is one
        if handle.startswith("@") or any(c.isdigit() or c in "._" for c in core):
            return len(core) >= 2
        return len(core) >= 3 and not self.lexicon.is_word(core) and not self.lexicon.is_allowed(core)

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        text = artifacts.text
        found: list[Span] = []
        for match in self._at.finditer(text):
            end = match.end() - (1 if match.group().endswith(".") else 0)
            found.append(Span(match.start(), end, Entity.HANDLE, self.score + 0.05, self.name))
        for window in self._platform.finditer(text):
            for match in _HANDLE_SHAPED.finditer(text, window.start(), window.end()):
                word = match.group().lower()
                if "@" not in word and not self.lexicon.is_allowed(word) and not _CHAT_NUMBER.match(word):
                    found.append(Span(match.start(), match.end(), Entity.HANDLE, self.score, self.name))
        for match in [*self._cue.finditer(text), *self._before.finditer(text)]:
            handle = match.group("h")
            if self._looks_like_handle(handle):
                start = match.start("h")
                end = match.end("h") - (1 if handle.endswith(".") else 0)
                found.append(Span(start, end, Entity.HANDLE, self.score, self.name))
        return found + self._named_again(text, found)

    def _named_again(self, text: str, found: list[Span]) -> list[Span]:
        """Return a handle named again elsewhere in the text: "… linktr.ee/kez.beats … im kez.beats".

        Only handles shaped as one (a digit, dot or underscore inside) are looked for again,
        so a handle that is an everyday word does not take its word elsewhere.
        """
        handles = {text[s.start : s.end].lstrip("@").rstrip(".").lower() for s in found}
        for match in self._link_page.finditer(text):
            handles.add(match.group("h").rstrip(".").lower())
        again: list[Span] = []
        for handle in handles:
            if len(handle) < 3 or not any(c.isdigit() or c in "._" for c in handle):
                continue
            for match in re.finditer(rf"(?<![\w.@/]){re.escape(handle)}(?![\w/]|\.\w)", text, re.IGNORECASE):
                if not any(s.start <= match.start() < s.end for s in found):
                    again.append(Span(match.start(), match.end(), Entity.HANDLE, self.score, self.name))
        return again
