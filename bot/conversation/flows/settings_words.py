"""What Heard says about language and easy read, kept together so the wording can be reviewed.

Each language is named in its own words ("Cymraeg", not "Welsh"), so a
Welsh speaker finds it without reading English. Only surveys (and the
messages about them) are translated, and the card says so plainly.
"""

from __future__ import annotations

__all__ = ["LANGUAGE_NAMES", "card", "easy_read_changed", "easy_read_on_at_join", "language_changed"]

# Languages a young person can choose, in the order offered, named as their speakers name them.
# A language is only offered when some installed survey can be taken in it; English always is.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}

EASY_READ_MEANS = "Easy read means shorter words and pictures."

_LANGUAGE_CHANGED = {
    "en": "OK, surveys will be in English from now on.",
    "cy": "Iawn, bydd arolygon yn Gymraeg o hyn ymlaen.\n(OK, surveys will be in Welsh from now on.)",
}


def card(language: str, *, easy_read: bool) -> str:
    """Return the language and easy read card: what is chosen now, and what easy read means."""
    name = LANGUAGE_NAMES.get(language, language)
    lines = [
        "Language and easy read",
        "",
        f"Surveys come in: {name}.",
    ]
    if language != "en":
        lines.append("If a survey is not ready in your language yet, it comes in English.")
    lines += [
        "",
        f"Easy read: {'on' if easy_read else 'off'}. {EASY_READ_MEANS}",
        "",
        "Tap a button to change it.",
    ]
    return "\n".join(lines)


def language_changed(language: str) -> str:
    """Return the answer to choosing a language, in that language first."""
    return _LANGUAGE_CHANGED.get(language, _LANGUAGE_CHANGED["en"])


def easy_read_changed(*, on: bool) -> str:
    """Return the answer to turning easy read on or off."""
    if on:
        return "OK, easy read is on. Surveys will use shorter words and pictures when they have them."
    return "OK, easy read is off."


def easy_read_on_at_join() -> str:
    """Return the note for the youngest group, who start with easy read on."""
    return f'Easy read is on. {EASY_READ_MEANS} You can turn it off in "Language and easy read".'
