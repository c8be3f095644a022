"""Everything else Heard says, in one place so the wording can be reviewed together.

Written for the youngest reader: short sentences, everyday words, no jargon,
and never blame ("that code didn't work", not "invalid code").
"""

from __future__ import annotations

from datetime import date

from bot.conversation.turn import EngineConfig

__all__ = [
    "CHILDLINE_URL",
    "HELP_OPENING",
    "already_joined",
    "bad_code",
    "consent_declined",
    "expired_button",
    "forget_ask",
    "forget_done",
    "forget_kept",
    "help_numbers",
    "help_text",
    "join_wait",
    "long_date",
    "need_code",
    "not_joined",
    "not_understood",
    "paused",
    "read_first",
    "resumed",
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
HELP_OPENING = "If you need help now:"  # the help card's first line

HOW_TO_GET_A_CODE = (
    "You can get one from your social worker, personal adviser or participation worker. "
    "Then send me the code."
)


def long_date(day: date) -> str:
    """Return a date as people write it: "22 November 2026"."""
    return f"{day.day} {day:%B %Y}"


def _numbers(config: EngineConfig) -> str:
    lines = [
        "• If you or someone else is in danger now, call 999.",
        "• Childline: call 0800 1111. It is free, any time, day or night.",
        "• Samaritans: call 116 123. It is free, any time.",
    ]
    if config.out_of_hours_phone:
        lines.append(f"• {config.council_name} out of hours: call {config.out_of_hours_phone}.")
    else:
        lines.append(f"• {config.council_name} out of hours: ask your worker for the number.")
    return "\n".join(lines)


def help_numbers(config: EngineConfig) -> str:
    """Return the numbers to call, one a line: the same in help, signposting and the safety questions."""
    return _numbers(config)


def help_text(config: EngineConfig) -> str:
    """Return the help card: the same numbers wherever someone is in the chat."""
    return (
        f"{HELP_OPENING}\n"
        f"{_numbers(config)}\n\n"
        "Heard is not watched all the time, so please call if you need someone now."
    )


def signpost_urgent(config: EngineConfig) -> str:
    """Return the reply to a message that suggests someone is in danger now."""
    return (
        "I'm worried about what you wrote. You matter, and help is there right now.\n"
        f"{_numbers(config)}\n\n"
        "Heard is not watched all the time, so please call one of these now. "
        "Our safety team will read what you wrote."
    )


def signpost_concern(config: EngineConfig) -> str:
    """Return the gentle reply to a message that suggests things are hard."""
    return (
        "Thank you for telling me. That sounds hard.\n"
        "If you want to talk to someone, Childline is free on 0800 1111 and Samaritans on "
        "116 123, any time. In an emergency, call 999.\n"
        "Our safety team will read what you wrote."
    )


def need_code() -> str:
    """Return the greeting for someone who has not joined and sent no code."""
    return (
        "Hello! This is Heard. It is where young people in care tell the council what is "
        "working and what is not.\n\n"
        f"To join, you need an invite code. {HOW_TO_GET_A_CODE}"
    )


def not_joined() -> str:
    """Return the answer to a menu choice from someone who has not joined."""
    return f"You need to join Heard first. To join, you need an invite code. {HOW_TO_GET_A_CODE}"


def bad_code(problem: str) -> str:
    """Return the kind answer to a code that cannot be used (unknown, expired or used up)."""
    first = {
        "expired": "Sorry, that code has run out.",
        "used_up": "Sorry, that code has already been used.",
    }.get(problem, "Sorry, that code didn't work. Please check it and try again.")
    return f"{first}\n\nIf it still doesn't work, ask for a new code. {HOW_TO_GET_A_CODE}"


def join_wait() -> str:
    """Return the answer when too many codes were tried."""
    return (
        "That's a lot of codes that didn't work. Please wait 15 minutes, then try again. "
        "If you're stuck, ask your worker for a new code."
    )


def under_16_on_telegram() -> str:
    """Return the kind answer to an under-16 code used on Telegram."""
    return (
        "Thank you for coming! Telegram's rules say people under 16 can't use it in the UK, "
        "so we can't chat here.\n\n"
        "You can use Heard in your web browser instead. It works the same way. "
        "Tap the link below and your code will be ready."
    )


def consent_declined() -> str:
    """Return the answer to "Not now" on the privacy card."""
    return (
        "That's fine. We haven't kept anything about you.\n"
        "If you change your mind, just send your code again."
    )


def read_first(*, card_shown: bool) -> str:
    """Return the answer to text typed before OK on the privacy card: nothing of it was kept or read."""
    if card_shown:
        return "Please read this first, then tap OK. If you need help now, tap Get help now."
    return (
        "Please read the message about privacy first, then tap OK under it. "
        "If you need help now, tap Get help now.\n\n"
        f"No message with an OK button? To join, you need an invite code. {HOW_TO_GET_A_CODE}"
    )


def welcome(config: EngineConfig) -> str:
    """Return the first message after someone agrees to the privacy card."""
    return (
        f"Welcome to Heard! {config.council_name} wants to hear from you.\n"
        "Choose what you want to do. You can send /help at any time."
    )


def welcome_back() -> str:
    """Return the greeting for a member who opens the chat again."""
    return "Welcome back! What would you like to do?"


def already_joined() -> str:
    """Return the answer to a code from someone who has already joined."""
    return "You have already joined Heard, so you don't need a code."


def paused() -> str:
    """Return the answer to "Pause messages"."""
    return (
        "OK, messages are paused. We won't send you surveys or reminders.\n"
        "You can still talk to me at any time."
    )


def resumed() -> str:
    """Return the answer to "Turn messages back on"."""
    return "OK, messages are back on. We'll tell you when there is a survey for you."


def survey_none_open() -> str:
    """Return the answer to "Take a survey" while none is open for the person's group."""
    return "There isn't a survey open for you right now. We'll send you a message when there is one."


def forget_ask() -> str:
    """Return the question before forgetting someone: exactly what goes, what stays, how long and why.

    It must match ``feedback.participants.forget_participant``; docs/privacy.md
    says the same in full.
    """
    return (
        "Do you want Heard to forget you?\n\n"
        "If you tap yes, we delete:\n"
        "• your link to this chat, your group and the days you used Heard\n"
        "• all you told us in Tell us something, and the team's replies\n"
        "• the words you typed in surveys\n\n"
        "What stays, with no link to you:\n"
        "• the buttons you chose in surveys. They stay in the totals, with your group, "
        "so totals we have shared do not change.\n"
        "• if you told us that someone may not be safe, our safety team keeps those words "
        "until they have dealt with them. Then we delete them.\n\n"
        "You can join again later with a new code."
    )


def forget_done() -> str:
    """Return the confirmation that someone has been forgotten."""
    return (
        "Done. Heard has forgotten you. We won't send you any more messages.\n"
        "If you want to come back, ask for a new code. Take care."
    )


def forget_kept() -> str:
    """Return the answer to "No, keep me"."""
    return "OK, nothing has been deleted."


def expired_button(*, joined: bool) -> str:
    """Return the answer to a button that is old, unknown or not for now."""
    if joined:
        return "Sorry, that button has expired. Here is the menu."
    return f"Sorry, that button has expired.\n\n{need_code()}"


def unsupported() -> str:
    """Return the answer to a sticker, photo, voice note, file, location or contact."""
    return (
        "Sorry, I can only read text for now. I didn't keep what you sent.\nPlease type your message instead."
    )


def too_long(limit: int) -> str:
    """Return the answer to a message over the length limit."""
    return f"That message is too long for me. Please send it in shorter parts (up to {limit:,} letters each)."


def unknown_command() -> str:
    """Return the answer to a slash command Heard doesn't have."""
    return "Sorry, I don't know that command. Here is the menu."


def not_understood() -> str:
    """Return the answer to free text at the menu."""
    return "Sorry, I didn't understand that. Please choose from the menu."
