"""Kinds of error first seen on the ninth blind batch, with invented examples.

Each rule is general (a shape of text, never a listed test text), and each comes with the
wording that must stay: times, clause endings, kinds of place, Welsh, Patois and Polish chat.
"""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from tests.anonymiser.pieces import hidden, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # a name-word introducing the writer, then their age
        ("hello im storm im 10 and i like drawing", "storm"),
        ("hiya its sky, i'm 12 and i need help", "sky"),
        # a name signing the message off: after "ta," or "thanks,", or before a kiss
        ("can someone ring me back about the flat. thanks, kit", "kit"),
        ("ill be at the office at 3. Jay xx", "Jay"),
        # a name before where the person is: next door, on reception
        ("sam next door keeps banging on the wall", "sam"),
        ("Pete on reception said i cant have visitors", "Pete"),
        # Welsh "<name> ydy fy ffrind gorau" ("<name> is my best friend")
        ("Gethin ydy fy ffrind gorau yn yr ysgol", "Gethin"),
        # a National Insurance number with dots between its characters, after a cue
        ("my ni no is r.t.4.4.5.5.6.6.c for the form", "r.t.4.4.5.5.6.6.c"),
        # the shape of a GB driving licence number
        ("licence number MORGA753116SM9IJ came in the post", "MORGA753116SM9IJ"),
        ("licence no LEE99 802125 J99AB", "LEE99 802125 J99AB"),
        # a gamer tag after a console, a handle named again after its link
        ("add me on ps5 Quiet_Wolf88 tonight", "Quiet_Wolf88"),
        ("i go by mo.sounds, my tunes are all on linktr.ee/mo.sounds", "mo.sounds"),
        # an employer named with capitals after a job cue, then its town
        ("i got a new job at Halvers in Ripon from monday", "Halvers"),
        # a provider named with capitals before "Housing", mid-sentence
        ("im living with Bright Start Housing now and its ok", "Bright Start Housing"),
        # "university of <place>" at the start of a sentence
        ("i need a letter. university of york want it by friday", "university of york"),
    ],
)
def test_batch9_kinds_are_redacted(pii: Anonymiser, text: str, piece: str) -> None:
    assert hidden(pii, text, piece), (text, piece)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a word after "im" that describes, not names
        ("hi im tired im 9 hours into this shift", "tired"),
        # a closing word before a kiss is no name
        ("thanks for today. Night x", "Night"),
        ("ok see you tomorrow. Love xx", "Love"),
        # a word in the middle of a message with a comma before it
        ("ta, kit is in the bag now", "bag"),
        # a time after "last" or "next", a clause ending before "and i"
        ("i couldnt sleep last night cos of the noise", "night"),
        ("it finishes soon and i dont know what to do", "soon"),
        # a speech verb after "miss" (the teacher)
        ("we did a test and miss said i passed", "said"),
        # a kind of place after "the", a verb before "college"
        ("the vicar from the church came round", "church"),
        ("i have college tomorrow so i cant", "college"),
        # a flat followed by a time is no address
        ("ive been in the flat 3 months now", "flat 3"),
        # a name of a body never crosses a sentence: "housing" here is the housing officer
        ("my flat in Leeds has mould. housing officer never came", "mould"),
        # kinds of housing, and a life lesson
        ("i want council housing not a hostel", "council housing"),
        ("the university of life innit", "university of life"),
        # an everyday word of Welsh, Patois or Polish before a name or in a sentence
        ("dw i'n hoffi y gath", "hoffi"),
        ("wah gwan, mi cyaan come today", "gwan"),
        ("my bday is soon", "bday"),
        ("my driving licence came today", "licence"),
        ("ga i siarad efo rhywun yn y tîm gadael gofal?", "tîm gadael gofal"),
        ("i need more hours for my DofE silver", "DofE"),
        # a handle with no dot, digit or underscore is not looked for again elsewhere
        ("my snap is kitkat btw i love a kitkat", "love"),
    ],
)
def test_batch9_must_stay(pii: Anonymiser, text: str, word: str) -> None:
    assert not touched(pii, text, word), text


def test_polish_i_am_stays_outside_the_name(pii: Anonymiser) -> None:
    text = "jestem Tomek and i need help with my flat"
    assert hidden(pii, text, "Tomek")
    assert not touched(pii, text, "jestem")


def test_chain_without_town_stays(pii: Anonymiser) -> None:
    # A job at a chain with no town after it keeps the chain (by design).
    text = "i got a job at Tesco finally"
    assert not touched(pii, text, "Tesco")
