"""Messages written but not yet sent: held in the sealed chat state until the young person taps Send.

Each draft keeps what the risk check found when it was typed (the engine
checks every text first and records any alert at once), so the level goes
into the thread with the message and the alert can be tied to the thread as
soon as the thread exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.conversation.state import ChatState, Draft
from bot.conversation.turn import Turn
from feedback.issues import Written, alert_recorded_at, link_alert

__all__ = ["MAX_DRAFTS", "drafts_in", "flagged_now", "new_draft", "tie_alerts", "with_drafts", "written"]

MAX_DRAFTS = 20  # messages one Done takes; keeps the sealed state small


def written(draft: Draft) -> Written:
    """Return the draft as the issue workflow takes it."""
    return Written(draft.text, draft.level, draft.categories)


def drafts_in(state: ChatState) -> list[Draft]:
    """Return the drafts held in ``state``, in the order they were written."""
    return list(state.tell.drafts)


def with_drafts(state: ChatState, drafts: Sequence[Draft], *, step: str | None = None) -> ChatState:
    """Return ``state`` holding ``drafts`` (and moved to ``step``, if given)."""
    data = replace(state.tell, drafts=tuple(drafts))
    return ChatState(flow=state.flow, step=step or state.step, data=data)


async def flagged_now(turn: Turn) -> tuple[str, tuple[str, ...], int | None]:
    """Return the level, categories and alert id this turn's text raised (``none`` when it raised none)."""
    if not turn.risky or turn.participant is None:
        return "none", (), None
    flagged = await alert_recorded_at(turn.session, participant_id=turn.participant.id, now=turn.now)
    if flagged is None:
        return "none", (), None
    return flagged.level, flagged.categories, flagged.alert_id


async def new_draft(turn: Turn, text: str) -> Draft:
    """Return ``text`` as a draft, with the risk the engine found in it this turn."""
    level, categories, alert_id = await flagged_now(turn)
    return Draft(text, level, categories, alert_id)


async def tie_alerts(
    turn: Turn, reference: str, drafts: Sequence[Draft], message_ids: Sequence[int | None]
) -> int:
    """Tie each draft's alert to its message in the thread; return how many were tied."""
    tied = 0
    for draft, message_id in zip(drafts, message_ids, strict=True):
        if draft.alert_id is not None:
            tied += await link_alert(
                turn.session,
                alert_id=draft.alert_id,
                reference=reference,
                participant_id=turn.joined.id,
                message_id=message_id,
            )
    return tied
