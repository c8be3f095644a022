"""My data: exactly what Heard keeps about the person, in plain words (``mydata.*`` in the catalogue)."""

from __future__ import annotations

from bot.conversation.cards import cohort_words
from bot.conversation.catalogue import say
from bot.conversation.flows.settings_words import language_name
from bot.conversation.menu_card import back_to_menu
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from bot.conversation.words import long_date
from feedback.participants import ParticipantRecord, describe_participant

__all__ = ["describe", "show"]

_CHANNELS = {"telegram": "mydata.channel.telegram", "web": "mydata.channel.web"}


def describe(record: ParticipantRecord, *, retention_days: int = 90) -> str:
    """Return the "my data" card for a stored record: every field, and the truth about their words.

    It never says Heard does not know something the person may have typed:
    a phone number typed in a message is in the locked copy of their words
    until that copy is deleted, and the card says so.
    """
    channel = say(_CHANNELS[record.channel]) if record.channel in _CHANNELS else record.channel
    lines = [
        say("mydata.heading"),
        say("mydata.group", group=cohort_words(record.care_status, record.age_band)),
        say("mydata.joined", day=long_date(record.joined_on), channel=channel),
    ]
    if record.consent_version and record.consented_on:
        lines.append(
            say("mydata.consent", version=record.consent_version, day=long_date(record.consented_on))
        )
    if record.last_seen_on:
        lines.append(say("mydata.last_seen", day=long_date(record.last_seen_on)))
    lines.append(say("mydata.messages_paused" if record.paused else "mydata.messages_on"))
    language_key = "mydata.language_easy_read" if record.easy_read else "mydata.language"
    lines.append(say(language_key, language=language_name(record.language)))
    lines.append(say("mydata.surveys", count=record.responses))
    lines.append(say("mydata.told_us", count=record.issues))
    if record.alerts:
        lines.append(say("mydata.alerts", count=record.alerts))
    lines.append("")
    lines.append(say("mydata.locked_code"))
    lines.append(say("mydata.words", retention_days=retention_days))
    lines.append(say("mydata.never_ask"))
    return "\n".join(lines)


async def show(turn: Turn) -> Outcome:
    """Return the "my data" card with the ways to act on it."""
    record = await describe_participant(turn.session, turn.joined.id)
    buttons = ((Button(say("menu.forget"), "menu:forget"), back_to_menu()),)
    text = describe(record, retention_days=turn.config.retention_days)
    return Outcome([Reply(text, buttons=buttons)], ChatState())
