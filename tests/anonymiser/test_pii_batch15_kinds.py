"""Kinds of personal data (and of ordinary words) that batch 15 showed, as general classes."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from tests.anonymiser.pieces import hidden, redacted, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # A Vietnamese full name, family name first, "thi" or "van" in the middle, even when the
        # given name is an English word.
        ("she is called vo thi hoa and she is in year 11", "vo thi hoa"),
        ("my papers say hoang van nam", "hoang van nam"),
        # A spelling others use, said in brackets.
        ("my brother yonas (school spelt it yonaas) starts monday", "yonaas"),
        ("aster (or astir on the letter) is my foster sister", "astir"),
        # Two names opening a message, then where they are from; a name, then a shared group.
        ("hope n faith from the church group are coming round", "hope"),
        ("hope n faith from the church group are coming round", "faith"),
        ("patience in my form said the trip is off", "patience"),
        # A name, then who the person is with a describing word first.
        ("sky my new key worker starts today", "sky"),
        # A nickname, then the real name in brackets.
        ("dusty (his real name darius) plays for the under 18s", "dusty"),
        # Signing off with a short "thanks" and no comma.
        ("can u send me the form thx wubet", "wubet"),
        # A community's own association, named by who it is for.
        ("the eritrean community association in leeds helped me", "eritrean community association"),
        ("i go to sudanese youth forum on sundays", "sudanese youth forum"),
        ("ask at the somali community of hackney", "somali community of hackney"),
        # Barracks that house people seeking asylum, and a seaside word after a town.
        ("they moved him to the wethersfield barracks last week", "wethersfield barracks"),
        ("we went to whitley bay for the day", "whitley bay"),
        # "ps" for PlayStation before a gamer tag.
        ("add me on ps its dark_knight_07 tonight", "dark_knight_07"),
    ],
)
def test_found(pii: Anonymiser, text: str, piece: str) -> None:
    assert hidden(pii, text, piece), redacted(pii, text)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        # A word of a full name said again beside it in brackets is the same person, even a word.
        ("im le thi mai (just mai) and i need help with my bus pass", ["le thi mai", "mai"]),
        ("ring my cousin my (bui thi my) she knows", ["my", "bui thi my"]),
    ],
)
def test_name_said_again_in_brackets(pii: Anonymiser, text: str, pieces: list[str]) -> None:
    assert redacted(pii, text) == pieces


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # Pets' names stay.
        ("my nan has a dog called jasper and he bit the postman", "jasper"),
        ("our hamster fudge escaped again lol", "fudge"),
        ("the cat's name is Oscar", "Oscar"),
        # Meals after "for" are not names.
        ("we had chips for tea again", "tea"),
        # A language cut short after a speaking verb.
        ("is there anyone who speaks tigri at the drop in", "tigri"),
        # Kinds of place with no name stay.
        ("i go to the local community centre", "community"),
        ("my uncle was at the army barracks", "barracks"),
    ],
)
def test_kept(pii: Anonymiser, text: str, word: str) -> None:
    assert not touched(pii, text, word), redacted(pii, text)
