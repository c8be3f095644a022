"""A young person's own threads: see them again, answer, close, talk to someone by name, say if it helped.

Every button here carries a thread reference, and anyone can forge one, so
each action first looks the thread up with the young person's own id: a
reference that is someone else's is refused exactly like one that does not
exist, with nothing revealed.
"""

from __future__ import annotations

import logging

from bot.conversation import catalogue
from bot.conversation.flows import tell_words as say
from bot.conversation.flows.tell_drafts import flagged_now, tie_alerts, with_drafts, written
from bot.conversation.flows.tell_screens import (
    ANSWER,
    CLOSE,
    CONTACT,
    CONTACT_CHECK,
    FLOW,
    WRITE,
    code,
    done_label,
    helped_row,
    prompt,
    reference_in,
)
from bot.conversation.flows.tell_topics import ALL_TOPICS, topic_by_code
from bot.conversation.menu_card import back_to_menu, menu_reply
from bot.conversation.state import ChatState, Draft, TellData
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from feedback.issues import (
    HELPED_ANSWERS,
    IssueNotFound,
    IssueStatus,
    NothingToSend,
    OwnThread,
    TransitionRefused,
    add_young_person_message,
    close_by_young_person,
    link_alert,
    own_issue,
    own_issues,
    record_helped,
    share_contact,
)

__all__ = [
    "ask_close",
    "ask_contact",
    "close",
    "contact_typed",
    "helped",
    "keep_open",
    "mine",
    "replies_waiting",
    "send_answer",
    "share",
    "show",
    "start_answer",
]

log = logging.getLogger(__name__)
MAX_LISTED = 10


async def _own(turn: Turn, reference: str) -> OwnThread | None:
    try:
        return await own_issue(turn.session, reference=reference, participant_id=turn.joined.id)
    except IssueNotFound:
        return None


def _topic_label(turn: Turn, topic: str | None) -> str | None:
    if not topic:
        return None
    person = turn.joined
    found = topic_by_code(person.care_status, person.age_band, topic)
    found = found or next((t for t in ALL_TOPICS if t.code == topic), None)
    return found.label if found else None


async def mine(turn: Turn) -> Outcome:
    """Return the young person's threads as buttons with plain titles: open ones first, then ended ones.

    A title says what it was about, the day and where it stands ("About
    school, 3 December (new reply)"); a reference code means nothing to a
    young person, so it is only shown inside a thread, for quoting.
    """
    person = turn.joined.id
    found = list(await own_issues(turn.session, participant_id=person, limit=MAX_LISTED))
    if len(found) < MAX_LISTED:
        ended = await own_issues(turn.session, participant_id=person, finished=True, limit=MAX_LISTED)
        found += list(ended)[: MAX_LISTED - len(found)]
    if not found:
        buttons = ((Button(catalogue.say("menu.tell"), "menu:tell"), back_to_menu()),)
        return Outcome([Reply(say.nothing_open(), buttons=buttons)], ChatState())
    rows = tuple(
        (
            Button(
                say.thread_title(_topic_label(turn, i.topic), i.started_on, i.status),
                code("open", i.reference),
            ),
        )
        for i in found
    )
    return Outcome([Reply(say.my_messages(), buttons=(*rows, (back_to_menu(),)))], ChatState())


async def replies_waiting(turn: Turn) -> str | None:
    """Return the note that the team has replied to something, for someone coming back; None if not."""
    found = await own_issues(turn.session, participant_id=turn.joined.id, limit=MAX_LISTED)
    replied = sum(1 for i in found if i.status is IssueStatus.REPLIED)
    return say.replies_waiting(replied) if replied else None


async def show(turn: Turn, reference: str) -> Outcome | None:
    """Return one thread again with what can be done next; None when it is not theirs."""
    thread = await _own(turn, reference)
    if thread is None:
        return None
    issue = thread.issue
    ref = issue.reference
    text = say.thread_card(
        ref,
        issue.status,
        topic=_topic_label(turn, issue.topic),
        started_on=issue.started_on,
        history=[(entry.by_team, entry.on, entry.text) for entry in thread.history],
        outcome=issue.outcome,
    )
    back = (Button(catalogue.say("menu.messages"), "menu:issues"), back_to_menu())
    if not issue.status.finished:
        write = say.answer_label(replied=bool(thread.replies))
        rows: tuple[tuple[Button, ...], ...] = (
            (Button(write, code("answer", ref)), Button(say.end_label(), code("close", ref))),
            (Button(say.named_label(), code("named", ref)),),
            back,
        )
    elif issue.outcome and issue.helped is None:
        rows = (helped_row(ref), back)
    else:
        rows = (back,)
    return Outcome([Reply(text, buttons=rows)], ChatState())


async def start_answer(turn: Turn, reference: str) -> Outcome | None:
    """Return the start of an answer in the young person's thread; None when it is not theirs."""
    thread = await _own(turn, reference)
    if thread is None:
        return None
    if thread.issue.status.finished:
        buttons = ((Button(catalogue.say("menu.tell"), "menu:tell"), back_to_menu()),)
        return Outcome([Reply(say.thread_finished(), buttons=buttons)], ChatState())
    state = ChatState(flow=FLOW, step=ANSWER, data=TellData(reference=thread.issue.reference))
    turn.state = state
    reply = prompt(turn)
    assert reply is not None
    return Outcome([reply], state)


