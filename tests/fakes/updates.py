"""Factories for raw Telegram updates as the Bot API sends them, names and all.

The names, usernames and language codes are there on purpose: Heard must
strip them before anything is stored.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

__all__ = ["UpdateFactory"]


class UpdateFactory:
    """Makes updates with increasing ``update_id``s; private chats, so chat id == user id."""

    def __init__(self, first_update_id: int = 1000) -> None:
        self._ids = itertools.count(first_update_id)
        self._message_ids = itertools.count(1)

    @staticmethod
    def user(user_id: int) -> dict[str, Any]:
        """Return a user as Telegram describes one."""
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": "Jordan",
            "last_name": "Whitfield",
            "username": f"jordan_w{user_id}",
            "language_code": "en",
        }

    def message(self, user_id: int, **content: Any) -> dict[str, Any]:
        """Return a message update from ``user_id`` with ``content`` (text=…, sticker=…)."""
        return {
            "update_id": next(self._ids),
            "message": {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "from": self.user(user_id),
                "chat": {
                    "id": user_id,
                    "type": "private",
                    "first_name": "Jordan",
                    "username": f"jordan_w{user_id}",
                },
                **content,
            },
        }

    def text(self, user_id: int, text: str) -> dict[str, Any]:
        """Return a text message update."""
        return self.message(user_id, text=text)

    def choice(self, user_id: int, data: str, *, query_id: str | None = None) -> dict[str, Any]:
        """Return a button press (callback query) carrying ``data``."""
        update_id = next(self._ids)
        return {
            "update_id": update_id,
            "callback_query": {
                "id": query_id or f"cq{update_id}",
                "from": self.user(user_id),
                "chat_instance": "-99",
                "data": data,
                "message": {
                    "message_id": next(self._message_ids),
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private", "first_name": "Jordan"},
                    "text": "earlier message",
                },
            },
        }

    def sticker(self, user_id: int) -> dict[str, Any]:
        """Return a sticker message update."""
        sticker = {"file_id": "CAAD", "file_unique_id": "u1", "type": "regular", "width": 512,
                   "height": 512, "is_animated": False, "is_video": False, "emoji": "👍"}  # fmt: skip
        return self.message(user_id, sticker=sticker)

    def location(self, user_id: int, latitude: float, longitude: float) -> dict[str, Any]:
        """Return a shared location update."""
        return self.message(user_id, location={"latitude": latitude, "longitude": longitude})

    def contact(self, user_id: int, phone: str) -> dict[str, Any]:
        """Return a shared contact update."""
        return self.message(
            user_id, contact={"phone_number": phone, "first_name": "Jordan", "user_id": user_id}
        )

    def photo(self, user_id: int, caption: str) -> dict[str, Any]:
        """Return a photo update with a caption."""
        photo = [{"file_id": "AgAD", "file_unique_id": "p1", "width": 90, "height": 90}]
        return self.message(user_id, photo=photo, caption=caption)

    def group_text(self, user_id: int, group_id: int, text: str) -> dict[str, Any]:
        """Return a text message sent in a group (Heard ignores groups)."""
        update = self.text(user_id, text)
        update["message"]["chat"] = {"id": group_id, "type": "group", "title": "Friends"}
        return update
