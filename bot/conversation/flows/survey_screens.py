"""One survey screen as a message: the question, its help, and its buttons.

Every answer button carries the response id and the screen number
(``survey:pick:12-3-0``: response 12, screen 3, first option), so a button
pressed on an older message is recognised as old instead of answering the
wrong question. Scales show a word and a face on every point; multiple
choice shows ticks and a Done button; free text asks for typing and offers
Skip; every answerable screen offers "I'd rather not say" or Skip, Back
(after the first), Help and "Carry on later".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.conversation.actions import action_code
from bot.conversation.flows.survey_invites import FLOW
from bot.conversation.flows.survey_words import said
from bot.conversation.types import Button, Reply
from surveys import Ask
from surveys.answers import Answer
from surveys.texts import Option

__all__ = ["ScreenKey", "option_label", "render_screen"]

SHORT_ROW = 14  # labels this short (Yes / No / Not sure) share one row


@dataclass(frozen=True)
class ScreenKey:
    """Which response and which screen a button belongs to."""

    response_id: int
    screen: int

    def arg(self, index: int | None = None) -> str:
        """Return the button argument: ``response-screen`` or ``response-screen-index``."""
        base = f"{self.response_id}-{self.screen}"
        return base if index is None else f"{base}-{index}"

    @staticmethod
    def parse(arg: str | None) -> tuple[ScreenKey, int | None] | None:
        """Return the key and option index in a button argument, or None if it is not one."""
        parts = (arg or "").split("-")
        if len(parts) not in (2, 3) or not all(p.isascii() and p.isdigit() and len(p) <= 9 for p in parts):
            return None
        index = int(parts[2]) if len(parts) == 3 else None
        return ScreenKey(int(parts[0]), int(parts[1])), index


def option_label(option: Option) -> str:
    """Return a button label with its emoji first: "🙂 Most of the time"."""
    return f"{option.emoji} {option.label}" if option.emoji else option.label


def _previous_words(ask: Ask, language: str) -> str | None:
    previous: Answer | None = ask.previous
    if previous is None:
        return None
    if previous.status != "answered":
        return said("you_skipped")
    if ask.free_text:
        text = str(previous.value)
        return said("you_said", answer=text if len(text) <= 200 else text[:199] + "…")
    values = previous.value if isinstance(previous.value, tuple) else (previous.value,)
    labels = [o.label for o in ask.options if o.code in values]
    return said("you_said", answer=", ".join(labels)) if labels else None


def _text(ask: Ask, language: str, lead: str | None) -> str:
    parts = [lead] if lead else []
    if ask.progress is not None:
        parts.append(ask.progress.label)
    parts.append(ask.text)
    if ask.help:
        parts.append(f"💡 {ask.help}")
    previous = _previous_words(ask, language)
    if previous:
        parts.append(previous)
    if ask.multiple:
        parts.append(said("pick_many"))
    elif ask.free_text:
        parts.append(said("type_answer"))
    return "\n\n".join(parts)


def _answer_rows(ask: Ask, key: ScreenKey, picked: Sequence[str | int]) -> list[tuple[Button, ...]]:
    if ask.multiple:
        ticks = [("✅" if o.code in picked else "⬜") for o in ask.options]
        return [
            (Button(f"{tick} {o.label}", action_code(FLOW, "toggle", key.arg(i))),)
            for i, (o, tick) in enumerate(zip(ask.options, ticks, strict=True))
        ]
    buttons = [
        Button(option_label(o), action_code(FLOW, "pick", key.arg(i))) for i, o in enumerate(ask.options)
    ]
    if buttons and all(len(o.label) <= SHORT_ROW for o in ask.options) and len(buttons) <= 3:
        return [tuple(buttons)]
    return [(b,) for b in buttons]


def render_screen(
    ask: Ask, key: ScreenKey, language: str, *, picked: Sequence[str | int] = (), lead: str | None = None
) -> Reply:
    """Return the message for one screen; ``lead`` goes above it (a note, or "welcome back")."""
    rows = _answer_rows(ask, key, picked)
    if ask.multiple:
        rows.append((Button(said("done"), action_code(FLOW, "done", key.arg())),))
    if ask.kind == "info":
        rows.append((Button(said("continue"), action_code(FLOW, "next", key.arg())),))
    if ask.opt_out is not None:
        rows.append((Button(ask.opt_out.label, action_code(FLOW, "optout", key.arg())),))
    nav = [Button(said("back"), action_code(FLOW, "back", key.arg()))] if ask.can_go_back else []
    nav.append(Button(said("help"), "menu:help"))
    rows.append(tuple(nav))
    rows.append((Button(said("later"), action_code(FLOW, "later", key.arg())),))
    return Reply(_text(ask, language, lead), buttons=tuple(rows))
