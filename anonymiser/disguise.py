"""Numbers and email addresses written to get past filters, rewritten plainly, and the way back.

Young people (and anyone who knows chat filters) write "oh seven seven oh oh
nine…", "oh seven seven double oh, nine hundred, one two three", "o7700 9oo 58l",
"double four", "j m four oh three three one nine a" and "jazzy dot m 2006 at
gmail dot com". The pattern recognizers look for digits and "@", so they miss
all of these. :func:`unmask` rewrites such
stretches into the plain form ("07700900312", "jm403319a",
"jazzy.m2006@gmail.com") and keeps, for each rewritten stretch, the original
offsets, so spans found in the rewritten text map back onto the original
(``Unmasked.to_original``): the whole disguised stretch is redacted.

Only runs that add up to a number long enough to identify someone (six digits
or more) are rewritten, so "one or two", "nine nine nine" and "year ten" stay
as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from anonymiser.spans import Span

MIN_DIGITS = 6
_DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "nought": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_REPEATS = {"double": 2, "triple": 3, "treble": 3}
# Numbers read out in groups: "nine hundred" is 900, "two thousand" 2000.
_GROUPS = {"hundred": "00", "thousand": "000"}
# Letters typed for digits inside a number: O for 0, l, I and | for 1.
_LOOKALIKES = str.maketrans({"o": "0", "O": "0", "l": "1", "I": "1", "i": "1", "|": "1"})
_TOKEN = re.compile(r"[A-Za-z0-9|]+")
_GAP = re.compile(r"[ \t]*[,.\-/]?[ \t]*")
_DISGUISED = re.compile(r"^(?=.*\d)[0-9oOlIi|]+$")
_AT = r"(?:\(at\)|\[at\]|\bat\b|@)"
_DOT = r"(?:\(dot\)|\[dot\]|\bdot\b|\.)"
_SPOKEN_DOMAIN = re.compile(
    rf"\s*{_AT}\s*(?P<domain>[a-z0-9][a-z0-9-]*)\s*{_DOT}\s*(?P<tld>com|co|net|org|uk|ac|gov|edu|io|me)\b"
    rf"(?:\s*{_DOT}\s*(?P<tld2>uk|com)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unmasked:
    """The rewritten text and, for each rewritten stretch, where it came from."""

    original: str
    text: str
    # (start, end) in ``text`` and (start, end) in ``original`` of each rewritten stretch, in order
    pieces: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def changed(self) -> bool:
        """Return whether anything was rewritten."""
        return bool(self.pieces)

    def _position(self, offset: int, end: bool) -> int:
        shift = 0
        for new_start, new_end, old_start, old_end in self.pieces:
            if offset < new_start or (end and offset == new_start):
                break
            if offset < new_end or (end and offset == new_end):
                return old_end if end else old_start
            shift = old_end - new_end
        return offset + shift

    def to_original(self, span: Span) -> Span:
        """Return the span in original offsets; a span touching a rewritten stretch covers all of it."""
        start = self._position(span.start, end=False)
        end = self._position(span.end, end=True)
        return Span(start, max(end, start + 1), span.entity, span.score, span.recognizer)

    def touches_rewritten(self, span: Span) -> bool:
        """Return whether a span in rewritten offsets overlaps a rewritten stretch."""
        return any(span.start < e and s < span.end for s, e, _, _ in self.pieces)


def _digits_of(word: str) -> str | None:
    key = word.lower()
    if key in _DIGIT_WORDS:
        return _DIGIT_WORDS[key]
    if word.isdigit():
        return word
    if _DISGUISED.match(word):
        return word.translate(_LOOKALIKES)
    return None


def _digit_runs(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, digits) for each run of number words and digits worth rewriting."""
    tokens = list(_TOKEN.finditer(text))
    runs: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        start_i, digits, disguised, j = i, "", False, i
        while j < len(tokens):
            if j > start_i and not _GAP.fullmatch(text, tokens[j - 1].end(), tokens[j].start()):
                break
            word = tokens[j].group()
            repeat = _REPEATS.get(word.lower())
            if repeat and j + 1 < len(tokens):
                following = _digits_of(tokens[j + 1].group())
                if following is None or not _GAP.fullmatch(text, tokens[j].end(), tokens[j + 1].start()):
                    break
                digits += following[:1] * repeat + following[1:]
                disguised = True
                j += 2
                continue
            value = _digits_of(word)
            if value is None and digits and word.lower() in _GROUPS:
                value = _GROUPS[word.lower()]
            if value is None:
                break
            disguised = disguised or not word.isdigit()
            digits += value
            j += 1
        if j > start_i and disguised and len(digits) >= MIN_DIGITS:
            runs.append((tokens[start_i].start(), tokens[j - 1].end(), digits))
            i = j
        else:
            i = max(j, i + 1) if j > start_i and not disguised else i + 1
    return runs


