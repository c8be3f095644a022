"""Replies as the web chat shows them: escaped text with tappable phone numbers, buttons as forms."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

from bot.conversation.types import Reply

__all__ = ["PhoneLinks", "new_nonce"]


def new_nonce() -> str:
    """Return a fresh form nonce: a re-sent form (double tap, back button) is handled once."""
    return secrets.token_urlsafe(12)


class PhoneLinks:
    """Turns the help numbers in a text into ``tel:`` links, after escaping everything else."""

    def __init__(self, numbers: Iterable[str]) -> None:
        ordered = sorted({n.strip() for n in numbers if n.strip()}, key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in ordered)
        self._pattern = re.compile(rf"(?<![\d])({alternatives})(?![\d])") if ordered else None

    def __call__(self, text: str) -> Markup:
        """Return ``text`` escaped, with each known number wrapped in a ``tel:`` link."""
        escaped = str(escape(text))
        if self._pattern is None:
            return Markup(escaped)  # noqa: S704 - escaped just above  # nosec

        def link(match: re.Match[str]) -> str:
            number = match[1]
            return f'<a href="tel:{re.sub(r"[^0-9+]", "", number)}">{number}</a>'

        return Markup(self._pattern.sub(link, escaped))  # noqa: S704 - built from escaped text  # nosec


def as_messages(replies: Sequence[Reply]) -> list[dict[str, object]]:
    """Return replies as template values, each button form with its own fresh nonce."""
    return [
        {
            "text": reply.text,
            "rows": [[{"label": b.label, "action": b.action} for b in row] for row in reply.buttons],
            "link": {"label": reply.link.label, "url": reply.link.url} if reply.link else None,
            "nonce": new_nonce(),
        }
        for reply in replies
    ]
