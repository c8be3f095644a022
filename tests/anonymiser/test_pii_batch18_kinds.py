"""Kinds of personal data (and of ordinary words) that batch 18 showed, as general classes."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from tests.anonymiser.pieces import hidden, redacted, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # Speakers of a pasted group chat, in lower case, with or without an age; a speaker's name
        # said again in the chat goes too.
        ("pasted from the chat ro: who ate it lo: not me ro: zk had it zk: never", "zk"),
        ("sami (15): u coming? jo (14): cant", "jo"),
        # A role used as a title before a name.
        ("ask pastor wilf, he runs the youth band", "wilf"),
        ("it was pc o'hara who searched me", "o'hara"),
        ("ask coach benny", "benny"),
        # A police force or a court after its place, a region sized by "greater".
        ("the officer from greater manchester police took my phone", "greater manchester police"),
        ("i have to go to leeds magistrates next week", "leeds magistrates"),
        # A crime reference after "urn".
        ("the letter says urn 44XY0098812 on it", "44XY0098812"),
        # Shops and places of worship by their own names.
        ("i help out at sunrise bakery on saturdays", "sunrise bakery"),
        ("my boss at patel's newsagents wants me in at 6", "patel's newsagents"),
        ("we pray at al noor masjid on fridays", "al noor masjid"),
        # Streets without a number after "to", a street of "lanes" or an "approach".
        ("we went to tanner lane for food", "tanner lane"),
        ("the bakery in wood lanes is hiring", "wood lanes"),
        ("im at flat 2, 7 mill approach now", "mill approach"),
        # A house number in words of tens and units, then the street.
        ("send it to thirty two oak crescent pls", "thirty two oak crescent"),
        # A number and a one-word street before the town and postcode.
        ("im staying at 12 northway leeds ls9 8aa", "12 northway"),
        # Family words from South Asian and other languages before a name.
        ("my dadi kamlaben is coming over", "kamlaben"),
        # A name before "dob".
        ("precious dob 1/2/10 is my sister", "precious"),
        # A first name that is also a place, before a surname of that shape.
        ("her name is chelsea mcbride", "chelsea"),
    ],
)
def test_found(pii: Anonymiser, text: str, piece: str) -> None:
    assert hidden(pii, text, piece), redacted(pii, text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # National chains stay, including in a town (the town goes on its own) and in two words.
        ("can i get a job at nandos at 16", "nandos"),
        ("i start at sports direct in leeds next week", "sports"),
        ("an apprenticeship at kwik fit would be good", "kwik"),
        # Chat spellings that are names elsewhere.
        ("the home office wrote it wrong wich is annoying", "wich"),
        ("my birth cert is at my mums", "cert"),
        ("the home wifi is so slow", "wifi"),
        # Words of faith practice.
        ("we do seva at the gurdwara", "seva"),
        ("can i stay out late for iftar", "iftar"),
        # Verbs that are names elsewhere, used as verbs.
        ("she rang n said go to court", "said"),
        ("pls tell her i moved", "tell"),
        # A shade or a warning level.
        ("i want the sky blue one", "sky"),
        ("there is an amber warning for snow", "amber"),
        # A sport and a day before "training".
        ("rain today so footie training is off", "footie"),
        # Times, ordinals and text-speak near a platform word are not usernames.
        ("on xbox 2nite at 8pm for my 18th", "8pm"),
        ("on xbox 2nite at 8pm for my 18th", "18th"),
        # A note and an update labelled with colons are no chat log.
        ("note: my pc is broken. update: fixed now", "note"),
    ],
)
def test_kept(pii: Anonymiser, text: str, word: str) -> None:
    assert not touched(pii, text, word), redacted(pii, text)
