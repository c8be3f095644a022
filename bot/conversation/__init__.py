"""The channel-agnostic conversation engine: joining, consent, menu, surveys, issues, help, my data."""

from bot.conversation.types import Button, Inbound, InboundKind, Link, Reply

__all__ = ["Button", "Inbound", "InboundKind", "Link", "Reply"]
