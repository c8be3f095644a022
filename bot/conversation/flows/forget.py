"""Forget me: asked once, confirmed with a button, then the person's data and link are deleted."""

from __future__ import annotations

import logging

from bot.conversation import words
from bot.conversation.actions import Action
from bot.conversation.catalogue import say
from bot.conversation.menu_card import menu_reply
from bot.conversation.state import MENU, ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from feedback.participants import forget_participant, member_chat_keys

__all__ = ["NAME", "ask", "on_action", "on_text", "prompt"]

NAME = "forget"
CONFIRM = "confirm"
log = logging.getLogger(__name__)


def _question() -> Reply:
    buttons = ((Button(say("forget.yes"), "forget:yes"), Button(say("forget.no"), "forget:no")),)
    return Reply(words.forget_ask(), buttons=buttons)


async def ask(turn: Turn) -> Outcome:
    """Return the confirmation question and wait for the answer."""
    return Outcome([_question()], ChatState(flow=NAME, step=CONFIRM))


async def on_action(turn: Turn, action: Action) -> Outcome | None:
    """Forget on "yes", keep on "no"; either only while the question is open."""
    waiting = turn.participant is not None and turn.state.flow == NAME and turn.state.step == CONFIRM
    if not waiting or action.arg is not None:
        return None
    if action.verb == "no":
        return Outcome([menu_reply(turn, words.forget_kept())], ChatState(flow=MENU))
    if action.verb != "yes":
        return None
    member = turn.joined.id
    chats = await member_chat_keys(turn.session, member, sealer=turn.sealer, pseudonymiser=turn.pseudonymiser)
    forgotten = await forget_participant(turn.session, member, chat_keys=chats)
    turn.participant = None
    log.info(
        "conversation.forgotten",
        extra={
            "event": "conversation.forgotten",
            "answers_cleared": forgotten.answers_cleared,
            "messages_cleared": forgotten.messages_cleared,
            "messages_dropped": forgotten.messages_dropped,
        },
    )
    return Outcome([Reply(words.forget_done())], ChatState())


async def on_text(turn: Turn, text: str) -> Outcome | None:
    """Return the question again: forgetting needs a button press, never a typed word."""
    return Outcome([_question()])


def prompt(turn: Turn) -> Reply | None:
    """Return the confirmation question again (after help, or a message in between)."""
    return _question()
