"""The web chat at /chat: the same conversation as Telegram, in any browser, for every age band."""

from bot.webchat.setup import setup_webchat

__all__ = ["setup_webchat"]
