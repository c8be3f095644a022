"""Kinds of personal data first missed on the fifth and sixth blind batches, with invented examples.

Each rule is general (a shape of text, never a listed test text); each comes with the
everyday wording that must stay.
"""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from tests.anonymiser.pieces import hidden, redacted


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # dates in words and partial dates
        ("my birthday is the second of the fourth", "the second of the fourth"),
        ("dob the 9th of the 12th thanks", "the 9th of the 12th"),
        ("born seventh of feburary two thousand six", "seventh of feburary two thousand six"),
        ("born 1385 and they put a different year on my papers", "1385"),
        ("my uncle says 1379 in the iranian calendar is my year", "1379"),
        ("data nasterii 14 octombrie 2008", "14 octombrie 2008"),
        ("urodzony 3 marca 2007 w Krakowie", "3 marca 2007"),
        ("nací el 12 de mayo de 2006", "12 de mayo de 2006"),
        ("symud ar 3ydd Hydref", "3ydd Hydref"),
        ("the review moved to Tuesday 9 September", "Tuesday 9 September"),
        ("i turn 17 on the 19th and nobody has said owt", "the 19th"),
        ("my bday is the 4th", "the 4th"),
        ("my asylum interview is 23/10 in Liverpool", "23/10"),
        # names after a self-introduction, for names that are also words
        ("hi this is may i need a form", "may"),
        ("sorry for the spam. its joy my number is 07700 900456", "joy"),
        ("ok. its kit from Derby, can you help", "kit"),
        # O' and Mc surnames
        ("hiya im hope o'donnell from the unit", "hope o'donnell"),
        ("my mate river mckenzie said it was fine", "river mckenzie"),
        # relatives and carers named with a title
        ("i go to Uncle Femi at weekends", "Uncle Femi"),
        ("my carer Aunty Jo is strict", "Aunty Jo"),
        ("i was placed with the Kowalski family last year", "the Kowalski family"),
        ("foster family the Pembertons are nice", "the Pembertons"),
        ("my carers Steve and Ann Hollingsworth want to adopt", "Ann Hollingsworth"),
        # rooms as parts of an address
        ("send it to Room 6, Elm Tree Hostel, Leeds", "Room 6"),
        ("i live in Maple Halls room C210 on campus", "room C210"),
        ("my address is 9 Heol y Bont, Bala", "9 Heol y Bont"),
        # organisations by their kind
        ("i was with Horizon Foster Care for 3 years", "Horizon Foster Care"),
        ("Kinship Care Associates pay my allowance", "Kinship Care Associates"),
        ("placement at Wyvern Residential Unit ends soon", "Wyvern Residential Unit"),
        ("my placement is at Queen's Medical Centre in the spring", "Queen's Medical Centre"),
        ("i got into king alfred and i start in september", "king alfred"),
        # handles on other apps
        ("add me on wechat qz_8841", "qz_8841"),
    ],
)
def test_new_kinds_are_redacted(pii: Anonymiser, text: str, piece: str) -> None:
    assert hidden(pii, text, piece), (text, redacted(pii, text))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("see you on the 14th", "14th"),
        ("i got 8/10 on my maths test", "8/10"),
        ("my interview was 7/10 tbh", "7/10"),
        ("this is will be the last time", "will"),
        ("i know its free from the council", "free"),
        ("what does it mean? sorry im dyslexic and forms are hard", "dyslexic"),
        ("see you at 3 o'clock", "o'clock"),
        ("i had maths in room 5 today", "room 5"),
        ("i was in long term foster care", "foster care"),
        ("Foster care is hard sometimes", "Foster"),
        ("i want a queen size bed", "queen"),
        ("sut mae, hope you are ok", "mae"),
        ("hej, how are you", "hej"),
        ("does the leaving care grant go up", "grant"),
        ("the care leaver bursary was late", "bursary"),
        ("my YOT worker is ok", "YOT"),
        ("what is an SGO", "SGO"),
        ("can i get EMA and UC at the same time", "EMA"),
        ("my GCSE mock is on thursday", "GCSE"),
        ("ill dm you after xmas", "xmas"),
    ],
)
def test_everyday_wording_stays(pii: Anonymiser, text: str, word: str) -> None:
    start = text.index(word)
    assert not any(s.start < start + len(word) and start < s.end for s in pii.detect(text)), (
        text,
        redacted(pii, text),
    )
