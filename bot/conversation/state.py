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

__all__ = ["MENU", "ChatState", "SafetyQuestion"]

MENU = "menu"
_VERSION = 1


@dataclass(frozen=True)
class SafetyQuestion:
    """A safety question waiting for an answer, about one alert.

    ``kind`` is ``check`` ("Are you safe right now?") or ``contact`` ("Do you
    want someone to contact you?"). ``then`` holds what the flow would have
    shown instead (replies as ``bot.outgoing.reply_to_dict`` stores them), so
    answering returns the person to exactly where they were.
    """

    kind: str
    alert_id: int
    then: tuple[Mapping[str, Any], ...] = ()

    def to_data(self) -> dict[str, Any]:
        """Return the question as JSON-ready data."""
        return {"q": self.kind, "a": self.alert_id, "t": [dict(r) for r in self.then]}

    @classmethod
    def from_data(cls, data: object) -> SafetyQuestion | None:
        """Return the question stored as ``data``; None when there is none or it is unreadable."""
        if not isinstance(data, dict):
            return None
        kind, alert_id, then = data.get("q"), data.get("a"), data.get("t", [])
        if kind not in ("check", "contact") or not isinstance(alert_id, int) or isinstance(alert_id, bool):
            return None
        if not isinstance(then, list) or not all(isinstance(r, dict) for r in then):
            then = []
        return cls(kind, alert_id, tuple(then))


@dataclass(frozen=True)
class ChatState:
    """Where someone is: ``flow`` names the flow module, ``step`` and ``data`` belong to it.

    ``safety`` is a safety question waiting for an answer; flows never see it
    (the engine lifts it off before a flow runs and puts it back after).
    """

    flow: str = MENU
    step: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    safety: SafetyQuestion | None = None

    def to_json(self) -> str:
        """Return the state as compact JSON text (sealed before it is stored)."""
        payload: dict[str, Any] = {
            "v": _VERSION,
            "flow": self.flow,
            "step": self.step,
            "data": dict(self.data),
        }
        if self.safety is not None:
            payload["safety"] = self.safety.to_data()
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
        return cls(flow=flow, step=step, data=data, safety=SafetyQuestion.from_data(payload.get("safety")))
