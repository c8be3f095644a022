"""Telegram: the webhook and polling intake, the Update → Inbound adapter, and Reply rendering."""

from bot.telegram.channel import CONVERSATION, TELEGRAM, TelegramChannel, TelegramOptions, setup_telegram
from bot.telegram.request import AiohttpRequest

__all__ = [
    "CONVERSATION",
    "TELEGRAM",
    "AiohttpRequest",
    "TelegramChannel",
    "TelegramOptions",
    "setup_telegram",
]
