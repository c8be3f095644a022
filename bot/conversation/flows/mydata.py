"""My data: exactly what Heard keeps about the person, in plain words."""

from __future__ import annotations

from bot.conversation.cards import cohort_words
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from bot.conversation.words import long_date
from feedback.participants import ParticipantRecord, describe_participant

__all__ = ["describe", "show"]

_CHANNELS = {"telegram": "Telegram", "web": "the web chat"}
_LANGUAGES = {"en": "English", "cy": "Welsh"}


def describe(record: ParticipantRecord, *, retention_days: int = 90) -> str:
    """Return the "my data" card for a stored record: every field, and the truth about their words.

    It never says Heard does not know something the person may have typed:
    a phone number typed in a message is in the locked copy of their words
    until that copy is deleted, and the card says so.
    """
    lines = [
        "Here is everything Heard keeps about you:",
        f"• Your group: {cohort_words(record.care_status, record.age_band)}",
        f"• You joined on {long_date(record.joined_on)}, on {_CHANNELS.get(record.channel, record.channel)}",
    ]
    if record.consent_version and record.consented_on:
        lines.append(
            f"• You said OK to our privacy card (version {record.consent_version}) "
            f"on {long_date(record.consented_on)}"
        )
    if record.last_seen_on:
        lines.append(f"• You last used Heard on {long_date(record.last_seen_on)} (we only keep the day)")
    lines.append(f"• Messages from Heard: {'paused' if record.paused else 'on'}")
    language = _LANGUAGES.get(record.language, record.language)
    lines.append(f"• Language: {language}{', easy read' if record.easy_read else ''}")
    lines.append(f"• Surveys you have started or answered: {record.responses}")
    lines.append(f"• Things you have told us: {record.issues}")
    if record.alerts:
        lines.append(f"• Messages our safety team was asked to read: {record.alerts}")
    lines.append("")
    lines.append("We also keep a locked code so we can send you messages here. Staff can't read it.")
    lines.append(
        f"The words you type are kept locked for {retention_days} days, then deleted. "
        "The team reads a copy with names, phone numbers, places and schools taken out. "
        "Only our safety team can open the locked words, if someone may not be safe."
    )
    lines.append(
        "We never ask for your name, phone number or username. "
        "If you typed them in a message, they are in those locked words until they are deleted."
    )
    return "\n".join(lines)


async def show(turn: Turn) -> Outcome:
    """Return the "my data" card with the ways to act on it."""
    record = await describe_participant(turn.session, turn.joined)
    buttons = ((Button("Forget me", "menu:forget"), Button("Back to the menu", "menu:show")),)
    text = describe(record, retention_days=turn.config.retention_days)
    return Outcome([Reply(text, buttons=buttons)], ChatState())
