"""Messages the portal sends to a young person through Heard: worker replies and "you said, we did".

Everything goes into the durable outbox via ``bot.outgoing.queue_replies``,
like every other message to a young person. Buttons carry ``tell:`` action
codes with the issue reference, for the "tell us something" flow to answer,
and "Get help now", which is one tap away on every screen.
Staff names are never included: replies come from "the participation team".
"""

from __future__ import annotations

from datetime import datetime

from bot.conversation.actions import action_code
from bot.conversation.flows.help import HELP_BUTTON
from bot.conversation.flows.tell_screens import helped_row
from bot.conversation.flows.tell_words import END_LABEL
from bot.conversation.types import Button, Reply
from bot.outgoing import queue_replies
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Session
from feedback.issues import Relay

__all__ = ["TELL_FLOW", "outcome_message", "relay", "reply_message", "safeguarding_message"]

TELL_FLOW = "tell"


def reply_message(reference: str, text: str, *, from_safeguarding: bool = False) -> Reply:
    """Return a staff reply as the young person sees it, with answer and close buttons."""
    team = "the safeguarding team" if from_safeguarding else "the participation team"
    return Reply(
        f"A reply from {team} about what you told us ({reference}):\n\n{text}",
        buttons=(
            (
                Button("Answer", action_code(TELL_FLOW, "answer", reference)),
                Button(END_LABEL, action_code(TELL_FLOW, "close", reference)),
            ),
            (HELP_BUTTON,),
        ),
    )


def outcome_message(reference: str, outcome: str) -> Reply:
    """Return "you said, we did" with the "did it help?" buttons."""
    return Reply(
        f"You said, we did ({reference}):\n\n{outcome}\n\nDid this help?",
        buttons=(helped_row(reference), (HELP_BUTTON,)),
    )


def safeguarding_message(text: str) -> Reply:
    """Return a safeguarding lead's message about something said outside an issue thread."""
    return Reply(f"A message from the safeguarding team:\n\n{text}", buttons=((HELP_BUTTON,),))


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
