"""The conversation state kept per participant: which flow they are in, and that flow's data.

Small and versioned so it survives restarts and upgrades: a state that cannot
be read (an older shape, a flow that no longer exists) falls back to the
menu instead of breaking the chat.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MENU", "ChatState"]

MENU = "menu"
_VERSION = 1


@dataclass(frozen=True)
class ChatState:
    """Where someone is: ``flow`` names the flow module, ``step`` and ``data`` belong to it."""

    flow: str = MENU
    step: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Return the state as compact JSON text (sealed before it is stored)."""
        payload = {"v": _VERSION, "flow": self.flow, "step": self.step, "data": dict(self.data)}
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> ChatState:
        """Return the state stored as ``text``; the menu state when there is none or it is unreadable."""
        if not text:
            return cls()
        try:
            payload = json.loads(text)
        except ValueError:
            return cls()
        if not isinstance(payload, dict) or payload.get("v") != _VERSION:
            return cls()
        flow, step, data = payload.get("flow"), payload.get("step", ""), payload.get("data", {})
        if not isinstance(flow, str) or not isinstance(step, str) or not isinstance(data, dict):
            return cls()
        return cls(flow=flow, step=step, data=data)
