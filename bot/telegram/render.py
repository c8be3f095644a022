"""How a neutral ``Reply`` looks on Telegram: plain-text messages with inline keyboards.

Text is sent without a parse mode, so nothing anyone wrote can turn into
formatting or links. Telegram refuses messages over 4096 characters (counted
in UTF-16 code units), so long texts are split at paragraph, line or word
breaks; the buttons go with the last part so they sit under the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation.types import Button, Link, Reply
from bot.telegram.callback_data import encode_action

__all__ = ["MAX_MESSAGE_UNITS", "TelegramMessage", "render", "split_text"]

MAX_MESSAGE_UNITS = 4096
_EMPTY = "…"  # Telegram refuses empty messages; a reply of buttons alone still needs a line


@dataclass(frozen=True)
class TelegramMessage:
    """One ``sendMessage`` call."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def render(reply: Reply) -> list[TelegramMessage]:
    """Return the messages that show ``reply``; raises ``CallbackDataError`` for an unfit action."""
    keyboard = _keyboard(reply.buttons, reply.link)
    parts = split_text(reply.text if reply.text.strip() else _EMPTY)
    return [
        TelegramMessage(text=part, keyboard=keyboard if index == len(parts) - 1 else None)
        for index, part in enumerate(parts)
    ]


@lru_cache(maxsize=1024)
def _keyboard(buttons: tuple[tuple[Button, ...], ...], link: Link | None) -> InlineKeyboardMarkup | None:
    """Return the inline keyboard for these buttons, built once: most replies share a few keyboards.

    PTB's objects are immutable once made, so one may be sent many times.
    """
    rows = [
        [InlineKeyboardButton(b.label, callback_data=encode_action(b.action)) for b in row]
        for row in buttons
        if row
    ]
    if link is not None:
        rows.append([InlineKeyboardButton(link.label, url=link.url)])
    return InlineKeyboardMarkup(rows) if rows else None


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fitting_prefix(text: str, limit: int) -> int:
    """Return the length (in code points) of the longest prefix within ``limit`` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def split_text(text: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """Return ``text`` in parts of at most ``limit`` UTF-16 units, breaking where a reader would."""
    parts: list[str] = []
    rest = text
    while _units(rest) > limit:
        end = _fitting_prefix(rest, limit)
        window = rest[:end]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > limit // 2:
                break
        else:
            cut = -1
        if cut <= 0:
            parts.append(window)
            rest = rest[end:]
        else:
            parts.append(window[:cut].rstrip())
            rest = rest[cut:].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts
