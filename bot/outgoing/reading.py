"""Opening an outbox row into the message a sender delivers (the way out of the outbox)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.conversation.types import Reply, reply_from_dict
from feedback import outbox
from feedback.crypto import Sealer

__all__ = ["Outgoing", "open_outgoing"]


@dataclass(frozen=True)
class Outgoing:
    """One message to send: where to, and what."""

    channel: str
    address: str
    reply: Reply


def open_outgoing(sealer: Sealer, item: outbox.StoredMessage) -> Outgoing:
    """Return the message an outbox row holds."""
    data = json.loads(sealer.open(item.payload_sealed))
    return Outgoing(channel=item.channel, address=str(data["address"]), reply=reply_from_dict(data["reply"]))
