"""Putting replies into the durable outbox, and reading them back out, for every channel.

Everything Heard says to a young person — answers to what they sent, worker
replies, survey invites, reminders — goes through the outbox, so one sender
can pace, retry and account for it. The payload (address and reply) is
sealed: the outbox must not become a plain-text copy of conversations.

``queueing`` seals replies on the way in and ``reading`` opens them on the
way out: a message passes each once. Both are named here too.
"""

from bot.conversation.types import reply_from_dict, reply_to_dict
from bot.outgoing.queueing import queue_replies, queued_replies
from bot.outgoing.reading import Outgoing, open_outgoing
from feedback.chat_keys import chat_key

# ``chat_key`` (``feedback.chat_keys``) and the reply's stored form (``bot.conversation.types``) are defined
# where the conversation can import them without this package; they are named here too for the channels.
__all__ = [
    "Outgoing",
    "chat_key",
    "open_outgoing",
    "queue_replies",
    "queued_replies",
    "reply_from_dict",
    "reply_to_dict",
]
