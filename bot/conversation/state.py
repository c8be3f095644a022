"""The conversation state kept per participant: which flow they are in, and what that flow holds.

Small and versioned so it survives restarts and upgrades: a state that cannot
be read (an older shape, a flow that no longer exists) falls back to the
menu instead of breaking the chat. What a flow holds is typed (``TellData``,
``SurveyData``); its stored form keeps the short keys it has always had
(``rid``, ``cid``, ``ref`` ...), so states saved before still load, and a
replica running the code before this one reads what this one saves.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.conversation.types import Reply, reply_from_dict, reply_to_dict

__all__ = [
    "MENU",
    "SURVEY",
    "TELL",
    "ChatState",
    "Draft",
    "FlowData",
    "SafetyQuestion",
    "SurveyData",
    "TellData",
]

MENU = "menu"
TELL = "tell"
SURVEY = "survey"
_VERSION = 1


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class SafetyQuestion:
    """A safety question waiting for an answer, about one alert.

    ``kind`` is ``check`` ("Are you safe right now?") or ``contact`` ("Do you
    want someone to contact you?"). ``then`` holds what the flow would have
    shown instead (replies as ``reply_to_dict`` stores them), so answering
    returns the person to exactly where they were.
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
class Draft:
    """One message held until Done in "tell us something", with what the risk check found in it."""

    text: str
    level: str = "none"
    categories: tuple[str, ...] = ()
    alert_id: int | None = None

    def to_data(self) -> dict[str, Any]:
        """Return the draft as JSON-ready data for the chat state."""
        return {"t": self.text, "r": self.level, "c": list(self.categories), "a": self.alert_id}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Draft | None:
        """Return the draft stored as ``data``, or None when it is not one."""
        text = data.get("t")
        if not isinstance(text, str) or not text:
            return None
        categories = tuple(str(c) for c in data.get("c") or () if isinstance(c, str))
        return cls(text, str(data.get("r") or "none"), categories, _int_or_none(data.get("a")))


@dataclass(frozen=True)
class TellData:
    """What "tell us something" holds: the messages written but not sent, and the thread it is about."""

    drafts: tuple[Draft, ...] = ()
    reference: str = ""  # the thread being answered, closed or asked about ('' when writing something new)
    contact: str | None = None  # how they want to be contacted, typed and waiting to be confirmed
    contact_alert_id: int | None = None  # the alert that typing raised, tied to the thread once shared

    def to_data(self) -> dict[str, Any]:
        """Return the data as JSON-ready data, under the keys it has always been stored with."""
        data: dict[str, Any] = {"drafts": [d.to_data() for d in self.drafts]}
        if self.reference:
            data["ref"] = self.reference
        if self.contact is not None:
            data["contact"] = self.contact
            data["alert"] = self.contact_alert_id
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TellData:
        """Return the data stored as ``data``; what cannot be read is left out."""
        raw = data.get("drafts")
        found = (Draft.from_data(d) for d in raw if isinstance(d, Mapping)) if isinstance(raw, list) else ()
        ref, contact = data.get("ref"), data.get("contact")
        return cls(
            drafts=tuple(d for d in found if d is not None),
            reference=ref if isinstance(ref, str) else "",
            contact=contact if isinstance(contact, str) else None,
            contact_alert_id=_int_or_none(data.get("alert")) if isinstance(contact, str) else None,
        )


@dataclass(frozen=True)
class SurveyData:
    """Where someone is in a survey: the response, the screen on show, and what is ticked on it."""

    response_id: int = 0  # 0 when unreadable: no response has it, so the survey is treated as closed
    campaign_id: int | None = None
    screen: int | None = None  # the screen number the buttons on show carry
    question_id: str = ""
    picked: tuple[str | int, ...] = ()  # options ticked so far on a multiple-choice screen
    prompt: Reply | None = None  # the screen without any note above it, shown again after help

    def to_data(self) -> dict[str, Any]:
        """Return the data as JSON-ready data, under the keys it has always been stored with."""
        data: dict[str, Any] = {"rid": self.response_id, "qid": self.question_id, "picked": list(self.picked)}
        if self.campaign_id is not None:
            data["cid"] = self.campaign_id
        if self.screen is not None:
            data["screen"] = self.screen
        if self.prompt is not None:
            data["prompt"] = reply_to_dict(self.prompt)
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SurveyData:
        """Return the data stored as ``data``; what cannot be read is left out."""
        qid, picked, prompt = data.get("qid"), data.get("picked"), data.get("prompt")
        return cls(
            response_id=_int_or_none(data.get("rid")) or 0,
            campaign_id=_int_or_none(data.get("cid")),
            screen=_int_or_none(data.get("screen")),
            question_id=qid if isinstance(qid, str) else "",
            picked=tuple(p for p in picked if isinstance(p, str | int)) if isinstance(picked, list) else (),
            prompt=_reply_or_none(prompt),
        )


def _reply_or_none(data: object) -> Reply | None:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None
    try:
        return reply_from_dict(data)
    except (TypeError, ValueError, IndexError):
        return None


FlowData = TellData | SurveyData | None
_READERS: dict[str, Callable[[Mapping[str, Any]], FlowData]] = {
    TELL: TellData.from_data,
    SURVEY: SurveyData.from_data,
}


@dataclass(frozen=True)
class ChatState:
    """Where someone is: ``flow`` names the flow module, ``step`` and ``data`` belong to it.

    ``data`` is the flow's own typed data (``TellData`` in "tell", ``SurveyData``
    in "survey", None elsewhere). ``safety`` is a safety question waiting for an
    answer; flows never see it (the engine lifts it off before a flow runs and
    puts it back after).
    """

    flow: str = MENU
    step: str = ""
    data: FlowData = None
    safety: SafetyQuestion | None = None

    @property
    def tell(self) -> TellData:
        """Return what "tell us something" holds (nothing held when the state is another flow's)."""
        return self.data if isinstance(self.data, TellData) else TellData()

    @property
    def survey(self) -> SurveyData:
        """Return where the person is in a survey (response 0, none, when the state is another flow's)."""
        return self.data if isinstance(self.data, SurveyData) else SurveyData()

    def to_json(self) -> str:
        """Return the state as compact JSON text (sealed before it is stored)."""
        payload: dict[str, Any] = {
            "v": _VERSION,
            "flow": self.flow,
            "step": self.step,
            "data": self.data.to_data() if self.data is not None else {},
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
        reader = _READERS.get(flow)
        return cls(
            flow=flow,
            step=step,
            data=reader(data) if reader is not None else None,
            safety=SafetyQuestion.from_data(payload.get("safety")),
        )
