"""Background workers: the inbox worker (updates → replies) and the paced, retrying outbox sender."""

from bot.workers.inbox_worker import Conversation, InboxWorker, WorkerOptions
from bot.workers.pacing import Pacer, SendLimits
from bot.workers.sender import GiveUp, OutboxSender, RetryLater, SenderOptions

__all__ = [
    "Conversation",
    "GiveUp",
    "InboxWorker",
    "OutboxSender",
    "Pacer",
    "RetryLater",
    "SendLimits",
    "SenderOptions",
    "WorkerOptions",
]
