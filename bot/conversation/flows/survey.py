"""Taking a survey: choose an open round, answer screen by screen, carry on days later, finish.

The runner (``surveys``) decides what comes next; this flow only turns
buttons and typed text into runner actions and screens into messages. The
person's place is kept twice: their answers so far sealed on the
``Response`` (so "carry on" works from any message, days later), and the
screen on show in the chat state (so Help can show it again). Free text has
already been risk-checked by the engine before it gets here — signposting
and a safeguarding alert come first — and its level is stored with the
answer.
"""

from __future__ import annotations

import logging

from bot.conversation import words
from bot.conversation.actions import Action
from bot.conversation.flows.survey_invites import FLOW, open_action
from bot.conversation.flows.survey_screens import ScreenKey, option_label, render_screen
from bot.conversation.flows.survey_words import said
from bot.conversation.menu_card import back_to_menu, menu_reply
from bot.conversation.state import ChatState, SurveyData
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from feedback import campaigns
from feedback.campaigns import SurveyRound
from feedback.responses import (
    Progress,
    begin_response,
    complete_response,
    load_progress,
    response_status,
    save_progress,
)
from feedback.surveys_store import load_survey
from surveys import Ask, Back, Cohort, Continue, OptOut, Respond, Survey, apply, next_step
from surveys.answers import AnswerRejected
from surveys.runner import Move
from surveys.texts import word_survey

__all__ = ["NAME", "on_action", "on_text", "prompt", "start"]

NAME = FLOW
STEP = "question"
log = logging.getLogger(__name__)
_NEEDS_SCREEN = frozenset({"pick", "toggle", "done", "optout", "next", "back", "later"})


async def start(turn: Turn) -> Outcome:
    """Return the open survey for this person (or a choice of them), or say none is open."""
    person = turn.joined
    cohort = Cohort(person.care_status, person.age_band)  # type: ignore[arg-type]
    rounds = await campaigns.open_rounds_for(turn.session, cohort, now=turn.now)
    waiting = []
    for survey_round in rounds:
        status = await _status(turn, survey_round)
        if status != "completed":
            waiting.append(survey_round)
    back: tuple[Button, ...] = (back_to_menu(),)
    if not waiting:
        return Outcome([Reply(words.survey_none_open(), buttons=(back,))], ChatState())
    if len(waiting) == 1:
        return await _open(turn, waiting[0])
    rows: list[tuple[Button, ...]] = [
        (Button(await _title_for(turn, r), open_action(r.id)),) for r in waiting
    ]
    return Outcome([Reply(said("choose_round"), buttons=(*rows, back))], ChatState())


async def _title_for(turn: Turn, survey_round: SurveyRound) -> str:
    """Return the round's survey title as its file words it for this reader, as the survey will be shown."""
    survey = await load_survey(turn.session, survey_round.survey_version_id)
    person = turn.joined
    language = person.language if person.language in survey.languages else survey.base_language
    return word_survey(survey, language=language, easy_read=person.easy_read).title


async def _status(turn: Turn, survey_round: SurveyRound) -> str | None:
    return await response_status(turn.session, campaign_id=survey_round.id, participant_id=turn.joined.id)


async def _open(turn: Turn, survey_round: SurveyRound) -> Outcome:
    person = turn.joined
    cohort = Cohort(person.care_status, person.age_band)  # type: ignore[arg-type]
    if survey_round.state(turn.now) != "open" or cohort not in survey_round.settings.cohorts:
        return Outcome([menu_reply(turn, said("closed"))], ChatState())
    progress = await begin_response(turn.session, turn.sealer, participant=person, survey_round=survey_round,
                                    now=turn.now)  # fmt: skip
    if progress is None:
        return Outcome([menu_reply(turn, said("already_done"))], ChatState())
    survey = await load_survey(turn.session, progress.survey_version_id)
    state = progress.state
    step = next_step(survey, state)
    if not isinstance(step, Ask):
        return await _finish(turn, survey, progress)
    if state.history or state.answers:
        title = word_survey(survey, language=state.language, easy_read=state.easy_read).title
        label = step.progress.label.lower() if step.progress else title
        lead = said("resume", progress=label, title=title)
        log.info("survey.resumed", extra={"event": "survey.resumed", "count": 1})
        return _show(turn, progress, step, lead=lead)
    log.info("survey.started", extra={"event": "survey.started", "count": 1})
    texts = word_survey(survey, language=state.language, easy_read=state.easy_read)
    intro = Reply("\n\n".join(t for t in (f"📝 {texts.title}", texts.intro) if t))
    shown = _show(turn, progress, step)
    return Outcome([intro, *shown.replies], shown.state)


