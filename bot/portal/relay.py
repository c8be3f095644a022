"""Messages the portal sends to a young person through Heard: worker replies and "you said, we did".

Everything goes into the durable outbox via ``bot.outgoing.queue_replies``,
like every other message to a young person. Buttons carry ``tell:`` action
codes with the issue reference, for the "tell us something" flow to answer,
and "Get help now", which is one tap away on every screen.
Staff names are never included: replies come from "the participation team".
The words around the staff's own (and the buttons) are in the young
person's language: build the message inside ``speaking_to(target)``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime

from bot.conversation.actions import action_code
from bot.conversation.catalogue import locale_for, say, speaking
from bot.conversation.flows.tell_screens import helped_row
from bot.conversation.flows.tell_words import answer_label, end_label
from bot.conversation.help import help_button
from bot.conversation.types import Button, Reply
from bot.outgoing import queue_replies
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Session
from feedback.issues import Relay

__all__ = ["TELL_FLOW", "outcome_message", "relay", "reply_message", "safeguarding_message", "speaking_to"]

TELL_FLOW = "tell"


def speaking_to(target: Relay) -> AbstractContextManager[None]:
    """Return a block in which messages are worded in the language of the young person behind ``target``."""
    return speaking(locale_for(target.language, easy_read=target.easy_read))


def reply_message(reference: str, text: str, *, from_safeguarding: bool = False) -> Reply:
    """Return a staff reply as the young person sees it, with answer and close buttons."""
    key = "relay.reply_safeguarding" if from_safeguarding else "relay.reply_participation"
    return Reply(
        say(key, reference=reference, text=text),
        buttons=(
            (
                Button(answer_label(replied=True), action_code(TELL_FLOW, "answer", reference)),
                Button(end_label(), action_code(TELL_FLOW, "close", reference)),
            ),
            (help_button(),),
        ),
    )


def outcome_message(reference: str, outcome: str) -> Reply:
    """Return "you said, we did" with the "did it help?" buttons."""
    return Reply(
        say("relay.outcome", reference=reference, outcome=outcome),
        buttons=(helped_row(reference), (help_button(),)),
    )


def safeguarding_message(text: str) -> Reply:
    """Return a safeguarding lead's message about something said outside an issue thread."""
    return Reply(say("relay.safeguarding", text=text), buttons=((help_button(),),))


async def relay(
    session: Session,
    *,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    target: Relay,
    reply: Reply,
    now: datetime,
    dedup: str,
) -> list[int]:
    """Queue ``reply`` for the young person behind ``target`` in the caller's transaction."""
    return await queue_replies(
        session,
        sealer=sealer,
        pseudonymiser=pseudonymiser,
        channel=target.channel,
        address=sealer.open(target.address_sealed),
        replies=[reply],
        now=now,
        dedup_prefix=dedup,
    )
