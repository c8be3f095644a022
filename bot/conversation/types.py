"""Neutral inbound and reply types: the conversation engine never sees a Telegram ``Update``.

A channel adapter turns what arrived into an ``Inbound`` and renders each
``Reply`` in its own way (Telegram inline keyboards, web chat buttons). A
channel that can only send text still works: buttons fall back to numbered
text choices.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "Button",
    "Inbound",
    "InboundKind",
    "Link",
    "Reply",
    "inbound_from_json",
    "inbound_to_json",
    "reply_from_dict",
    "reply_to_dict",
]


class InboundKind(StrEnum):
    """What the young person sent."""

    TEXT = "text"  # typed text, including commands such as "/start CODE" or "/help"
    CHOICE = "choice"  # a button press; ``text`` holds the button's action code (untrusted)
    UNSUPPORTED = "unsupported"  # sticker, photo, voice note, file, location, contact…


@dataclass(frozen=True)
class Inbound:
    """One thing a young person sent, on any channel."""

    channel: str  # "telegram" | "web"
    pseudonym: str  # HMAC pseudonym of the channel user id; never the id itself
    kind: InboundKind
    text: str = ""
    unsupported: str | None = None  # the kind of unsupported content, e.g. "sticker"
    address: str | None = field(default=None, repr=False)  # where to write back (sealed on store)
    # The code of a privacy card this channel showed and that is still unanswered, when the channel
    # can remember it without storing anything (the web chat keeps it in a sealed cookie). With it,
    # text typed before OK gets the card again instead of a request for a code.
    card_code: str = field(default="", repr=False)


@dataclass(frozen=True)
class Button:
    """A choice offered to the young person; ``action`` is a compact code the engine validates."""

    label: str
    action: str


@dataclass(frozen=True)
class Link:
    """A link offered with a reply (for example the web chat for under-16s)."""

    label: str
    url: str


@dataclass(frozen=True)
class Reply:
    """One message to the young person."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()  # rows of buttons
    link: Link | None = None


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    """Return a JSON-ready form of ``reply`` (as the outbox and a waiting screen keep it)."""
    data: dict[str, Any] = {"text": reply.text}
    if reply.buttons:
        data["buttons"] = [[[b.label, b.action] for b in row] for row in reply.buttons]
    if reply.link is not None:
        data["link"] = [reply.link.label, reply.link.url]
    return data


def reply_from_dict(data: dict[str, Any]) -> Reply:
    """Return the ``Reply`` stored by ``reply_to_dict``."""
    buttons = tuple(
        tuple(Button(label=str(label), action=str(action)) for label, action in row)
        for row in data.get("buttons", ())
    )
    link_data = data.get("link")
    link = Link(label=str(link_data[0]), url=str(link_data[1])) if link_data else None
    return Reply(text=str(data["text"]), buttons=buttons, link=link)


def inbound_to_json(inbound: Inbound) -> str:
    """Return the JSON an arrival is stored as (sealed) in the inbox, the same for every channel.

    The channel adapter converts what arrived once, at intake; the inbox
    worker reads it back with ``inbound_from_json`` and never needs the
    adapter again. ``card_code`` is not kept: it lives only in the web chat's
    cookie, for the request that carried it.
    """
    data: dict[str, Any] = {"v": 1, "ch": inbound.channel, "p": inbound.pseudonym, "k": inbound.kind.value}
    if inbound.text:
        data["t"] = inbound.text
    if inbound.unsupported:
        data["x"] = inbound.unsupported
    if inbound.address is not None:
        data["a"] = inbound.address
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def inbound_from_json(payload: str) -> Inbound:
    """Return the ``Inbound`` stored by ``inbound_to_json``; ``ValueError`` for anything else."""
    data = json.loads(payload)
    if not isinstance(data, dict) or data.get("v") != 1:
        raise ValueError("not a stored inbound message")
    address = data.get("a")
    return Inbound(
        channel=str(data["ch"]),
        pseudonym=str(data["p"]),
        kind=InboundKind(data["k"]),
        text=str(data.get("t", "")),
        unsupported=data.get("x"),
        address=None if address is None else str(address),
    )