def _show(
    turn: Turn,
    progress: Progress,
    step: Ask,
    *,
    lead: str | None = None,
    picked: list[str | int] | None = None,
) -> Outcome:
    if picked is None:
        previous = step.previous
        picked = (
            list(previous.value) if step.multiple and previous and isinstance(previous.value, tuple) else []
        )
    key = ScreenKey(progress.response_id, len(progress.state.history))
    reply = render_screen(step, key, progress.state.language, picked=picked, lead=lead)
    # Kept without the note above it, to be shown again after Help or on coming back.
    plain = reply if lead is None else render_screen(step, key, progress.state.language, picked=picked)
    data = SurveyData(
        response_id=progress.response_id,
        campaign_id=progress.campaign_id,
        screen=key.screen,
        question_id=step.question_id,
        picked=tuple(picked),
        prompt=plain,
    )
    return Outcome([reply], ChatState(flow=NAME, step=STEP, data=data))


async def _finish(turn: Turn, survey: Survey, progress: Progress) -> Outcome:
    stored = await complete_response(turn.session, turn.sealer, progress, now=turn.now)
    log.info("survey.completed", extra={"event": "survey.completed", "count": stored})
    state = progress.state
    outro = word_survey(survey, language=state.language, easy_read=state.easy_read).outro
    replies = [Reply(outro)] if outro else []
    replies.append(menu_reply(turn, said("thanks")))
    return Outcome(replies, ChatState())


async def _current(turn: Turn) -> tuple[Progress, Survey, Ask] | Outcome:
    """Return where the person is, or the outcome for a survey that has closed or gone."""
    person = turn.joined
    progress = await load_progress(
        turn.session, turn.sealer, response_id=turn.state.survey.response_id, participant_id=person.id
    )
    if progress is None:
        return Outcome([menu_reply(turn, said("closed"))], ChatState())
    survey_round = await campaigns.get_round(turn.session, progress.campaign_id)
    if survey_round.state(turn.now) != "open":
        return Outcome([menu_reply(turn, said("closed"))], ChatState())
    survey = await load_survey(turn.session, progress.survey_version_id)
    step = next_step(survey, progress.state)
    if not isinstance(step, Ask):
        return await _finish(turn, survey, progress)
    return progress, survey, step


async def _advance(turn: Turn, move: Move, *, risk: tuple[str, str] | None = None) -> Outcome:
    current = await _current(turn)
    if isinstance(current, Outcome):
        return current
    progress, survey, step = current
    language = progress.state.language
    try:
        state = apply(survey, progress.state, move)
    except AnswerRejected as exc:
        return _show(turn, progress, step, lead=_rejected(exc, step, language, survey))
    progress = progress.with_state(state, risk=risk)
    following = next_step(survey, state)
    if not isinstance(following, Ask):
        return await _finish(turn, survey, progress)
    await save_progress(turn.session, turn.sealer, progress)
    lead = said("saved_gently") if turn.risky else None
    return _show(turn, progress, following, lead=lead)


def _rejected(exc: AnswerRejected, step: Ask, language: str, survey: Survey) -> str:
    if exc.reason == "empty" and step.multiple:
        return said("pick_one", opt_out=step.opt_out.label if step.opt_out else "")
    if exc.reason == "empty":
        return said("empty")
    if exc.reason == "too_long":
        limit = survey.question(step.question_id).max_length or 4096
        return said("too_long", limit=limit)
    return said("expired")


