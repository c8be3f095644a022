"""Putting replies into the durable outbox, and reading them back out, for every channel.

Everything Heard says to a young person — answers to what they sent, worker
replies, survey invites, reminders — goes through here, so one sender can pace,
retry and account for it. The payload (address and reply) is sealed: the
outbox must not become a plain-text copy of conversations.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.conversation.types import Reply, reply_from_dict, reply_to_dict
from feedback import outbox
from feedback.chat_keys import chat_key
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Session

# ``chat_key`` (``feedback.chat_keys``) and the reply's stored form (``bot.conversation.types``) are defined
# where the conversation can import them without this module; they are named here too for the channels.
__all__ = [
    "Outgoing",
    "chat_key",
    "open_outgoing",
    "queue_replies",
    "queued_replies",
    "reply_from_dict",
    "reply_to_dict",
]


@dataclass(frozen=True)
class Outgoing:
    """One message to send: where to, and what."""

    channel: str
    address: str
    reply: Reply


async def queue_replies(
    session: Session,
    *,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    channel: str,
    address: str,
    replies: Sequence[Reply],
    now: datetime,
    dedup_prefix: str | None = None,
    not_before: datetime | None = None,
) -> list[int]:
    """Queue ``replies`` in order for one chat; return the new outbox ids.

    With ``dedup_prefix`` each reply gets the key ``{prefix}:{n}``, so queueing
    the same replies again (a retried update, a re-run job) adds nothing.
    """
    ids: list[int] = []
    for message in queued_replies(
        sealer=sealer,
        pseudonymiser=pseudonymiser,
        channel=channel,
        address=address,
        replies=replies,
        dedup_prefix=dedup_prefix,
        not_before=not_before,
    ):
        new_id = await outbox.enqueue(
            session,
            channel=message.channel,
            chat_key=message.chat_key,
            payload_sealed=message.payload_sealed,
            now=now,
            dedup_key=message.dedup_key,
            not_before=message.not_before,
        )
        if new_id is not None:
            ids.append(new_id)
    return ids


def queued_replies(
    *,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    channel: str,
    address: str,
    replies: Sequence[Reply],
    dedup_prefix: str | None = None,
    not_before: datetime | None = None,
) -> list[outbox.Queued]:
    """Return ``replies`` sealed and keyed as outbox rows, ready for ``outbox.enqueue_many``."""
    key = chat_key(pseudonymiser, channel, address)
    return [
        outbox.Queued(
            channel=channel,
            chat_key=key,
            payload_sealed=sealer.seal(
                json.dumps({"address": address, "reply": reply_to_dict(reply)}, ensure_ascii=False)
            ),
            dedup_key=f"{dedup_prefix}:{index}" if dedup_prefix else None,
            not_before=not_before,
        )
        for index, reply in enumerate(replies)
    ]


def open_outgoing(sealer: Sealer, item: outbox.StoredMessage) -> Outgoing:
    """Return the message an outbox row holds."""
    data = json.loads(sealer.open(item.payload_sealed))
    return Outgoing(channel=item.channel, address=str(data["address"]), reply=reply_from_dict(data["reply"]))
