"""What Heard says when it asks "Are you safe right now?" and "Do you want someone to contact you?".

Warm and plain, for the youngest reader: short sentences, no blame, and
never "you're fine" — Heard cannot know that. Every answer says what
happens next and how to get help at once.
"""

from __future__ import annotations

from bot.conversation import words
from bot.conversation.turn import EngineConfig

__all__ = [
    "CHECK_HELP",
    "CHECK_OK",
    "CONTACT_NO",
    "CONTACT_QUESTION",
    "CONTACT_YES",
    "carry_on",
    "check_question",
    "contact_no",
    "contact_question",
    "contact_yes",
    "glad_ok",
    "heard_words",
]

CHECK_OK = "I'm OK"
CHECK_HELP = "I need help now"
CONTACT_YES = "Yes"
CONTACT_NO = "No thanks"
CARRY_ON = "When you're ready, you can carry on where you left off."
CONTACT_QUESTION = "Do you want someone from our safety team to contact you?"


def check_question() -> str:
    """Return the gentle question asked when the risk check is unsure."""
    return "Are you safe right now?\nYou can tap a button, or tell me in your own words."


def contact_question(config: EngineConfig, *, asked_for_help: bool) -> str:
    """Return the urgent reply: the numbers to call now, then whether they want someone to contact them."""
    first = (
        "Thank you for telling me. You matter, and help is there right now."
        if asked_for_help
        else "I'm worried about what you wrote. You matter, and help is there right now."
    )
    return (
        f"{first}\n{words.help_numbers(config)}\n\n"
        "Heard is not watched all the time, so please call one of these now. "
        "Our safety team will read what you wrote.\n\n"
        f"{CONTACT_QUESTION}"
    )


def glad_ok() -> str:
    """Return the answer to "I'm OK"."""
    return (
        'I\'m glad. Thank you for telling me.\nIf that changes, tap "Get help now" or send /help at any time.'
    )


def heard_words() -> str:
    """Return the answer to "Are you safe right now?" given in their own words."""
    return (
        "Thank you for telling me. Our safety team will read what you wrote.\n"
        'If you need help now, tap "Get help now" or send /help.'
    )


def contact_yes() -> str:
    """Return the answer to "Yes" (someone should contact them)."""
    return (
        "Thank you. Someone from our safety team will get in touch with you here as soon as they can.\n"
        "Heard is not watched all the time. If you need help before then, call Childline on 0800 1111, "
        "or 999 in an emergency."
    )


def contact_no() -> str:
    """Return the answer to "No thanks"."""
    return (
        "That's OK. Our safety team will still read what you wrote.\n"
        'If you change your mind, tap "Yes" above, or tap "Get help now".'
    )


def carry_on(text: str) -> str:
    """Return ``text`` with a line saying they can go back to what they were doing."""
    return f"{text}\n\n{CARRY_ON}"
