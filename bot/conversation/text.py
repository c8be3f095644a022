"""What a young person typed, made safe to handle: one Unicode form, no invisible controls.

Messages can hold anything: zero-width characters, right-to-left overrides,
stacks of combining marks, lone surrogates from a broken client, pasted
control characters. None of that should crash Heard or hide words from the
risk check, so text is brought to NFC, invisible format and control
characters are removed, and runs of combining marks are capped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["MAX_ASSESSED", "MAX_TEXT", "Command", "clean_text", "parse_command"]

MAX_TEXT = 4096  # longest message Heard reads (Telegram's own limit)
MAX_ASSESSED = 8192  # the risk check still reads this much of an over-long message
MAX_COMBINING_RUN = 3

_ASCII_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ ]+\n")
_COMMAND = re.compile(r"^/([A-Za-z][A-Za-z0-9_]{0,31})(?:@[A-Za-z0-9_]{1,64})?(?:\s+(.*))?$", re.DOTALL)


def _clean_unicode(text: str) -> str:
    kept: list[str] = []
    for ch in text:
        if ch == "\n":
            kept.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs"):
            if ch == "\t":
                kept.append(" ")
            continue
        if category in ("Zl", "Zp"):
            kept.append("\n")
        elif category == "Zs":
            kept.append(" ")
        else:
            kept.append(ch)
    normal = unicodedata.normalize("NFC", "".join(kept))
    capped: list[str] = []
    run = 0
    for ch in normal:
        run = run + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        if run <= MAX_COMBINING_RUN:
            capped.append(ch)
    return unicodedata.normalize("NFC", "".join(capped))


def clean_text(raw: str) -> str:
    """Return ``raw`` in NFC with control and invisible characters removed and whitespace tidied."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        text = _ASCII_CONTROLS.sub(lambda m: " " if m[0] == "\t" else "", text)
    else:
        text = _clean_unicode(text)
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command such as ``/start K7MX-Q2PD``: its lower-case name and the rest of the line."""

    name: str
    arg: str


def parse_command(text: str) -> Command | None:
    """Return the command in ``text`` (``/start@HeardBot CODE`` included), or None."""
    match = _COMMAND.match(text)
    if match is None:
        return None
    return Command(match[1].lower(), (match[2] or "").strip())
