"""A plain lower-case form of chat text that patterns can match, with a map back to the original.

Young people write "k!lllll myselfff", "su1c1de", "𝓼𝓮𝓵𝓯 𝓱𝓪𝓻𝓶", "im gonna" and
hide words with zero-width characters. Patterns are written once against a
normal form instead of trying to anticipate every spelling. Every character of
the normal form remembers which characters of the original it came from, so
evidence offsets point at what the young person actually typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Characters that render as nothing (or only change how an emoji looks) and are
# used, deliberately or not, to break words apart.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff\ufe0e\ufe0f"
)
# Letters from other scripts that look like Latin ones ("кill", "ѕelf").
_LOOKALIKE = str.maketrans(
    "аеорсухкіїјѕԁɡιοντмнвт",
    "aeopcyxkiijsdgiovtmhbt",
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
# Symbols standing in for letters inside a word ("k!ll", "h3lp", "$elf").
_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
    "€": "e",
}
_LEADING = "\"'([{<#*~"
_TRAILING = ".,!?;:)]}>\"'*~…"
_WORD_BREAKERS = re.compile(r"[-_/+]+")
_ELONGATED = re.compile(r"([a-z])\1{2,}")
_DOUBLE = re.compile(r"([a-z])\1+")

_TOKEN = re.compile(r"\S+")
# In the North of England "me" is "my" before what one has: "me mam", "me ex", "me keys". Only before
# these words, so "hit me hard" keeps its "me", and never before what one is given ("sent me money",
# "get me job"); "me " and "my " are the same length, so the map back to the typed text is unchanged.
_ME_AS_MY = re.compile(
    r"\bme (?=(?:mam|mum|mom|mother|dad|da|father|nan|nana|gran|grandad|granda|grandma|uncle|auntie|aunt|"
    r"cousin|bro|brother|sister|sis|little|lil|big|baby|babies|son|daughter|ex|fella|boyfriend|girlfriend|"
    r"bf|gf|mate|mates|pal|friend|friends|foster|carers?|social|sw|pa|key|keys|phone|room|flat|house|head|"
    r"face|arms?|legs?|wrists?|feet|hands?|uc|benefits|wages|rent|bike|maths|english|exams?|mock|old|window|door|"
    r"own|life|heart|chest|ribs|nose|mind|bed|bank)\b)"
)
_SEEN_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Normalised:
    """The normal form of a text and, per character, the original ``[start, end)`` it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original-text span covering normal-form characters ``[start, end)``."""
        if not self.text or start >= end:
            return (0, 0)
        return (self.starts[start], self.ends[end - 1])


class Normaliser:
    """Turns raw chat text into the normal form, using word lists from the risk data files.

    ``replacements`` map whole words to their plain form ("kms" → "kill myself",
    "im" → "i am", "sucide" → "suicide"). ``vocabulary`` is every word the
    patterns use; a stretched word ("diiiie") is squeezed back to the
    vocabulary word it spells, so patterns need not allow for stretching.
    """

    def __init__(self, replacements: Mapping[str, str], vocabulary: Iterable[str]) -> None:
        self._replacements = {k.lower(): v.lower() for k, v in replacements.items()}
        self._vocabulary = frozenset(w.lower() for w in vocabulary)
        skeletons: dict[str, set[str]] = {}
        for word in self._vocabulary:
            skeletons.setdefault(_DOUBLE.sub(r"\1", word), set()).add(word)
        self._skeletons = {s: next(iter(ws)) for s, ws in skeletons.items() if len(ws) == 1}
        # word -> plain form; words repeat a lot. Process memory only: never logged or kept.
        self._seen: dict[str, str] = {}

    def normalise(self, text: str) -> Normalised:
        """Return the normal form of ``text`` with its map back to ``text``."""
        chars, origin = _fold_characters(text)
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        previous_end = 0
        for match in _TOKEN.finditer(chars):
            first = match.start()
            if out:
                gap = "\n" if "\n" in chars[previous_end:first] else " "
                out.append(gap)
                starts.append(origin[first])
                ends.append(origin[first] + 1)
            previous_end = match.end()
            token = match.group()
            lead = len(token) - len(token.lstrip(_LEADING))
            core_end = len(token.rstrip(_TRAILING))
            core = token[lead:core_end] if core_end > lead else ""
            plain = self._plain_word(core) if core else core
            if plain == core:
                _copy(token, first, origin, out, starts, ends)
                continue
            _copy(token[:lead], first, origin, out, starts, ends)
            out.append(plain)
            starts.extend([origin[first + lead]] * len(plain))
            ends.extend([origin[first + core_end - 1] + 1] * len(plain))
            _copy(token[core_end:], first + core_end, origin, out, starts, ends)
        return Normalised(_ME_AS_MY.sub("my ", "".join(out)), tuple(starts), tuple(ends))

    def _plain_word(self, core: str) -> str:
        known = self._seen.get(core)
        if known is None:
            known = self._spell_out(core)
            if len(self._seen) < _SEEN_LIMIT:
                self._seen[core] = known
        return known

    def _spell_out(self, core: str) -> str:
        if core in self._replacements:
            return self._replacements[core]
        if core.isalpha() and core.isascii() and not _ELONGATED.search(core):
            return self._plain_piece(core)
        if any(ch.isalpha() for ch in core):
            core = "".join(_LEET.get(ch, ch) for ch in core)
        core = _WORD_BREAKERS.sub(" ", core).strip() or core
        words = [self._plain_piece(w) for w in core.split(" ")]
        return " ".join(words)

    def _plain_piece(self, word: str) -> str:
        if word in self._replacements:
            return self._replacements[word]
        if "'" in word:  # "mum's" -> "mums", "cant'" -> "cant" -> "cannot"
            word = word.replace("'", "")
            if word in self._replacements:
                return self._replacements[word]
        if _ELONGATED.search(word) and word not in self._vocabulary:
            twice = _ELONGATED.sub(r"\1\1", word)
            once = _ELONGATED.sub(r"\1", word)
            for candidate in (twice, once):
                if candidate in self._vocabulary or candidate in self._replacements:
                    return self._replacements.get(candidate, candidate)
            word = self._skeletons.get(_DOUBLE.sub(r"\1", word), twice)
        if word.endswith(("in", "in'")) and word not in self._vocabulary:
            dropped_g = word.rstrip("'") + "g"
            if dropped_g in self._vocabulary:
                return dropped_g
        return self._replacements.get(word, word)


def _copy(
    piece: str, offset: int, origin: list[int], out: list[str], starts: list[int], ends: list[int]
) -> None:
    """Append ``piece`` unchanged, each character mapped to its own original index."""
    if not piece:
        return
    out.append(piece)
    mapped = origin[offset : offset + len(piece)]
    starts.extend(mapped)
    ends.extend(i + 1 for i in mapped)


# Emoji that stand for a means or an injury, read as the word ("🔪🩸 cant stop", "💊💊💊🥃 bye"); each
# word keeps the emoji's place in the typed text. Faces and hearts are left as they are.
_EMOJI_WORDS = {
    "\U0001f52a": " knife ",  # kitchen knife
    "\U0001fa78": " blood ",  # drop of blood
    "\U0001f48a": " pills ",  # pill
    "\U0001f489": " needle ",  # syringe
    "\U0001f943": " drink ",  # tumbler glass
    "\U0001f37e": " drink ",  # bottle with popping cork
    "\U0001f377": " drink ",  # wine glass
    "\U0001faa2": " rope ",  # knot
    "\U0001f52b": " gun ",  # pistol
    "\u26b0": " coffin ",  # coffin
    "\U0001faa6": " grave ",  # headstone
    "\U0001f309": " bridge ",  # bridge at night
    "\U0001f6e4": " tracks ",  # railway track
}


def _fold_characters(text: str) -> tuple[str, list[int]]:
    """Return text folded to lower-case plain letters, and each character's original index."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isascii():
            folded = ch.lower()
        elif ch in _EMOJI_WORDS:
            folded = _EMOJI_WORDS[ch]
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
            folded = folded.casefold().translate(_LOOKALIKE).translate(_APOSTROPHES)
        for c in folded:
            chars.append(c)
            origin.append(i)
    return "".join(chars), origin
