"""The questions "tell us something" waits on, built from the chat state so any of them can be shown again.

Help, the web chat's greeting and a refused button all show the question the
young person is on; keeping each question a function of the state means the
same words and buttons come back after a restart.
"""

from __future__ import annotations

import logging

from bot.conversation import catalogue
from bot.conversation.actions import action_code
from bot.conversation.flows import tell_words as say
from bot.conversation.flows.tell_drafts import drafts_in
from bot.conversation.flows.tell_topics import topics_for
from bot.conversation.menu_card import menu_reply
from bot.conversation.state import TELL, ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply

__all__ = [
    "ANSWER",
    "CLOSE",
    "CONTACT",
    "CONTACT_CHECK",
    "FLOW",
    "TOPIC",
    "WRITE",
    "code",
    "done_label",
    "helped_row",
    "prompt",
    "reference_in",
    "refused",
    "topic_question",
]

FLOW = TELL
WRITE = "write"  # writing something new
TOPIC = "topic"  # chose Done; asked what it is about
ANSWER = "answer"  # writing an answer in an existing thread (TellData.reference)
CLOSE = "close"  # asked to confirm closing a thread (TellData.reference)
CONTACT = "contact"  # asked what to pass on to talk to someone by name (TellData.reference)
CONTACT_CHECK = "contact_check"  # asked to confirm what to pass on (TellData.reference, .contact)
log = logging.getLogger(__name__)


def done_label() -> str:
    """Return the button that sends what was written: "Done", not "Send" (the web chat's box has Send)."""
    return catalogue.say("button.done")


def code(verb: str, arg: str | None = None) -> str:
    """Return the action code of a "tell us something" button."""
    return action_code(FLOW, verb, arg)


def helped_row(reference: str) -> tuple[Button, ...]:
    """Return the "did it help?" buttons: one set, wherever the question is asked."""
    yes, partly, no = say.helped_labels()
    return (
        Button(yes, code("helped_yes", reference)),
        Button(partly, code("helped_partly", reference)),
        Button(no, code("helped_no", reference)),
    )


def reference_in(state: ChatState) -> str:
    """Return the thread reference the state is about ('' when none)."""
    return state.tell.reference


def _cancel_row() -> tuple[Button, ...]:
    return (Button(catalogue.say("button.cancel"), code("cancel")),)


def _writing(state: ChatState) -> Reply:
    count = len(drafts_in(state))
    if count:
        buttons = (
            (Button(done_label(), code("send")), Button(catalogue.say("button.cancel"), code("cancel"))),
        )
        return Reply(say.drafts_waiting(count), buttons=buttons)
    if state.step == ANSWER:
        return Reply(say.answer_start(reference_in(state)), buttons=(_cancel_row(),))
    return Reply(say.write_start(), buttons=(_cancel_row(),))


def _topics(turn: Turn, lead: str | None = None) -> Reply:
    person = turn.joined
    topics = topics_for(person.care_status, person.age_band)
    choices = [Button(t.label, code("topic", t.code)) for t in topics]
    rows = [tuple(choices[i : i + 2]) for i in range(0, len(choices), 2)]
    rows.append(
        (
            Button(catalogue.say("button.skip"), code("skip")),
            Button(catalogue.say("button.cancel"), code("cancel")),
        )
    )
    text = f"{lead}\n\n{say.topic_ask()}" if lead else say.topic_ask()
    return Reply(text, buttons=tuple(rows))


def topic_question(turn: Turn, lead: str | None = None) -> Reply:
    """Return the question about what the message is about, with a button per topic."""
    return _topics(turn, lead)


def prompt(turn: Turn) -> Reply | None:
    """Return the question the young person is on in this flow, or None when not in it."""
    state = turn.state
    if state.flow != FLOW or turn.participant is None:
        return None
    ref = reference_in(state)
    if state.step in (WRITE, ANSWER):
        return _writing(state)
    if state.step == TOPIC:
        return _topics(turn)
    if state.step == CLOSE and ref:
        buttons = ((Button(say.close_yes_label(), code("close_yes", ref)),
                    Button(say.close_no_label(), code("close_no", ref))),)  # fmt: skip
        return Reply(say.close_ask(ref), buttons=buttons)
    if state.step == CONTACT and ref:
        return Reply(say.contact_ask(ref), buttons=(_cancel_row(),))
    contact = state.tell.contact
    if state.step == CONTACT_CHECK and ref and contact is not None:
        buttons = (
            (
                Button(say.contact_yes_label(), code("share_yes", ref)),
                Button(catalogue.say("button.no"), code("cancel")),
            ),
        )
        return Reply(say.contact_check(contact), buttons=buttons)
    return None


def refused(turn: Turn) -> Outcome:
    """Return the answer to a button that is stale, forged or someone else's: nothing revealed.

    Whatever the young person was in the middle of is kept and asked again.
    """
    log.info("tell.refused", extra={"event": "tell.refused", "count": 1})
    waiting = prompt(turn)
    if waiting is not None:
        return Outcome([Reply(say.expired()), waiting])
    return Outcome(
        [menu_reply(turn, f"{say.expired()} {catalogue.say('error.here_is_the_menu')}")], ChatState()
    )
