"""What Heard says about language and easy read, from the catalogue.

Each language is named in its own words ("Cymraeg", not "Welsh"), so a
Welsh speaker finds it without reading English: the name is the
``language.name`` message of that language's own catalogue. The whole
conversation follows the choice, not only surveys.
"""

from __future__ import annotations

from bot.conversation.catalogue import EASY_READ, locales, say, say_in

__all__ = [
    "card",
    "easy_read_changed",
    "easy_read_on_at_join",
    "language_changed",
    "language_name",
    "languages",
]


def languages() -> tuple[str, ...]:
    """Return the languages a young person can choose: every installed catalogue but easy read."""
    return tuple(code for code in locales() if code != EASY_READ)


def language_name(language: str) -> str:
    """Return a language's name in its own words ("Cymraeg")."""
    return say_in(language, "language.name") if language in locales() else language


def card(language: str, *, easy_read: bool) -> str:
    """Return the language and easy read card: what is chosen now, and what easy read means."""
    lines = [
        say("settings.title"),
        "",
        say("settings.language_now", language=language_name(language)),
        "",
        say("settings.easy_read_on" if easy_read else "settings.easy_read_off"),
        "",
        say("settings.tap_to_change"),
    ]
    return "\n".join(lines)


def language_changed(language: str) -> str:
    """Return the answer to choosing a language, in that language."""
    return say_in(language, "settings.language_changed")


def easy_read_changed(*, on: bool) -> str:
    """Return the answer to turning easy read on or off."""
    return say("settings.easy_read_now_on" if on else "settings.easy_read_now_off")


def easy_read_on_at_join() -> str:
    """Return the note for the youngest group, who start with easy read on."""
    return say("settings.easy_read_at_join")