async def send_answer(turn: Turn, drafts: list[Draft]) -> Outcome:
    """Add the held answer to the thread; if the thread closed meanwhile, offer to send it as new."""
    reference = reference_in(turn.state)
    message_ids: list[int | None] = []
    try:
        for draft in drafts:
            message_id = await add_young_person_message(
                turn.session,
                sealer=turn.sealer,
                reference=reference,
                participant_id=turn.joined.id,
                written=written(draft),
                now=turn.now,
            )
            message_ids.append(message_id)
    except (IssueNotFound, TransitionRefused):
        moved = with_drafts(ChatState(flow=FLOW, step=WRITE), drafts)
        buttons = (
            (Button(done_label(), code("send")), Button(catalogue.say("button.cancel"), code("cancel"))),
        )
        return Outcome([Reply(say.thread_moved_on(reference), buttons=buttons)], moved)
    tied = await tie_alerts(turn, reference, drafts, message_ids)
    log.info("tell.answered", extra={"event": "tell.answered", "count": len(drafts), "alerts": tied})
    return Outcome([menu_reply(turn, say.answer_sent(reference))], ChatState())


async def ask_close(turn: Turn, reference: str) -> Outcome | None:
    """Return the question before closing the young person's own open thread."""
    thread = await _own(turn, reference)
    if thread is None:
        return None
    if thread.issue.status.finished:
        return Outcome([menu_reply(turn, say.status_line(thread.issue.status))], ChatState())
    turn.state = ChatState(flow=FLOW, step=CLOSE, data=TellData(reference=thread.issue.reference))
    reply = prompt(turn)
    assert reply is not None
    return Outcome([reply], turn.state)


async def close(turn: Turn, reference: str) -> Outcome | None:
    """Close the thread the young person just confirmed; ask again if the question is not open."""
    state = turn.state
    if state.flow != FLOW or state.step != CLOSE or reference_in(state) != reference:
        return await ask_close(turn, reference)
    try:
        await close_by_young_person(turn.session, reference=reference, participant_id=turn.joined.id,
                                    now=turn.now)  # fmt: skip
    except (IssueNotFound, TransitionRefused):
        return None
    log.info("tell.closed", extra={"event": "tell.closed", "count": 1})
    return Outcome([menu_reply(turn, say.closed(reference))], ChatState())


async def keep_open(turn: Turn, reference: str) -> Outcome | None:
    """Return the answer to "No, keep it open"."""
    if await _own(turn, reference) is None:
        return None
    return Outcome([menu_reply(turn, say.close_kept(reference))], ChatState())


async def ask_contact(turn: Turn, reference: str) -> Outcome | None:
    """Return the offer to talk to someone by name, for the young person's own open thread."""
    thread = await _own(turn, reference)
    if thread is None:
        return None
    if thread.issue.status.finished:
        return Outcome([menu_reply(turn, say.thread_finished())], ChatState())
    turn.state = ChatState(flow=FLOW, step=CONTACT, data=TellData(reference=thread.issue.reference))
    reply = prompt(turn)
    assert reply is not None
    return Outcome([reply], turn.state)


async def contact_typed(turn: Turn, text: str) -> Outcome:
    """Return what the young person typed to be contacted, to check before it is passed on."""
    _level, _categories, alert_id = await flagged_now(turn)
    data = TellData(reference=reference_in(turn.state), contact=text, contact_alert_id=alert_id)
    turn.state = ChatState(flow=FLOW, step=CONTACT_CHECK, data=data)
    reply = prompt(turn)
    assert reply is not None
    return Outcome([reply], turn.state)


async def share(turn: Turn, reference: str) -> Outcome | None:
    """Pass on, sealed, only what the young person typed and confirmed."""
    state = turn.state
    contact = state.tell.contact
    if state.step != CONTACT_CHECK or reference_in(state) != reference or contact is None:
        return None
    participant_id = turn.joined.id
    try:
        await share_contact(turn.session, sealer=turn.sealer, reference=reference,
                            participant_id=participant_id, contact=contact, now=turn.now)  # fmt: skip
    except IssueNotFound:
        return None
    except NothingToSend:
        return Outcome([menu_reply(turn, say.thread_finished())], ChatState())
    alert_id = state.tell.contact_alert_id
    if alert_id is not None:
        await link_alert(turn.session, alert_id=alert_id, reference=reference, participant_id=participant_id)
    log.info("tell.contact_shared", extra={"event": "tell.contact_shared", "count": 1})
    return Outcome([menu_reply(turn, say.contact_shared(reference))], ChatState())


async def helped(turn: Turn, reference: str, answer: str) -> Outcome | None:
    """Record whether what was done helped, and thank the young person."""
    if answer not in HELPED_ANSWERS:
        return None
    try:
        await record_helped(turn.session, reference=reference, participant_id=turn.joined.id,
                            helped=answer, now=turn.now)  # fmt: skip
    except (IssueNotFound, NothingToSend):
        return None
    log.info("tell.helped", extra={"event": "tell.helped", "count": 1})
    return Outcome([menu_reply(turn, say.helped_thanks(answer))], ChatState())
