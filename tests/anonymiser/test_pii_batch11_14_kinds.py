"""Kinds of personal data (and of ordinary words) that batches 11 to 14 showed, as general classes."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from tests.anonymiser.pieces import hidden, redacted, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("my sisters at rainbow lodge in scunthorpe", "rainbow lodge"),  # lodge after any specific word
        ("i stay the willows in rotherham", "the willows"),  # a house name after "stay"
        ("i left the manor in bradford when i turned 18", "the manor"),
        ("my CRN is FIN-3349-2218", "FIN-3349-2218"),
        ("funding code is 5012 8834 119", "5012 8834 119"),
        ("dob oh four oh six oh eight", "oh four oh six oh eight"),
        ("my dob 23 0 3 0 9 dont judge", "23 0 3 0 9"),
        ("i box for east ham eagles abc on tuesdays", "eagles abc"),
        ("my snapchat got hacked it was lil_kez_2007 now its kez.official", "lil_kez_2007"),
        ("my snapchat got hacked it was lil_kez_2007 now its kez.official", "kez.official"),
        ("my tag is on fortnite and azad is azadgamer99", "azadgamer99"),
        ("my pa is hannah and my iro is paddy, both lovely", "paddy"),  # a role said to be someone
        ("leila is my friend, her pa is tom", "tom"),
        ("mehmet my keyworker at haven house in tottenham says hi", "haven house"),  # named after "at"
        ("my case number is CN 772 901 can u check", "CN 772 901"),
    ],
)
def test_found(pii: Anonymiser, text: str, piece: str) -> None:
    assert hidden(pii, text, piece), redacted(pii, text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("cant sleep. hope tmrw is better", "tmrw"),
        ("wer do i go for the hostel", "wer"),
        ("the hv is coming on monday", "hv"),
        ("i speak Dari and Pashto", "Dari"),
        ("does the Home Office give a BRP still or is it all eVisa now", "eVisa"),
        ("can i use Klarna if im on UC", "Klarna"),
        ("do i pay April to March or what", "March"),
        ("its ramadan and the placement keeps making lunch for me", "ramadan"),
        ("my xbox gamertag is ShadowKing2K9", "gamertag"),
        ("add me on snap at 10.30 tonight", "10.30"),
        ("we went up to the hunting lodge on the school trip", "hunting"),
        ("may is when my exams start so can we not do the meeting then", "may"),
        ("its august and i still havent got my setting up home allowance", "august"),
        ("my sw is nice", "nice"),
        ("my home office uci is on the letter", "uci"),
        # A shouted message is read in lower case: its capitals do not make names.
        ("THE CONTACT CENTRE IS RUBBISH AND NOBODY EVER RINGS BACK", "CONTACT"),
        ("THE CONTACT CENTRE IS RUBBISH AND NOBODY EVER RINGS BACK", "RUBBISH"),
    ],
)
def test_kept(pii: Anonymiser, text: str, word: str) -> None:
    assert not touched(pii, text, word), redacted(pii, text)


def test_a_shouted_message_still_loses_its_names_and_places(pii: Anonymiser) -> None:
    text = "MY SOCIAL WORKER IS CALLED SANDRA AND I LIVE IN BOLTON"
    assert hidden(pii, text, "SANDRA") and hidden(pii, text, "BOLTON"), redacted(pii, text)
