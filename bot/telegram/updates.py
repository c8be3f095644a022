"""Telegram updates reduced to what Heard needs, before anything is stored.

A raw update carries names, usernames, language, sometimes locations and
phone numbers. ``strip`` keeps only ids, the text or button action, and the
kind of anything else; the rest never reaches the database. Locations and
contacts are recognised only by their key: their content is not even copied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.conversation.types import Inbound, InboundKind
from bot.telegram.callback_data import decode_action
from feedback.crypto import Pseudonymiser

__all__ = [
    "ALLOWED_UPDATES",
    "MAX_TEXT_CHARS",
    "MalformedUpdateError",
    "TelegramUpdate",
    "UpdateKind",
    "strip",
    "to_inbound",
]

ALLOWED_UPDATES = ("message", "callback_query")  # what Heard asks Telegram for
MAX_TEXT_CHARS = 4096  # Telegram's own limit for a message; anything longer was not from Telegram

# Message keys for content Heard cannot read; the first present names the kind.
_UNSUPPORTED_KEYS = (
    "sticker", "photo", "voice", "video_note", "video", "audio", "document", "animation",
    "location", "venue", "contact", "poll", "dice", "game", "story", "paid_media", "invoice",
)  # fmt: skip


class MalformedUpdateError(ValueError):
    """The body is JSON but not a Telegram update (no integer ``update_id``)."""


class UpdateKind(StrEnum):
    """What a stripped update holds."""

    TEXT = "text"
    CHOICE = "choice"  # a button press with well-formed callback data
    BAD_CHOICE = "bad_choice"  # a button press whose data Heard could never have sent
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class TelegramUpdate:
    """One update from a private chat, stripped of everything Heard does not use."""

    update_id: int
    user_id: int = field(repr=False)
    chat_id: int = field(repr=False)
    kind: UpdateKind
    text: str = field(default="", repr=False)  # message text, or the action code of a choice
    unsupported: str | None = None
    callback_query_id: str | None = field(default=None, repr=False)  # answered at once, never stored
    # The language the person's Telegram app is set to: only for answering a stale button before
    # Heard knows their own choice. Never stored.
    app_language: str | None = field(default=None, repr=False)


MAX_UPDATE_ID = 2**63  # the inbox stores update ids as signed 64-bit integers (Telegram's are far smaller)


def strip(raw: Mapping[str, Any]) -> TelegramUpdate | None:
    """Return what Heard uses of ``raw``, or None when there is nothing to act on.

    Nothing to act on: updates Heard did not ask for, messages from groups or
    channels (Heard talks one to one), and messages sent by other bots.
    Raises ``MalformedUpdateError`` when ``raw`` has no integer ``update_id``.
    """
    update_id = raw.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise MalformedUpdateError("an update needs an integer update_id")
    if not 0 <= update_id < MAX_UPDATE_ID:  # beyond the inbox's column: it would fail a whole batch
        raise MalformedUpdateError("update_id is out of range")
    message = raw.get("message")
    if isinstance(message, Mapping):
        return _from_message(update_id, message)
    query = raw.get("callback_query")
    if isinstance(query, Mapping):
        return _from_callback_query(update_id, query)
    return None


def _private_ids(user: object, chat: object) -> tuple[int, int] | None:
    if not isinstance(user, Mapping) or not isinstance(chat, Mapping):
        return None
    if user.get("is_bot") is True or chat.get("type") != "private":
        return None
    user_id, chat_id = user.get("id"), chat.get("id")
    if not isinstance(user_id, int) or not isinstance(chat_id, int):
        return None
    return user_id, chat_id


def _from_message(update_id: int, message: Mapping[str, Any]) -> TelegramUpdate | None:
    ids = _private_ids(message.get("from"), message.get("chat"))
    if ids is None:
        return None
    user_id, chat_id = ids
    text = message.get("text")
    if isinstance(text, str):
        return TelegramUpdate(update_id, user_id, chat_id, UpdateKind.TEXT, text=clean_text(text))
    kind = next((key for key in _UNSUPPORTED_KEYS if key in message), "other")
    return TelegramUpdate(update_id, user_id, chat_id, UpdateKind.UNSUPPORTED, unsupported=kind)


def _from_callback_query(update_id: int, query: Mapping[str, Any]) -> TelegramUpdate | None:
    message = query.get("message")
    chat = message.get("chat") if isinstance(message, Mapping) else None
    ids = _private_ids(query.get("from"), chat)
    if ids is None:
        return None
    query_id = query.get("id")
    action = decode_action(query.get("data"))
    kind = UpdateKind.CHOICE if action is not None else UpdateKind.BAD_CHOICE
    sender = query.get("from")
    language = sender.get("language_code") if isinstance(sender, Mapping) else None
    return TelegramUpdate(
        update_id,
        *ids,
        kind,
        text=action or "",
        callback_query_id=query_id if isinstance(query_id, str) else None,
        app_language=language if isinstance(language, str) else None,
    )


def clean_text(text: str) -> str:
    """Return ``text`` safe to seal and store: no lone surrogates or NULs, at most 4096 characters.

    A command addressed to the bot by name (``/help@HeardBot``) becomes plain ``/help``.
    """
    text = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")[:MAX_TEXT_CHARS]
    if text.startswith("/"):
        command, sep, rest = text.partition(" ")
        text = command.split("@", 1)[0] + sep + rest
    return text


def to_inbound(update: TelegramUpdate, pseudonymiser: Pseudonymiser) -> Inbound | None:
    """Return the neutral ``Inbound`` for ``update``, or None when the engine has nothing to do."""
    common = {
        "channel": "telegram",
        "pseudonym": pseudonymiser.pseudonym("telegram", str(update.user_id)),
        "address": str(update.chat_id),
    }
    if update.kind is UpdateKind.TEXT:
        return Inbound(kind=InboundKind.TEXT, text=update.text, **common)
    if update.kind is UpdateKind.CHOICE:
        return Inbound(kind=InboundKind.CHOICE, text=update.text, **common)
    if update.kind is UpdateKind.UNSUPPORTED:
        return Inbound(kind=InboundKind.UNSUPPORTED, unsupported=update.unsupported, **common)
    return None
