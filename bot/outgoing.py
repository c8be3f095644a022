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
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.conversation.types import Button, Link, Reply
from feedback import outbox
from feedback.crypto import Pseudonymiser, Sealer
from feedback.models import OutboxItem

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


def chat_key(pseudonymiser: Pseudonymiser, channel: str, address: str) -> str:
    """Return the opaque key that groups one chat's messages (for ordering and pacing)."""
    return pseudonymiser.pseudonym(channel, f"chat:{address}")


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    """Return a JSON-ready form of ``reply``."""
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


async def queue_replies(
    session: AsyncSession,
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


def open_outgoing(sealer: Sealer, item: OutboxItem) -> Outgoing:
    """Return the message an outbox row holds."""
    data = json.loads(sealer.open(item.payload_sealed))
    return Outgoing(channel=item.channel, address=str(data["address"]), reply=reply_from_dict(data["reply"]))
