"""The opaque key that names one chat in the inbox and the outbox, on any channel.

It lives with the data because "forget me" deletes a person's chats by
these keys (``feedback.participants.member_chat_keys``), and the outbox
code in ``bot.outgoing`` names chats by the same rule.
"""

from __future__ import annotations

from feedback.crypto import Pseudonymiser

__all__ = ["chat_key"]


def chat_key(pseudonymiser: Pseudonymiser, channel: str, address: str) -> str:
    """Return the opaque key that groups one chat's messages (for ordering and pacing)."""
    return pseudonymiser.pseudonym(channel, f"chat:{address}")
