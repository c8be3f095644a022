"""Callback data for inline buttons: the engine's action code, checked for size and shape both ways.

Telegram returns whatever a client sends as ``callback_data``, so what comes
back is untrusted: a modified client can send anything up to 64 bytes (or a
broken one, more). Here only the size and the character set are checked; the
conversation engine decides whether the action makes sense right now.
"""

from __future__ import annotations

import re

__all__ = ["MAX_CALLBACK_BYTES", "CallbackDataError", "decode_action", "encode_action"]

MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
# Printable ASCII without spaces: compact, unambiguous, and never anyone's words.
_SHAPE = re.compile(r"^[\x21-\x7e]{1,64}$")


class CallbackDataError(ValueError):
    """An action code cannot be carried by a Telegram button."""


def encode_action(action: str) -> str:
    """Return the callback data for ``action``, or raise ``CallbackDataError`` if it cannot fit."""
    if not _SHAPE.fullmatch(action):
        raise CallbackDataError(
            f"button action codes must be 1-{MAX_CALLBACK_BYTES} printable ASCII characters "
            f"without spaces (got {len(action)} characters)"
        )
    return action


def decode_action(data: object) -> str | None:
    """Return the action code carried by ``data``, or None when it is not something Heard could send."""
    if not isinstance(data, str) or not _SHAPE.fullmatch(data):
        return None
    return data
