"""Help now: the numbers to call, shown from anywhere without losing the person's place.

"Get help now" must be one tap away on every screen, so every reply that
carries buttons gets that button too (``offer_help``), unless it already
offers help ("I need help now" does) or is the help card itself; and a turn
whose replies have no buttons at all ends with it (``offer_help_in_turn``).
Not a flow of its own: the engine answers "Get help now" and /help itself,
since help keeps the person's place, and any flow may show the card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.conversation import words
from bot.conversation.catalogue import say
from bot.conversation.menu_card import back_to_menu
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply

__all__ = [
    "HELP_ACTION",
    "help_button",
    "offer_help",
    "offer_help_in_turn",
    "offers_help",
    "show",
]

HELP_ACTION = "menu:help"
_ALSO_HELP = ("safe:help:",)  # "I need help now" gives the numbers too


def show(turn: Turn) -> Outcome:
    """Return the help card; the state is left as it was."""
    buttons = ((back_to_menu(),),) if turn.participant is not None else ()
    reply = Reply(
        words.help_text(turn.config),
        buttons=buttons,
        link=words.childline_link(),
    )
    return Outcome([reply])


def offers_help(reply: Reply) -> bool:
    """Return True if one of the reply's buttons gets help."""
    return any(
        b.action == HELP_ACTION or b.action.startswith(_ALSO_HELP) for row in reply.buttons for b in row
    )


def _is_card(reply: Reply) -> bool:
    return reply.text.startswith(words.help_opening())


def help_button() -> Button:
    """Return the "Get help now" button, labelled in the turn's language."""
    return Button(say("button.get_help"), HELP_ACTION)


def offer_help(reply: Reply, button: Button | None = None) -> Reply:
    """Return ``reply`` with a "Get help now" row under its buttons (unless it has none, or offers help)."""
    if not reply.buttons or offers_help(reply) or _is_card(reply):
        return reply
    return replace(reply, buttons=(*reply.buttons, (button or help_button(),)))


def offer_help_in_turn(replies: Sequence[Reply]) -> list[Reply]:
    """Return a turn's replies with help one tap away: on every keyboard, or else on the last message."""
    shown = [offer_help(reply) for reply in replies]
    if shown and not any(offers_help(r) or _is_card(r) for r in shown):
        shown[-1] = replace(shown[-1], buttons=(*shown[-1].buttons, (help_button(),)))
    return shown