def _with_letters(text: str, start: int, end: int, digits: str) -> tuple[int, int, str]:
    """Return a six-digit run widened over spelled-out NI letters: "j m four oh … a"."""
    if len(digits) != MIN_DIGITS:
        return start, end, digits
    before = re.search(r"(?<![\w])([a-z])\s+([a-z])\s+$|(?<![\w])([a-z]{2})\s+$", text[:start], re.IGNORECASE)
    if before is None:
        return start, end, digits
    letters = "".join(g for g in before.groups() if g)
    after = re.match(r"\s+([a-d])(?![\w])", text[end:], re.IGNORECASE)
    suffix = after.group(1) if after else ""
    new_end = end + after.end() if after else end
    return before.start(), new_end, f"{letters}{digits}{suffix}"


_LOCAL_STOP = frozenset(
    {"is", "me", "at", "email", "mail", "on", "to", "its", "my", "it's", "and", "or", "its:"}
)


def _local_part(text: str, end: int) -> tuple[int, str] | None:
    """Return where the address's user name starts and its plain form, walking left from ``end``."""
    last = re.search(r"([a-z0-9][a-z0-9._-]*)[ \t]*$", text[:end], re.IGNORECASE)
    if last is None or last.group(1).lower() in _LOCAL_STOP:
        return None
    parts = [last.group(1)]
    cursor = last.start(1)
    while True:
        join = re.search(
            rf"([a-z0-9][a-z0-9._-]*)\s*({_DOT}|\bunderscore\b|_|-)\s*$", text[:cursor], re.IGNORECASE
        )
        if join is not None and join.group(1).lower() not in _LOCAL_STOP:
            separator = "." if "dot" in join.group(2).lower() or join.group(2) == "." else join.group(2)
            parts[:0] = [join.group(1), "_" if separator.lower() == "underscore" else separator]
            cursor = join.start(1)
            continue
        if len(parts[0]) <= 2 or parts[0].isdigit():
            # "jazzy dot m 2006": short pieces and digits are typed apart from the name
            before = re.search(r"([a-z0-9][a-z0-9._-]*)[ \t]+$", text[:cursor], re.IGNORECASE)
            if before is not None and before.group(1).lower() not in _LOCAL_STOP:
                parts.insert(0, before.group(1))
                cursor = before.start(1)
                continue
        return cursor, "".join(parts)


def _spoken_emails(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _SPOKEN_DOMAIN.finditer(text):
        if re.fullmatch(r"@[a-z0-9.-]+", match.group(), re.IGNORECASE):
            continue  # a written address; the email pattern finds it as it is
        local = _local_part(text, match.start())
        if local is None:
            continue
        domain = f"{match.group('domain')}.{match.group('tld')}"
        if match.group("tld2"):
            domain += f".{match.group('tld2')}"
        found.append((local[0], match.end(), f"{local[1]}@{domain}"))
    return found


def _rewrite(text: str, replacements: Sequence[tuple[int, int, str]]) -> Unmasked:
    chosen: list[tuple[int, int, str]] = []
    for start, end, value in sorted(replacements, key=lambda r: (r[0], -(r[1] - r[0]))):
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, value))
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    cursor = 0
    length = 0
    for start, end, value in chosen:
        parts.append(text[cursor:start])
        length += start - cursor
        pieces.append((length, length + len(value), start, end))
        parts.append(value)
        length += len(value)
        cursor = end
    parts.append(text[cursor:])
    return Unmasked(text, "".join(parts), tuple(pieces))


def unmask(text: str) -> Unmasked:
    """Return ``text`` with disguised numbers and spoken email addresses written plainly."""
    replacements = [_with_letters(text, *run) for run in _digit_runs(text)]
    replacements += _spoken_emails(text)
    return _rewrite(text, replacements)
