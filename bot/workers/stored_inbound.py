"""Reading a stored update back as the channel-neutral ``Inbound`` it was stored as.

Each channel converts what arrived into an ``Inbound`` once, at intake, and
the inbox keeps it sealed in one form for every channel (the web chat's rows
without their words, which that request handles itself). So the worker reads
every row the same way and a message never goes back to its channel's
adapter on the way through.

Rows stored by versions before that change hold the Telegram adapter's own
stripped form (user id, chat id, kind, text). Those are read here too, so an
upgrade with messages still waiting loses none of them; they need nothing
from the adapter but the pseudonym rule, which is the same for every channel.
"""

from __future__ import annotations

import json

from bot.conversation.types import Inbound, InboundKind, inbound_from_json
from feedback.crypto import Pseudonymiser, Sealer
from feedback.inbox import StoredUpdate

__all__ = ["UnreadableUpdateError", "open_inbound"]

_LEGACY_KINDS = {
    "text": InboundKind.TEXT,
    "choice": InboundKind.CHOICE,
    "unsupported": InboundKind.UNSUPPORTED,
}


class UnreadableUpdateError(ValueError):
    """A stored update in no form Heard ever wrote."""


def open_inbound(sealer: Sealer, pseudonymiser: Pseudonymiser, item: StoredUpdate) -> Inbound:
    """Return the ``Inbound`` ``item`` holds; ``UnreadableUpdateError`` when it holds none."""
    payload = sealer.open(item.payload_sealed)
    try:
        return inbound_from_json(payload)
    except (ValueError, KeyError, TypeError):
        pass
    legacy = _legacy_telegram(payload, pseudonymiser) if item.channel == "telegram" else None
    if legacy is None:
        raise UnreadableUpdateError("the stored update is in no known form")
    return legacy


def _legacy_telegram(payload: str, pseudonymiser: Pseudonymiser) -> Inbound | None:
    """Read the form Telegram updates were stored in before intake converted them."""
    try:
        data = json.loads(payload)
        user_id, chat_id, kind = int(data["u"]), int(data["c"]), _LEGACY_KINDS[data["k"]]
    except (ValueError, KeyError, TypeError):
        return None
    return Inbound(
        channel="telegram",
        pseudonym=pseudonymiser.pseudonym("telegram", str(user_id)),
        kind=kind,
        text=str(data.get("t", "")),
        unsupported=data.get("x"),
        address=str(chat_id),
    )
