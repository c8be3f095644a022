"""Found spans reach the end of what they name: whole words, organisation endings, places after a name."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from anonymiser.lexicon import load_lexicon
from anonymiser.spans import Entity, Span
from anonymiser.widening import SpanWidening


@pytest.fixture(scope="module")
def widening() -> SpanWidening:
    return SpanWidening(load_lexicon(), ("rangers", "royal infirmary", "food bank"))


def _widened(widening: SpanWidening, text: str, part: str, entity: Entity) -> list[tuple[str, Entity]]:
    start = text.index(part)
    spans = widening.apply(text, [Span(start, start + len(part), entity)])
    return [(text[s.start : s.end], s.entity) for s in spans]


def test_a_span_cut_inside_a_word_covers_the_whole_word(widening: SpanWidening) -> None:
    assert _widened(widening, "ask jordanna", "jordan", Entity.PERSON) == [("jordanna", Entity.PERSON)]
    assert _widened(widening, "x07700900123", "07700900123", Entity.PHONE) == [("x07700900123", Entity.PHONE)]


def test_a_possessive_s_may_stay_outside(widening: SpanWidening) -> None:
    assert _widened(widening, "at kyles house", "kyle", Entity.PERSON) == [("kyle", Entity.PERSON)]


def test_an_organisation_ending_turns_a_place_into_an_organisation(widening: SpanWidening) -> None:
    text = "i play for hoyland rangers and go to doncaster royal infirmary"
    assert _widened(widening, text, "hoyland", Entity.PLACE) == [("hoyland rangers", Entity.ORG)]
    assert _widened(widening, text, "doncaster", Entity.PLACE) == [("doncaster royal infirmary", Entity.ORG)]
    # A person is not an organisation: "dave rangers" stays as found.
    assert _widened(widening, "dave rangers", "dave", Entity.PERSON) == [("dave", Entity.PERSON)]


def test_a_place_after_an_organisation_joins_it(widening: SpanWidening) -> None:
    text = "i go to outwood academy adwick"
    assert _widened(widening, text, "outwood academy", Entity.SCHOOL) == [
        ("outwood academy adwick", Entity.SCHOOL)
    ]
    kept = "i go to outwood academy now"
    assert _widened(widening, kept, "outwood academy", Entity.SCHOOL) == [("outwood academy", Entity.SCHOOL)]


def test_bad_widening_configuration_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        SpanWidening.from_config(load_lexicon(), {"endings": ["fc"]})
    with pytest.raises(ValueError, match="list of words"):
        SpanWidening.from_config(load_lexicon(), {"org_endings": [True]})


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("i train at nova boxing gym", "nova", "train"),
        ("i live in ashgrove house children's home", "ashgrove", "children's home"),
        ("its a flat run by compass group", "compass group", "flat"),
        ("i grew up on the lowfield estate", "lowfield estate", "grew up"),
        ("the new lad kieran is nice", "kieran", "the new lad"),
        ("me and will are going out", "will", "going out"),
    ],
)
def test_the_whole_name_is_hidden(pii: Anonymiser, text: str, hidden: str, kept: str) -> None:
    redacted = pii.anonymise(text).text
    assert hidden not in redacted and kept in redacted, redacted


@pytest.mark.parametrize(
    "text",
    [
        "my mate said the staff are nice",
        "my upn is on the form",
        "i go to the youth club",
        "i live on the new estate",
        "the hostel is for young people",
        "i will ring them",
    ],
)
def test_everyday_words_stay(pii: Anonymiser, text: str) -> None:
    assert pii.anonymise(text).text == text


@pytest.mark.parametrize(
    ("text", "found", "address"),
    [
        ("my address: 41 dock st, hull, hu1 3ap thanks", "41 dock st", "41 dock st, hull, hu1 3ap"),
        (
            "i live at 14 birchfield rd walsall ws2 8qt now",
            "14 birchfield rd",
            "14 birchfield rd walsall ws2 8qt",
        ),
        (
            "sent to 083 254 Damvergi Street, Nicosia",
            "254 Damvergi Street",
            "083 254 Damvergi Street, Nicosia",
        ),
        ("she lives at flat 3, 27 leonards rd with me", "flat 3, 27 leonards rd", "flat 3, 27 leonards rd"),
    ],
)
def test_an_address_runs_on_until_an_everyday_word(
    widening: SpanWidening, text: str, found: str, address: str
) -> None:
    assert _widened(widening, text, found, Entity.ADDRESS) == [(address, Entity.ADDRESS)]


def test_a_postal_code_after_a_place_but_not_a_year(widening: SpanWidening) -> None:
    assert _widened(widening, "Echt, Netherlands 88800", "Netherlands", Entity.PLACE) == [
        ("Netherlands 88800", Entity.PLACE)
    ]
    assert _widened(widening, "in leeds 2019", "leeds", Entity.PLACE) == [("leeds", Entity.PLACE)]


def test_another_spelling_of_a_name_joins_it(widening: SpanWidening) -> None:
    text = "merhawit or mehrawit both is me, not monzo or chase"
    assert _widened(widening, text, "merhawit", Entity.PERSON) == [
        ("merhawit", Entity.PERSON),
        ("mehrawit", Entity.PERSON),
    ]
    assert _widened(widening, text, "chase", Entity.PERSON) == [("chase", Entity.PERSON)]
