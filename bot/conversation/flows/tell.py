"""Tell us something: write one or several messages, tap Done, say what it is about, get a reference.

Nothing reaches staff half-written: messages are held, sealed, in the chat
state until Done, and Cancel throws them away. Every message has already
been risk-checked by the engine before this flow sees it (signposting and a
safeguarding alert come first); the level travels with the draft, and the
alert is tied to the thread once the thread exists. Threads already raised
— answering a worker, closing, talking to someone by name, saying whether
it helped — are in ``tell_threads``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.conversation.actions import Action
from bot.conversation.catalogue import say as say_key
from bot.conversation.flows import tell_threads as threads
from bot.conversation.flows import tell_words as say
from bot.conversation.flows.tell_drafts import (
    MAX_DRAFTS,
    drafts_in,
    new_draft,
    tie_alerts,
    with_drafts,
    written,
)
from bot.conversation.flows.tell_screens import (
    ANSWER,
    CLOSE,
    CONTACT,
    CONTACT_CHECK,
    FLOW,
    TOPIC,
    WRITE,
    code,
    done_label,
    refused,
    topic_question,
)
from bot.conversation.flows.tell_screens import prompt as waiting_prompt
from bot.conversation.flows.tell_topics import Topic, topic_by_code, typed_topic
from bot.conversation.menu_card import menu_reply
from bot.conversation.state import ChatState, TellData
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from feedback.issues import TooManyIssues, raise_issue
from feedback.issues.workflow import MAX_TEXT

__all__ = ["NAME", "my_issues", "on_action", "on_text", "prompt", "start"]

NAME = FLOW
log = logging.getLogger(__name__)
ThreadAction = Callable[[Turn, str], Awaitable[Outcome | None]]
_THREAD_ACTIONS: dict[str, ThreadAction] = {
    "open": threads.show,
    "answer": threads.start_answer,
    "close": threads.ask_close,
    "close_yes": threads.close,
    "close_no": threads.keep_open,
    "named": threads.ask_contact,
    "share_yes": threads.share,
}
_HELPED = {"helped_yes": "yes", "helped_partly": "partly", "helped_no": "no"}


async def start(turn: Turn) -> Outcome:
    """Return the invitation to write, with nothing held yet."""
    turn.state = ChatState(flow=FLOW, step=WRITE, data=TellData())
    return Outcome([_prompt(turn)], turn.state)


async def my_issues(turn: Turn) -> Outcome:
    """Return the young person's open threads ("My messages")."""
    return await threads.mine(turn)


def prompt(turn: Turn) -> Reply | None:
    """Return the question this flow is waiting on (after help, or on coming back)."""
    return waiting_prompt(turn)


def _prompt(turn: Turn) -> Reply:
    reply = waiting_prompt(turn)
    assert reply is not None, "called only while in this flow"
    return reply


async def on_action(turn: Turn, action: Action) -> Outcome | None:
    """Return the outcome of a "tell us something" button; stale or forged ones are refused kindly."""
    if turn.participant is None:
        return None
    verb, arg = action.verb, action.arg
    outcome: Outcome | None = None
    if arg is None and verb == "send":
        outcome = await _send(turn)
    elif arg is None and verb == "cancel":
        outcome = _cancel(turn)
    elif arg is None and verb == "skip":
        outcome = await _raise(turn, None)
    elif arg is not None and verb == "topic":
        person = turn.joined
        topic = topic_by_code(person.care_status, person.age_band, arg)
        outcome = await _raise(turn, topic) if topic is not None else None
    elif arg is not None and verb in _HELPED:
        outcome = await threads.helped(turn, arg, _HELPED[verb])
    elif arg is not None and verb in _THREAD_ACTIONS:
        outcome = await _THREAD_ACTIONS[verb](turn, arg)
    return outcome or refused(turn)


async def on_text(turn: Turn, text: str) -> Outcome | None:
    """Return the answer to typed text while in this flow; None to leave it to the menu."""
    state = turn.state
    if turn.participant is None or state.flow != FLOW:
        return None
    if state.step in (WRITE, ANSWER):
        return await _add(turn, text)
    if state.step == TOPIC:
        person = turn.joined
        topic = typed_topic(person.care_status, person.age_band, text)
        if topic is not None:
            return await _raise(turn, topic)
        added = await _add(turn, text)
        if added.state is None:  # not kept (too long, too many): say why and ask again
            return added
        turn.state = added.state
        return Outcome([topic_question(turn, say.added_while_choosing())], added.state)
    if state.step in (CONTACT, CONTACT_CHECK):
        if len(text) > MAX_TEXT:
            return Outcome([Reply(say.too_long(MAX_TEXT)), _prompt(turn)])
        return await threads.contact_typed(turn, text)
    if state.step == CLOSE:
        return Outcome([_prompt(turn)])
    return None


async def _add(turn: Turn, text: str) -> Outcome:
    """Hold ``text`` as one more draft; the outcome's state is None when it was not kept."""
    drafts = drafts_in(turn.state)
    if len(text) > MAX_TEXT:
        return Outcome([Reply(say.too_long(MAX_TEXT)), _prompt(turn)])
    if len(drafts) >= MAX_DRAFTS:
        return Outcome([Reply(say.too_many(MAX_DRAFTS)), _prompt(turn)])
    drafts.append(await new_draft(turn, text))
    state = with_drafts(turn.state, drafts)
    buttons = ((Button(done_label(), code("send")), Button(say_key("button.cancel"), code("cancel"))),)
    return Outcome([Reply(say.draft_kept(len(drafts), risky=turn.risky), buttons=buttons)], state)


async def _send(turn: Turn) -> Outcome | None:
    state = turn.state
    if state.flow != FLOW or state.step not in (WRITE, ANSWER, TOPIC):
        return None
    if state.step == TOPIC:  # a second tap on Send: the question is still open
        return Outcome([_prompt(turn)])
    drafts = drafts_in(state)
    if not drafts:
        return Outcome([Reply(say.write_first()), _prompt(turn)])
    if state.step == ANSWER:
        return await threads.send_answer(turn, drafts)
    turn.state = with_drafts(state, drafts, step=TOPIC)
    return Outcome([_prompt(turn)], turn.state)


def _cancel(turn: Turn) -> Outcome | None:
    if turn.state.flow != FLOW:
        return None
    log.info("tell.cancelled", extra={"event": "tell.cancelled", "count": len(drafts_in(turn.state))})
    return Outcome([menu_reply(turn, say.cancelled())], ChatState())


async def _raise(turn: Turn, topic: Topic | None) -> Outcome | None:
    """Open the thread with every held message, tie their alerts to it, and say what happens next."""
    drafts = drafts_in(turn.state)
    if turn.state.flow != FLOW or turn.state.step != TOPIC or not drafts:
        return None
    try:
        raised = await raise_issue(
            turn.session,
            sealer=turn.sealer,
            participant_id=turn.joined.id,
            messages=[written(draft) for draft in drafts],
            now=turn.now,
            topic=topic.code if topic is not None else None,
        )
    except TooManyIssues:  # the messages stay held, so nothing they wrote is lost
        log.info("tell.limited", extra={"event": "tell.limited"})
        return Outcome([Reply(say.too_many_today(turn.config)), _prompt(turn)], turn.state)
    tied = await tie_alerts(turn, raised.reference, drafts, raised.message_ids)
    log.info("tell.raised", extra={"event": "tell.raised", "count": len(drafts), "alerts": tied})
    return Outcome([menu_reply(turn, say.raised(raised.reference, turn.config.council_name))], ChatState())
