"""Kinds of error first seen on the seventh and eighth blind batches, with invented examples.

Each rule is general (a shape of text, never a listed test text), and each comes with the
wording that must stay: film and song titles, named storms, brands and shops, times, family
and role words in Welsh and South Asian languages, chat words.
"""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from anonymiser.lexicon import load_lexicon
from anonymiser.spans import Entity, Span
from anonymiser.widening import SpanWidening
from tests.anonymiser.pieces import hidden, redacted, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # a name before who the person is, in brackets
        ("Will (my key worker) is off sick again", "Will"),
        # a name given after a label: "surname is", "name:", Welsh "enw:"
        ("my surname is Baker and the school spelt it wrong", "Baker"),
        ("enw: Brynach, blwyddyn 8", "Brynach"),
        # a family by its plural surname, when the surname is also a town abroad
        ("placed with the Jacksons since june", "the Jacksons"),
        # another spelling after "not"
        ("keeps spelling it wrong its Blessing not Blesing", "Blesing"),
        # a National Insurance number typed one character at a time, a residence permit number
        ("my ni is j k 1 2 3 4 5 6 b i think", "j k 1 2 3 4 5 6 b"),
        ("it says TK4455667 on mine", "TK4455667"),
        # a day before a month in Welsh or Polish, with no year
        ("my appointment is 4 rhagfyr in the morning", "4 rhagfyr"),
        ("przyjechałam 7 lutego z mama", "7 lutego"),
        # a name spelt out letter by letter
        ("its t.e.g.a.n btw can u ring me", "t.e.g.a.n"),
        # a named house after "home", the place alone after "complain about"
        ("my new home the beeches is quiet", "the beeches"),
        ("i want to complain about Ash Lodge staff", "Ash Lodge"),
        # hard negatives the other way: what the keeps below must not swallow
        ("i have to watch Jade tonight cos mum is out", "Jade"),
        ("i watched Jade Smith yesterday at her match", "Jade Smith"),
        ("me and Storm went to town", "Storm"),
        ("Summer said she would come", "Summer"),
        ("we spent the day in Leeds", "Leeds"),
    ],
)
def test_new_kinds_are_redacted(pii: Anonymiser, text: str, piece: str) -> None:
    assert hidden(pii, text, piece), (text, redacted(pii, text))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # films, shows and songs
        ("we watched Frozen and Moana on movie night", "Moana"),
        ("cant wait to watch Love Island tonight", "Love Island"),
        ("that Elsa song is stuck in my head", "Elsa"),
        ("Cars 2 or Coco for film night?", "Coco"),
        # named storms
        ("the fence came down in storm Ciara last year", "Ciara"),
        # brands and shops where money is spent
        ("can i get my clothes money as Matalan vouchers", "Matalan"),
        ("can i spend my grant at Habitat or Wilko", "Wilko"),
        # times after "since", "till", seasons after a weak cue
        ("been awake since dawn cos of the noise", "dawn"),
        ("not been to school since april but i want to go back", "april"),
        ("cant wait for summer cos of the holidays", "summer"),
        # a house with "a" before it is no named house
        ("he lives in a difrent house now", "difrent"),
        # chat words and words of school and money
        ("my resit is in june and the bursary comes monday", "resit"),
        ("my resit is in june and the bursary comes monday", "bursary"),
        ("my other fone got nicked yday", "fone"),
        ("im doin my level 2 at college", "doin"),
        ("a letter from yous would help", "yous"),
        ("i work nites at the warehouse and my addy changed", "addy"),
        # family and role words in Welsh and South Asian languages; everyday Welsh
        ("i stay with my nain and taid at weekends", "nain"),
        ("my chacha and chachi came round", "chachi"),
        ("my gweithiwr cymdeithasol said yes", "cymdeithasol"),
        ("dw i'n byw efo nain rwan", "efo"),
        ("dw i'n mynd i'r coleg dydd mercher", "dydd mercher"),
        # a dotted everyday word is no name; the verb before a named home is no part of it
        ("send it a.s.a.p please", "a.s.a.p"),
        ("i want to complain about Ash Lodge staff", "complain"),
    ],
)
def test_everyday_wording_stays(pii: Anonymiser, text: str, word: str) -> None:
    assert not touched(pii, text, word), (text, redacted(pii, text))


def test_a_name_span_takes_the_rest_of_a_hyphenated_name() -> None:
    widening = SpanWidening(load_lexicon())
    text = "Tia-Lou said no"
    start = text.index("Lou")
    spans = widening.apply(text, [Span(start, start + 3, Entity.PERSON)])
    assert [text[s.start : s.end] for s in spans] == ["Tia-Lou"]
    # places are not stretched over a hyphen: "ex-Leeds" keeps "ex"
    text = "an ex-Leeds lad"
    start = text.index("Leeds")
    spans = widening.apply(text, [Span(start, start + 5, Entity.PLACE)])
    assert [text[s.start : s.end] for s in spans] == ["Leeds"]
