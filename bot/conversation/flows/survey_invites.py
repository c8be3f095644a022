"""The invite and reminder messages for a survey round, with the button that opens the survey.

Each is worded for its reader: Heard's words from the catalogue of their
language and easy-read choice (``catalogue.locale_for``), and the survey's
title as the survey file words it for them (the caller reads the file).
"""

from __future__ import annotations

from datetime import timedelta

from bot.conversation.actions import action_code
from bot.conversation.catalogue import locale_for
from bot.conversation.flows.survey_words import long_date, word
from bot.conversation.help import HELP_ACTION
from bot.conversation.state import SURVEY
from bot.conversation.types import Button, Reply
from feedback.campaigns import SurveyRound

__all__ = ["FLOW", "invite_reply", "open_action", "reminder_reply"]

FLOW = SURVEY


def open_action(round_id: int) -> str:
    """Return the action code of the button that starts (or resumes) a round's survey."""
    return action_code(FLOW, "open", str(round_id))


def _last_day(survey_round: SurveyRound, language: str) -> str:
    # closes_at is the first closed moment: a round closing at midnight is open all the day before.
    closes = survey_round.settings.closes_at.astimezone(survey_round.settings.zone)
    return long_date((closes - timedelta(seconds=1)).date(), language)


def _buttons(survey_round: SurveyRound, language: str, *, carry_on: bool) -> tuple[tuple[Button, ...], ...]:
    label = word(language, "carry_on" if carry_on else "start")
    return (
        (Button(label, open_action(survey_round.id)),),
        (Button(word(language, "pause"), "menu:pause"),),
        (Button(word(language, "help"), HELP_ACTION),),  # help is one tap away on every screen
    )


def invite_reply(
    survey_round: SurveyRound, language: str = "en", *, easy_read: bool = False, title: str | None = None
) -> Reply:
    """Return the invite: the worker's own text if they wrote one, then the choice and how to stop.

    ``title`` is the survey's title worded for this reader; without it, the survey's own.
    """
    language = locale_for(language, easy_read=easy_read)
    until = _last_day(survey_round, language)
    opening = survey_round.invite_text or word(
        language, "invite", title=title or survey_round.survey_title, until=until
    )
    text = "\n\n".join((opening, word(language, "invite_choice"), word(language, "pause_hint")))
    return Reply(text, buttons=_buttons(survey_round, language, carry_on=False))


def reminder_reply(
    survey_round: SurveyRound,
    language: str = "en",
    *,
    easy_read: bool = False,
    title: str | None = None,
    carry_on: bool = False,
) -> Reply:
    """Return a gentle reminder; for someone part-way through, an offer to carry on."""
    language = locale_for(language, easy_read=easy_read)
    until = _last_day(survey_round, language)
    name = "reminder_carry_on" if carry_on else "reminder"
    opening = word(language, name, title=title or survey_round.survey_title, until=until)
    text = "\n\n".join((opening, word(language, "reminder_choice"), word(language, "pause_hint")))
    return Reply(text, buttons=_buttons(survey_round, language, carry_on=carry_on))
