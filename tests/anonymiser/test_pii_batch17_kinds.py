"""Kinds of personal data (and of ordinary words) that batch 17 showed, as general classes."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from tests.anonymiser.pieces import hidden, redacted, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # Vehicle registrations: in capitals anywhere, in lower case after a vehicle cue.
        ("a silver ford KX19 PLM waits outside school every day", "KX19 PLM"),
        ("his car reg is bd70 ftr", "bd70 ftr"),
        # A sort code after "sort" alone, as bank details are jotted down.
        ("for the money: sort 11-42-93 acc 5510 2231", "11-42-93"),
        # A day and a month as ordinals, with a year.
        ("born the 3rd of the 11th 2009", "3rd of the 11th 2009"),
        ("dob 22nd of the 6th 2008 pls", "22nd of the 6th 2008"),
        # Welsh names of hospitals, councils, surgeries, centres and houses put the kind first.
        ("i had my scan at ysbyty maelor last week", "ysbyty maelor"),
        ("the letter was from Cyngor Sir Ddinbych about my flat", "Cyngor Sir Ddinbych"),
        ("my gp is at meddygfa'r bont in llan", "bont"),
        ("dance club at canolfan hamdden llanelli is good", "canolfan hamdden llanelli"),
        ("placement: tŷ hafan, since april", "tŷ hafan"),
        ("when i moved out of ty coed i cried", "ty coed"),
        ("i go to prifysgol aberystwyth in sept", "prifysgol aberystwyth"),
        # A place before a station, a youth or family centre.
        ("pick me up at hull train station", "hull train station"),
        ("we do art at rotherham youth centre", "rotherham youth centre"),
        # A message passed to someone names them, even a name that is a word.
        ("please pass a msg to autumn at the unit", "autumn"),
        # The surname after a name the writer gives as theirs.
        ("my name is kit trevanion and im 13", "kit trevanion"),
    ],
)
def test_found(pii: Anonymiser, text: str, piece: str) -> None:
    assert hidden(pii, text, piece), redacted(pii, text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # A saint's day is a holiday, not the school of that saint.
        ("we have a party for st andrew's day", "andrew"),
        ("wearing green on saint patrick's day", "patrick"),
        # A form group: a school year then the form's name.
        ("year: 9 form: 9 glyndwr", "glyndwr"),
        ("my tutor group is 8 tudor", "tudor"),
        # A named storm in lower-case chat.
        ("storm ashley knocked our fence down", "ashley"),
        # Family words from Filipino, Nepali, Tamil, Arabic and Chinese families.
        ("i stay with my tito at weekends", "tito"),
        ("her paati makes the best food", "paati"),
        ("my teta came from lebanon to visit", "teta"),
        ("my nainai only speaks mandarin", "nainai"),
        # Everyday Welsh and clipped banking words.
        ("sori dwi ddim yn gwybod", "ddim"),
        ("the name on the acct is wrong", "acct"),
        # A thing sent from someone opening a message.
        ("postcard from my brother x", "postcard"),
        ("voicenote from my cousin lol", "voicenote"),
    ],
)
def test_kept(pii: Anonymiser, text: str, word: str) -> None:
    assert not touched(pii, text, word), redacted(pii, text)


def test_a_person_called_storm_is_still_a_name(pii: Anonymiser) -> None:
    assert hidden(pii, "me and storm went to town", "storm")


def test_a_saints_school_is_still_redacted(pii: Anonymiser) -> None:
    assert hidden(pii, "i go to st andrew's school in leeds", "st andrew's")


def test_a_name_after_ask_for_is_not_a_family_word(pii: Anonymiser) -> None:
    assert hidden(pii, "ring the office and ask for dai", "dai")
