"""What Heard says when it asks "Are you safe right now?" and "Do you want someone to contact you?".

Warm and plain, for the youngest reader: short sentences, no blame, and
never "you're fine" — Heard cannot know that. Every answer says what
happens next and how to get help at once. The words are in the catalogue
(``safe.*`` keys); these functions read them in the turn's language.
"""

from __future__ import annotations

from bot.conversation import words
from bot.conversation.catalogue import say
from bot.conversation.turn import EngineConfig

__all__ = [
    "carry_on",
    "check_question",
    "contact_no",
    "contact_question",
    "contact_yes",
    "glad_ok",
    "heard_words",
]


def check_question() -> str:
    """Return the gentle question asked when the risk check is unsure."""
    return say("safe.check_question")


def contact_question(config: EngineConfig, *, asked_for_help: bool) -> str:
    """Return the urgent reply: the numbers to call now, then whether they want someone to contact them."""
    first = say("safe.thanks_for_telling") if asked_for_help else say("signpost.urgent.opening")
    return (
        f"{first}\n{words.help_numbers(config)}\n\n"
        f"{say('signpost.urgent.call_now')}\n\n"
        f"{say('safe.contact_question')}"
    )


def glad_ok() -> str:
    """Return the answer to "I'm OK"."""
    return say("safe.glad_ok")


def heard_words() -> str:
    """Return the answer to "Are you safe right now?" given in their own words."""
    return say("safe.heard_words")


def contact_yes(config: EngineConfig) -> str:
    """Return the answer to "Yes" (someone should contact them)."""
    return say("safe.contact_yes", childline=config.childline_phone)


def contact_no() -> str:
    """Return the answer to "No thanks"."""
    return say("safe.contact_no")


def carry_on(text: str) -> str:
    """Return ``text`` with a line saying they can go back to what they were doing."""
    return f"{text}\n\n{say('safe.carry_on')}"
