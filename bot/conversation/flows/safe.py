"""Asking instead of guessing: "Are you safe right now?", and after an urgent reply, "Contact you?".

The risk check can be unsure (a borderline verdict, ``ask``). Then Heard asks
once, gently, with "I'm OK" / "I need help now" and room to answer in
words. "I need help now", or words the risk check judges urgent, get the
urgent numbers and raise the same alert to urgent. Every urgent reply to
someone who has joined is one message: the numbers, then "Do you want
someone to contact you?" (Yes / No thanks) — never the menu first.

The question waits beside the person's place (``ChatState.safety``): the
flow they were in has already handled their message, and what it would have
shown is kept with the question and shown once they answer, so a survey or
a message being written is never lost. The answers are kept on the alert for the safeguarding lead
(``feedback.alert_answers``). Buttons carry the alert id and are checked
against the person's own alerts, so an old "I need help now" still works
and a forged one changes nothing of anyone else's.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from bot.conversation import catalogue, words
from bot.conversation import help as help_now
from bot.conversation.actions import Action, action_code
from bot.conversation.flows import safe_words as say
from bot.conversation.menu_card import menu_reply, still_here
from bot.conversation.safety import RiskVerdict, asks, reasons_of
from bot.conversation.state import SafetyQuestion
from bot.conversation.text import parse_command
from bot.conversation.turn import Flow, Outcome, Turn
from bot.conversation.types import Button, Reply, reply_from_dict, reply_to_dict
from feedback.alert_answers import answer_check, answer_contact, check_asked, contact_asked

__all__ = ["NAME", "after_risk", "answer_in_words", "on_action", "prompt"]

NAME = "safe"
CHECK, CONTACT = "check", "contact"
log = logging.getLogger(__name__)


def _check_reply(alert_id: int) -> Reply:
    arg = str(alert_id)
    ok, need_help = action_code(NAME, "ok", arg), action_code(NAME, "help", arg)
    choices = (Button(catalogue.say("safe.ok"), ok), Button(catalogue.say("safe.need_help"), need_help))
    return Reply(say.check_question(), buttons=(choices,))


def _contact_buttons(alert_id: int) -> tuple[tuple[Button, ...], ...]:
    arg = str(alert_id)
    yes, no = action_code(NAME, "contact", arg), action_code(NAME, "no_contact", arg)
    return ((Button(catalogue.say("safe.yes"), yes), Button(catalogue.say("safe.no_thanks"), no)),)


def prompt(turn: Turn) -> Reply | None:
    """Return the safety question waiting for an answer (after help, or on coming back), if any."""
    waiting = turn.safety
    if waiting is None:
        return None
    if waiting.kind == CHECK:
        return _check_reply(waiting.alert_id)
    question = catalogue.say("safe.contact_question")
    return Reply(question, buttons=_contact_buttons(waiting.alert_id), link=words.childline_link())


def _then(turn: Turn, alert_id: int) -> tuple[Mapping[str, object], ...]:
    """Return what the flow would have shown, if the waiting question is about ``alert_id``."""
    waiting = turn.safety
    return waiting.then if waiting is not None and waiting.alert_id == alert_id else ()


async def _ask_check(turn: Turn, alert_id: int, then: Sequence[Reply]) -> Reply | None:
    """Return "Are you safe right now?"; None if it was already asked about this alert (never twice)."""
    if not await check_asked(turn.session, alert_id=alert_id, now=turn.now):
        return None
    turn.safety = SafetyQuestion(CHECK, alert_id, tuple(reply_to_dict(r) for r in then))
    log.info("safety.check_asked", extra={"event": "safety.check_asked"})
    return _check_reply(alert_id)


async def _ask_contact(
    turn: Turn, alert_id: int, then: tuple[Mapping[str, object], ...], *, asked_for_help: bool
) -> Reply:
    await contact_asked(turn.session, alert_id=alert_id, now=turn.now)
    turn.safety = SafetyQuestion(CONTACT, alert_id, then)
    text = say.contact_question(turn.config, asked_for_help=asked_for_help)
    return Reply(text, buttons=_contact_buttons(alert_id), link=words.childline_link())


def _back_to_place(
    turn: Turn, text: str, then: tuple[Mapping[str, object], ...], flows: Mapping[str, Flow]
) -> Outcome:
    """Return ``text``, then what the person would have seen (or their flow's screen, or the menu)."""
    kept = [reply_from_dict(dict(r)) for r in then]
    if not kept:
        flow = flows.get(turn.state.flow)
        waiting = flow.prompt(turn) if flow is not None else None
        kept = [waiting] if waiting is not None else []
    if kept:
        return Outcome([Reply(say.carry_on(text)), *kept])
    return Outcome([menu_reply(turn, text)])


async def after_risk(
    turn: Turn, verdict: RiskVerdict, signposting: Sequence[Reply], outcome: Outcome
) -> tuple[list[Reply], Outcome]:
    """Return the turn's signposting and outcome, with a safety question in place of the flow's replies.

    Urgent: one message with the numbers and "Do you want someone to contact
    you?". Borderline (``ask``): the gentle signposting, then "Are you safe
    right now?". The flow's next state is kept, and its replies wait with the
    question. Nothing changes for someone not joined (there is no place to
    keep an answer) or a text that raised no alert.
    """
    alert_id, person = turn.alert_id, turn.participant
    if alert_id is None or person is None:
        return list(signposting), outcome
    kept = [r for r in outcome.replies if r.text != still_here()]  # the bare menu: the answer brings its own
    if str(verdict.level) == "urgent":
        then = tuple(reply_to_dict(r) for r in kept)
        return [], Outcome([await _ask_contact(turn, alert_id, then, asked_for_help=False)], outcome.state)
    asking = await _ask_check(turn, alert_id, kept) if asks(verdict) else None
    if asking is not None:
        return list(signposting), Outcome([asking], outcome.state)
    return list(signposting), outcome


def _typed(key: str) -> frozenset[str]:
    """Return the typed answers that mean yes (or no): the reader's language's, and English's too."""
    listed = f"{catalogue.say(key)}|{catalogue.say_in(catalogue.BASE, key)}"
    return frozenset(word.strip().casefold() for word in listed.split("|") if word.strip())


def _yes_or_no(text: str) -> bool | None:
    said = " ".join(text.casefold().replace(",", " ").replace(".", " ").replace("!", " ").split())
    return True if said in _typed("safe.typed_yes") else False if said in _typed("safe.typed_no") else None


async def answer_in_words(
    turn: Turn, text: str, verdict: RiskVerdict, flows: Mapping[str, Flow]
) -> Outcome | None:
    """Return the answer to typed text while a safety question waits; None to handle it as usual.

    To "Are you safe right now?" any words are the answer: kept, sealed, on
    the same alert (raised to urgent if the words are urgent), and no second
    alert. To "contact you?" a plain yes or no is the answer; anything else
    means they moved on. A command (other than /help) also moves on.
    """
    waiting, person = turn.safety, turn.participant
    if waiting is None or person is None or not text.strip():
        return None
    command = parse_command(text)
    if command is not None:
        if command.name != "help":
            turn.safety = None
        return None
    if waiting.kind == CONTACT:
        wanted = _yes_or_no(text)
        if wanted is None:
            turn.safety = None
            return None
        return await _contact(turn, waiting.alert_id, wanted, flows)
    urgent = str(verdict.level) == "urgent"
    level = await answer_check(
        turn.session,
        alert_id=waiting.alert_id,
        participant_id=person.id,
        answer="words",
        now=turn.now,
        urgent=urgent,
        reply_sealed=turn.sealer.seal(text),
        categories=[str(c) for c in verdict.categories],
        reasons=reasons_of(verdict),
    )
    if level is None:  # not theirs any more (it can't normally happen): handle the words as usual
        turn.safety = None
        return None
    turn.risky = True
    log.info(
        "safety.check_answered", extra={"event": "safety.check_answered", "answer": "words", "urgent": urgent}
    )
    if urgent:
        return Outcome([await _ask_contact(turn, waiting.alert_id, waiting.then, asked_for_help=False)])
    turn.safety = None
    return _back_to_place(turn, say.heard_words(), waiting.then, flows)


async def _contact(turn: Turn, alert_id: int, wanted: bool, flows: Mapping[str, Flow]) -> Outcome | None:
    person = turn.joined
    if not await answer_contact(
        turn.session, alert_id=alert_id, participant_id=person.id, wanted=wanted, now=turn.now
    ):
        return None
    then = _then(turn, alert_id)
    if turn.safety is not None and turn.safety.alert_id == alert_id:
        turn.safety = None
    log.info("safety.contact_answered", extra={"event": "safety.contact_answered", "wanted": wanted})
    return _back_to_place(turn, say.contact_yes(turn.config) if wanted else say.contact_no(), then, flows)


async def on_action(turn: Turn, action: Action, flows: Mapping[str, Flow]) -> Outcome | None:
    """Return the outcome of a safety button; None when it is not the person's own (a stale or forged one)."""
    person = turn.participant
    if person is None or action.arg is None or not action.arg.isdigit() or len(action.arg) > 12:
        return None
    alert_id = int(action.arg)
    if action.verb in ("contact", "no_contact"):
        return await _contact(turn, alert_id, action.verb == "contact", flows)
    if action.verb not in ("ok", "help"):
        return None
    level = await answer_check(
        turn.session, alert_id=alert_id, participant_id=person.id, answer=action.verb, now=turn.now
    )
    if level is None:
        # Not their alert: change nothing, but someone pressing "I need help now" still gets the numbers.
        return help_now.show(turn) if action.verb == "help" else None
    log.info("safety.check_answered", extra={"event": "safety.check_answered", "answer": action.verb})
    then = _then(turn, alert_id)
    if turn.safety is not None and turn.safety.alert_id == alert_id:
        turn.safety = None
    if action.verb == "help":
        turn.risky = True
        return Outcome([await _ask_contact(turn, alert_id, then, asked_for_help=True)])
    return _back_to_place(turn, say.glad_ok(), then, flows)
