"""Alert notices to a staff Telegram group through the Bot API (the same bot, a different chat)."""

from __future__ import annotations

import aiohttp

from bot.notifier.notice import AlertNotice

__all__ = ["StaffGroupNotifier"]


class StaffGroupNotifier:
    """Posts each notice to one staff chat; the group's members are council staff, never young people."""

    name = "telegram_staff_group"

    def __init__(self, *, api_url: str, token: str, chat_id: str, timeout: float = 15.0) -> None:
        self._url = f"{api_url.rstrip('/')}{token}/sendMessage"
        self._chat_id = chat_id
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def send(self, notice: AlertNotice) -> None:
        """Post ``notice``; raise if the Bot API refuses it."""
        payload = {
            "chat_id": self._chat_id,
            "text": f"{notice.subject}\n\n{notice.body}",
            "disable_web_page_preview": True,
        }
        async with (
            aiohttp.ClientSession(timeout=self._timeout) as http,
            http.post(self._url, json=payload) as response,
        ):
            data = await response.json(content_type=None)
            if response.status != 200 or not data.get("ok"):
                raise RuntimeError(f"staff group notice refused (HTTP {response.status})")
