"""The durable outbox: every message to a young person waits here until a sender delivers it.

Rows survive restarts. One module for each end a message passes, in order:
``queueing`` (stored once, by ``dedup_key``), ``claiming`` (taken by a
sender, a chat's messages in order) and ``settling`` (sent, retried or given
up); ``stored`` is the row's shape both ends hand on. Everything is named
here too, so callers write ``outbox.enqueue_many``.
"""

from feedback.outbox.claiming import CLAIM_LOCK, claim_due, claimants, pending_count, release
from feedback.outbox.queueing import Queued, enqueue, enqueue_claimed, enqueue_many
from feedback.outbox.settling import failed_count, mark_failed, mark_sent_many, retry_failed, retry_later
from feedback.outbox.stored import StoredMessage, stored_messages

__all__ = [
    "CLAIM_LOCK",
    "Queued",
    "StoredMessage",
    "claim_due",
    "claimants",
    "enqueue",
    "enqueue_claimed",
    "enqueue_many",
    "failed_count",
    "mark_failed",
    "mark_sent_many",
    "pending_count",
    "release",
    "retry_failed",
    "retry_later",
    "stored_messages",
]
