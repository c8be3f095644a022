"""Sealing replies into outbox rows, each keyed to its chat (the way into the outbox)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from bot.conversation.types import Reply, reply_to_dict
from feedback import outbox
from feedback.chat_keys import chat_key
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Session

__all__ = ["queue_replies", "queued_replies"]


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
