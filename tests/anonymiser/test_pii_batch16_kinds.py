"""Kinds of personal data (and of ordinary words) that batch 16 showed, as general classes."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from tests.anonymiser.pieces import hidden, redacted, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # After a title with no other sense, any word is a surname; after "miss" only where it
        # cannot be the verb.
        ("told mrs fox about the bus pass", "fox"),
        ("so miss fletcher reckons im lying", "fletcher"),
        # A coach named before what they do.
        ("coach dale says i can start on saturday", "dale"),
        # Staff named by their job, after "the" or in brackets without a possessive.
        ("we asked kim the night manager and she said yes", "kim"),
        ("rose (night staff) let me stay up", "rose"),
        # "its me" before the writer's name, and an interjection before "its".
        ("hiya its me river from the flat upstairs", "river"),
        ("lol no jk its cassius", "cassius"),
        # "mummy" and "daddy" are relations a name may follow.
        ("my mummy is esi and she is kind", "esi"),
        # A hyphenated part after a name is part of the name; so is a surname's initial.
        ("her chinese name is wong mei-ling", "mei-ling"),
        ("my sister lily-mae rose-ashby came too", "rose-ashby"),
        ("they sewed tyrell d on my coat", "tyrell d"),
        # The start of a name alone in brackets is the same person, even when it is a word.
        ("mercedes (merc) has a review soon", "merc"),
        # A day of the month that a hearing, review or funeral falls on.
        ("my lac review is on the ninth", "the ninth"),
        ("she has court on the 21st so i cant go", "the 21st"),
        # A weekday with "weds" and a birth date in the Afghan solar calendar.
        ("dentist weds 14th at 4", "weds 14th"),
        ("my real birthday is 3 hamal 1387", "3 hamal 1387"),
        # Council names, an institute and a youth voice or council named by its place.
        ("i need a letter from barnsley council", "barnsley council"),
        ("i got into goole institute for plumbing", "goole institute"),
        ("are you going to the leeds youth parliament meeting", "leeds youth parliament"),
        # House and flat numbers in words, a building plot and an estate after an address.
        ("we moved to number twenty six, ash grove", "number twenty six, ash grove"),
        ("its flat three sixty two now", "flat three sixty two"),
        ("we live on plot 7, the larches, moor estate", "plot 7"),
        ("we live on plot 7, the larches, moor estate", "moor estate"),
    ],
)
def test_found(pii: Anonymiser, text: str, piece: str) -> None:
    assert hidden(pii, text, piece), redacted(pii, text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # "miss" as a verb, "the coach" as a vehicle, a day alone with no event.
        ("i miss home so much", "home"),
        ("the coach trip was so long", "trip"),
        ("my money comes on the 28th", "28th"),
        ("my mate said the staff are nice", "said"),
        ("can the pa come on monday", "can"),
        ("i hope the iro listens", "hope"),
        # A pet named later in its sentence.
        ("i can stroke the rabbit at my nans now its called biscuit", "biscuit"),
        # The team of a kit a young person wears.
        ("my carer got me a sunderland away kit", "sunderland"),
        # Family words and food from the families young people come from, and chat words.
        ("i live with my gogo now", "gogo"),
        ("she brought fufu and egusi", "egusi"),
        ("im well good at keepy ups", "keepy"),
        ("my dad is in rehab again", "rehab"),
        # A youth council with no name.
        ("the youth council thing is on friday", "youth council"),
    ],
)
def test_kept(pii: Anonymiser, text: str, word: str) -> None:
    assert not touched(pii, text, word), redacted(pii, text)
