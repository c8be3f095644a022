"""Invite and reminder texts are checked for pressure wording."""

from __future__ import annotations

import pytest

from surveys.gentle import pressure_phrases


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Keep your streak going!", "streak"),
        ("Last chance to have your say", "Last chance"),
        ("Hurry, the survey closes soon", "Hurry"),
        ("Don't miss out on this", "Don't miss out"),
        ("Only 2 days left!", "Only 2 days left"),
        ("You must answer by Friday", "You must"),
        ("Everyone else has already answered", "Everyone else"),
        ("You haven't finished your survey", "You haven't finished"),
        ("Answer and win a prize", "prize"),
    ],
)
def test_pressure_is_found(text: str, phrase: str) -> None:
    assert phrase in [found for found, _why in pressure_phrases(text)]


@pytest.mark.parametrize(
    "text",
    [
        "We'd love to hear how things are going. Only if you want to, and you can stop any time.",
        "If you started the survey, you can carry on where you left off whenever you like.",
        "Everything you need to know is in the Local Offer.",
        "Rhowch wybod i ni sut mae pethau, os hoffech chi.",
        "",
    ],
)
def test_gentle_texts_pass(text: str) -> None:
    assert pressure_phrases(text) == []
