"""The channel-agnostic conversation engine: joining, consent, menu, surveys, issues, help, my data."""

from bot.conversation.engine import ConversationEngine
from bot.conversation.turn import EngineConfig
from bot.conversation.types import Button, Inbound, InboundKind, Link, Reply

__all__ = ["Button", "ConversationEngine", "EngineConfig", "Inbound", "InboundKind", "Link", "Reply"]
