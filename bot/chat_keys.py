"""The opaque key that names one chat in the inbox and the outbox, on any channel.

Apart from ``bot.outgoing`` so the conversation's forget flow can name a
person's chats without importing the outbox code, which imports the
conversation's reply types.
"""

from __future__ import annotations

from feedback.crypto import Pseudonymiser

__all__ = ["chat_key"]


def chat_key(pseudonymiser: Pseudonymiser, channel: str, address: str) -> str:
    """Return the opaque key that groups one chat's messages (for ordering and pacing)."""
    return pseudonymiser.pseudonym(channel, f"chat:{address}")