async def on_action(turn: Turn, action: Action) -> Outcome | None:
    """Return the outcome of a survey button; None when it makes no sense now."""
    if turn.participant is None:
        return None
    if action.verb == "open":
        if action.arg is None or not (action.arg.isascii() and action.arg.isdigit()) or len(action.arg) > 9:
            return None
        try:
            survey_round = await campaigns.get_round(turn.session, int(action.arg))
        except LookupError:
            return None
        return await _open(turn, survey_round)
    parsed = ScreenKey.parse(action.arg)
    if action.verb not in _NEEDS_SCREEN or parsed is None:
        return None
    key, index = parsed
    place = turn.state.survey
    if turn.state.flow != NAME or place.response_id != key.response_id:
        return await _resume_from_old_button(turn, key.response_id)
    if place.screen != key.screen:
        return await _again(turn, note="expired")
    return await _on_screen_action(turn, action.verb, index)


async def _on_screen_action(turn: Turn, verb: str, index: int | None) -> Outcome:
    qid = turn.state.survey.question_id
    if verb == "later":
        return Outcome([menu_reply(turn, said("later_ok"))], ChatState())
    if verb == "back":
        return await _advance(turn, Back())
    if verb == "next":
        return await _advance(turn, Continue(qid))
    if verb == "optout":
        return await _advance(turn, OptOut(qid))
    if verb == "done":
        return await _advance(turn, Respond(qid, list(turn.state.survey.picked)))
    current = await _current(turn)
    if isinstance(current, Outcome):
        return current
    progress, _survey, step = current
    if index is None or index >= len(step.options):
        return _show(turn, progress, step, lead=said("expired"))
    code = step.options[index].code
    if verb == "pick":
        return await _advance(turn, Respond(qid, code))
    picked = list(turn.state.survey.picked)
    picked = [c for c in picked if c != code] if code in picked else [*picked, code]
    return _show(turn, progress, step, picked=picked)


async def _again(turn: Turn, *, note: str | None = None) -> Outcome:
    current = await _current(turn)
    if isinstance(current, Outcome):
        return current
    progress, _survey, step = current
    lead = said(note) if note else None
    return _show(turn, progress, step, lead=lead, picked=list(turn.state.survey.picked))


async def _resume_from_old_button(turn: Turn, response_id: int) -> Outcome | None:
    progress = await load_progress(turn.session, turn.sealer, response_id=response_id,
                                   participant_id=turn.joined.id)  # fmt: skip
    if progress is None:
        return None
    turn.state = ChatState(flow=NAME, step=STEP, data=SurveyData(response_id=response_id))
    return await _again(turn, note="expired")


async def on_text(turn: Turn, text: str) -> Outcome | None:
    """Return the answer to typed text: a free-text answer, an option typed out, or the screen again."""
    if turn.participant is None or turn.state.flow != NAME:
        return None
    current = await _current(turn)
    if isinstance(current, Outcome):
        return current
    progress, _survey, step = current
    if step.free_text:
        return await _advance(turn, Respond(step.question_id, text), risk=(step.question_id, turn.risk_level))
    typed = text.strip().casefold()
    for number, option in enumerate(step.options, start=1):
        if typed in (str(number), option.label.casefold(), option_label(option).casefold()):
            if step.multiple:
                return await _on_screen_action(turn, "toggle", number - 1)
            return await _advance(turn, Respond(step.question_id, option.code))
    if turn.risky:
        return _show(turn, progress, step, lead=said("saved_gently"))
    return _show(turn, progress, step, lead=said("tap_button"),
                 picked=list(turn.state.survey.picked))  # fmt: skip


def prompt(turn: Turn) -> Reply | None:
    """Return the screen the person is on (shown again after Help or on coming back)."""
    if turn.state.flow != NAME:
        return None
    return turn.state.survey.prompt
