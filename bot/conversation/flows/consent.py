"""The privacy card and its OK: the only way a participant comes to exist."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.conversation import words
from bot.conversation.actions import Action, action_code
from bot.conversation.cards import CONSENT_VERSION, privacy_card
from bot.conversation.flows.settings import easy_read_by_default, set_easy_read
from bot.conversation.flows.settings_words import easy_read_on_at_join
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from feedback.invites import use_invite
from feedback.participants import join_participant

__all__ = ["NAME", "card", "on_action", "on_text", "prompt", "read_first"]

NAME = "consent"
log = logging.getLogger(__name__)


def card(turn: Turn, code: str, care_status: str, age_band: str) -> Reply:
    """Return the privacy card for a cohort, with OK (carrying the code) and Not now."""
    text = privacy_card(
        care_status, age_band, council=turn.config.council_name, retention_days=turn.config.retention_days
    )
    buttons = ((Button("OK", action_code(NAME, "ok", code)), Button("Not now", action_code(NAME, "no"))),)
    return Reply(text, buttons=buttons)


async def read_first(turn: Turn) -> Outcome:
    """Return the answer to words typed before OK: read the card first (shown again when known).

    Consent comes first: what someone types before OK is not kept, not
    risk-checked and never raised as an alert, because they have not yet read
    that Heard is private but not secret. The card's buttons stay usable: on
    Telegram the card keeps its keyboard, and a channel that remembers the
    unanswered card (``Inbound.card_code``) gets it again under the note.
    "Get help now" is on every reply, so the help numbers are one tap away.
    """
    from bot.conversation.flows import join

    code = turn.inbound.card_code
    if not code:
        return Outcome([Reply(words.read_first(card_shown=False))])
    checked = await join.checked_code(turn, code)
    if isinstance(checked, Outcome):
        return checked
    code, check = checked
    assert check.care_status is not None and check.age_band is not None
    again = card(turn, code, check.care_status, check.age_band)
    return Outcome([replace(again, text=f"{words.read_first(card_shown=True)}\n\n{again.text}")])


async def on_action(turn: Turn, action: Action) -> Outcome | None:
    """Join on OK (after checking the code again), or leave nothing behind on Not now."""
    from bot.conversation.flows import join
    from bot.conversation.flows.menu import menu_reply

    if action.verb == "no" and action.arg is None:
        if turn.participant is not None:
            return None
        return Outcome([Reply(words.consent_declined())])
    if action.verb != "ok" or action.arg is None:
        return None
    if turn.participant is not None:
        return Outcome([menu_reply(turn, words.already_joined())])
    checked = await join.checked_code(turn, action.arg)
    if isinstance(checked, Outcome):
        return checked
    _code, check = checked
    assert check.invite_id is not None and check.care_status is not None and check.age_band is not None
    if not await use_invite(turn.session, invite_id=check.invite_id, now=turn.now):
        return Outcome([Reply(words.bad_code("used_up"))])
    address = turn.inbound.address
    turn.participant = await join_participant(
        turn.session,
        pseudonym=turn.inbound.pseudonym,
        channel=turn.inbound.channel,
        care_status=check.care_status,
        age_band=check.age_band,
        chat_id_sealed=turn.sealer.seal(address) if address else None,
        consent_version=CONSENT_VERSION,
        now=turn.now,
    )
    log.info("conversation.joined", extra={"event": "conversation.joined", "count": 1})
    welcome = words.welcome(turn.config)
    if easy_read_by_default(check.age_band):
        # The youngest start with easy read on; they are told, and can turn it off.
        await set_easy_read(turn, on=True)
        welcome = f"{welcome}\n\n{easy_read_on_at_join()}"
    return Outcome([menu_reply(turn, welcome)], ChatState())


async def on_text(turn: Turn, text: str) -> Outcome | None:
    """Return nothing: consent is never a state, the card's buttons carry all it needs."""
    return None


def prompt(turn: Turn) -> Reply | None:
    """Return nothing, for the same reason."""
    return None
