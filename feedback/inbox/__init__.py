"""The durable inbox: updates are stored before they are acknowledged and claimed in order per chat.

One module for each end a stored update passes, in order: ``arrivals``
(stored at intake), ``claiming`` (taken by a worker, one per chat) and
``settling`` (done once its replies are queued, or failed). Everything is
named here too, so callers write ``inbox.claim``.
"""

from feedback.inbox.arrivals import Arrival, accept, accept_many, accept_one
from feedback.inbox.claiming import StoredUpdate, claim, claimants, pending_count, release
from feedback.inbox.settling import MAX_ATTEMPTS, mark_done, mark_done_many, mark_failed

__all__ = [
    "MAX_ATTEMPTS",
    "Arrival",
    "StoredUpdate",
    "accept",
    "accept_many",
    "accept_one",
    "claim",
    "claimants",
    "mark_done",
    "mark_done_many",
    "mark_failed",
    "pending_count",
    "release",
]
