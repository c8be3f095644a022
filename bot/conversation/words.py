"""Everything else Heard says, read from the catalogue of the turn's language.

The wording itself lives in ``bot/locale/<locale>/LC_MESSAGES/heard.po``
(``bot.conversation.catalogue``); these functions pick the message and fill
in its values, so flows stay free of text. Written for the youngest reader:
short sentences, everyday words, no jargon, and never blame ("that code
didn't work", not "invalid code").
"""

from __future__ import annotations

from datetime import date

from bot.conversation.catalogue import say
from bot.conversation.turn import EngineConfig
from bot.conversation.types import Link

__all__ = [
    "CHILDLINE_URL",
    "already_joined",
    "bad_code",
    "childline_link",
    "consent_declined",
    "expired_button",
    "forget_ask",
    "forget_done",
    "forget_kept",
    "gave_up",
    "help_numbers",
    "help_opening",
    "help_short",
    "help_text",
    "join_wait",
    "long_date",
    "need_code",
    "not_joined",
    "not_understood",
    "paused",
    "read_first",
    "resumed",
    "short_date",
    "signpost_concern",
    "signpost_urgent",
    "survey_none_open",
    "too_long",
    "under_16_on_telegram",
    "unknown_command",
    "unsupported",
    "welcome",
    "welcome_back",
]

CHILDLINE_URL = "https://www.childline.org.uk/get-support/"


def long_date(day: date) -> str:
    """Return a date as people write it in the turn's language: "22 November 2026"."""
    return say("date.long", day=day.day, month=say(f"month.{day.month}"), year=day.year)


def short_date(day: date) -> str:
    """Return a day and month in the turn's language: "22 November"."""
    return say("date.short", day=day.day, month=say(f"month.{day.month}"))


def _phones(config: EngineConfig) -> dict[str, str]:
    return {"childline": config.childline_phone, "samaritans": config.samaritans_phone}


def childline_link() -> Link:
    """Return the link to Childline's online chat, labelled in the turn's language."""
    return Link(say("help.childline_link"), CHILDLINE_URL)


def help_opening() -> str:
    """Return the help card's first line (how a reply is known to be the help card)."""
    return say("help.opening")


def help_numbers(config: EngineConfig) -> str:
    """Return the numbers to call, one a line: the same in help, signposting and the safety questions."""
    lines = [
        say("help.numbers.danger"),
        say("help.numbers.childline", **_phones(config)),
        say("help.numbers.samaritans", **_phones(config)),
    ]
    if config.out_of_hours_phone:
        lines.append(
            say(
                "help.numbers.out_of_hours",
                council=config.council_name,
                out_of_hours=config.out_of_hours_phone,
            )
        )
    else:
        lines.append(say("help.numbers.out_of_hours_ask", council=config.council_name))
    return "\n".join(lines)


def help_text(config: EngineConfig) -> str:
    """Return the help card: the same numbers wherever someone is in the chat."""
    return f"{help_opening()}\n{help_numbers(config)}\n\n{say('help.not_watched')}"


def help_short(config: EngineConfig) -> str:
    """Return the one-line reminder of Childline and 999, for messages about something else."""
    return say("help.short", **_phones(config))


def signpost_urgent(config: EngineConfig) -> str:
    """Return the reply to a message that suggests someone is in danger now."""
    return f"{say('signpost.urgent.opening')}\n{help_numbers(config)}\n\n{say('signpost.urgent.call_now')}"


def signpost_concern(config: EngineConfig) -> str:
    """Return the gentle reply to a message that suggests things are hard."""
    return say("signpost.concern", **_phones(config))


def _how_to_get_a_code() -> str:
    return say("join.how_to_get_a_code")


def need_code() -> str:
    """Return the greeting for someone who has not joined and sent no code."""
    return say("join.need_code", how_to_get_a_code=_how_to_get_a_code())


def not_joined() -> str:
    """Return the answer to a menu choice from someone who has not joined."""
    return say("join.not_joined", how_to_get_a_code=_how_to_get_a_code())


def bad_code(problem: str) -> str:
    """Return the kind answer to a code that cannot be used (unknown, expired or used up)."""
    first = {"expired": "join.code_expired", "used_up": "join.code_used_up"}.get(problem, "join.code_unknown")
    return f"{say(first)}\n\n{say('join.code_still_not', how_to_get_a_code=_how_to_get_a_code())}"


def join_wait() -> str:
    """Return the answer when too many codes were tried."""
    return say("join.wait")


def under_16_on_telegram() -> str:
    """Return the kind answer to an under-16 code used on Telegram."""
    return say("join.under_16_on_telegram")


def consent_declined() -> str:
    """Return the answer to "Not now" on the privacy card."""
    return say("consent.declined")


def read_first(*, card_shown: bool) -> str:
    """Return the answer to text typed before OK on the privacy card: nothing of it was kept or read."""
    if card_shown:
        return say("consent.read_first")
    return say("consent.read_first_no_card", how_to_get_a_code=_how_to_get_a_code())


def welcome(config: EngineConfig) -> str:
    """Return the first message after someone agrees to the privacy card."""
    return say("welcome.new", council=config.council_name)


def welcome_back() -> str:
    """Return the greeting for a member who opens the chat again."""
    return say("welcome.back")


def already_joined() -> str:
    """Return the answer to a code from someone who has already joined."""
    return say("join.already_joined")


def paused() -> str:
    """Return the answer to "Pause messages"."""
    return say("menu.paused")


def resumed() -> str:
    """Return the answer to "Turn messages back on"."""
    return say("menu.resumed")


def survey_none_open() -> str:
    """Return the answer to "Take a survey" while none is open for the person's group."""
    return say("menu.no_survey")


def forget_ask() -> str:
    """Return the question before forgetting someone: exactly what goes, what stays, how long and why.

    It must match ``feedback.participants.forget_participant``; docs/privacy.md
    says the same in full.
    """
    return say("forget.ask")


def forget_done() -> str:
    """Return the confirmation that someone has been forgotten."""
    return say("forget.done")


def forget_kept() -> str:
    """Return the answer to "No, keep me"."""
    return say("forget.kept")


def expired_button(*, joined: bool) -> str:
    """Return the answer to a button that is old, unknown or not for now."""
    if joined:
        return f"{say('error.expired_button')} {say('error.here_is_the_menu')}"
    return f"{say('error.expired_button')}\n\n{need_code()}"


def gave_up(config: EngineConfig) -> str:
    """Return the sorry for a message that could not be handled even after every retry."""
    return say("error.gave_up", **_phones(config))


def unsupported() -> str:
    """Return the answer to a sticker, photo, voice note, file, location or contact."""
    return say("error.unsupported")


def too_long(limit: int) -> str:
    """Return the answer to a message over the length limit."""
    return say("error.too_long", limit=f"{limit:,}")


def unknown_command() -> str:
    """Return the answer to a slash command Heard doesn't have."""
    return say("error.unknown_command")


def not_understood() -> str:
    """Return the answer to free text at the menu."""
    return say("error.not_understood")
