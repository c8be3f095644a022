"""Disguised numbers and spoken email addresses: rewritten plainly, found, and mapped back whole."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser, Label
from anonymiser.disguise import unmask
from anonymiser.spans import Entity, Span


@pytest.mark.parametrize(
    ("text", "disguised", "plain"),
    [
        (
            "ring oh seven seven double oh nine oh oh four five six pls",
            "oh seven seven double oh nine oh oh four five six",
            "07700900456",
        ),
        ("txt me o77oo 9oo l23", "o77oo 9oo l23", "07700900123"),
        (
            "its zero seven nine, triple one, two three four five",
            "zero seven nine, triple one, two three four five",
            "0791112345",
        ),
        ("nino is q q one two three four five six c", "q q one two three four five six c", "qq123456c"),
        (
            "text oh seven eight double two, six hundred, four one nine",
            "oh seven eight double two, six hundred, four one nine",
            "07822600419",
        ),
        ("mail kay dot b 07 at outlook dot com", "kay dot b 07 at outlook dot com", "kay.b07@outlook.com"),
        (
            "email lulu_x (at) live (dot) co (dot) uk",
            "lulu_x (at) live (dot) co (dot) uk",
            "lulu_x@live.co.uk",
        ),
    ],
)
def test_unmask_rewrites_the_disguised_stretch_only(text: str, disguised: str, plain: str) -> None:
    unmasked = unmask(text)
    assert unmasked.changed
    start = text.index(disguised)
    assert unmasked.text == text[:start] + plain + text[start + len(disguised) :]
    new_start, new_end, old_start, old_end = unmasked.pieces[0]
    assert (old_start, old_end) == (start, start + len(disguised))
    assert unmasked.text[new_start:new_end] == plain


def test_offsets_map_back_over_the_whole_stretch_and_around_it() -> None:
    text = "hi its me, ring oh seven seven oh oh nine oh oh one two three after 6"
    unmasked = unmask(text)
    digits = unmasked.text.index("07700900123")
    found = unmasked.to_original(Span(digits + 2, digits + 5, Entity.PHONE))
    assert text[found.start : found.end] == "oh seven seven oh oh nine oh oh one two three"
    after = unmasked.text.index("after")
    mapped = unmasked.to_original(Span(after, after + 5, Entity.DATE))
    assert text[mapped.start : mapped.end] == "after"
    before = unmasked.to_original(Span(0, 2, Entity.PERSON))
    assert (before.start, before.end) == (0, 2)


@pytest.mark.parametrize(
    "text",
    [
        "one or two of them",
        "nine nine nine is for emergencies",
        "i was at school at 9 and home at 4",
        "room 101 on floor 2",
        "look at gmail",
        "we had two, three, four goes",
        "oh no oh no",
        "i got one hundred quid off my nan",
        "we walked two thousand steps",
    ],
)
def test_ordinary_numbers_and_words_are_left_alone(text: str) -> None:
    assert not unmask(text).changed


@pytest.mark.parametrize(
    ("text", "disguised", "label"),
    [
        (
            "pls ring oh seven seven double oh nine double oh one two three",
            "oh seven seven double oh nine double oh one two three",
            Label.CONTACT,
        ),
        ("my new num o7700 9oo 8l2", "o7700 9oo 8l2", Label.CONTACT),
        (
            "email me jazz dot k 2009 at gmail dot com cheers",
            "jazz dot k 2009 at gmail dot com",
            Label.CONTACT,
        ),
        (
            "nhs number nine four three, four seven six, five nine one nine",
            "nine four three, four seven six, five nine one nine",
            Label.ID,
        ),
        ("ni is a b one two three four five six c", "a b one two three four five six c", Label.ID),
    ],
)
def test_the_anonymiser_redacts_disguised_details_whole(
    pii: Anonymiser, text: str, disguised: str, label: Label
) -> None:
    redaction = pii.anonymise(text)
    start = text.index(disguised)
    spans = [s for s in redaction.spans if s.start <= start and s.end >= start + len(disguised)]
    assert spans and spans[0].label is label, [(text[s.start : s.end], s.label) for s in redaction.spans]
