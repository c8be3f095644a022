"""Redaction: typed, consistent placeholders that never collide with what was typed."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymiser import Anonymiser, Entity, Span, redact
from anonymiser.redaction import PLACEHOLDER_RE
from anonymiser.spans import resolve_overlaps


def test_same_person_same_placeholder_and_different_people_numbered() -> None:
    text = "karen said jaz and karen were late"
    spans = [Span(0, 5, Entity.PERSON), Span(11, 14, Entity.PERSON), Span(19, 24, Entity.PERSON)]
    assert redact(text, spans).text == "[NAME_1] said [NAME_2] and [NAME_1] were late"


def test_full_name_and_first_name_are_one_person() -> None:
    text = "karen smith came and karen left"
    spans = [Span(0, 11, Entity.PERSON), Span(21, 26, Entity.PERSON)]
    assert redact(text, spans).text == "[NAME_1] came and [NAME_1] left"


def test_numbering_is_per_kind_and_contacts_are_unnumbered() -> None:
    text = "leeds school 07700900123 x@y.com leeds"
    spans = [
        Span(0, 5, Entity.PLACE),
        Span(6, 12, Entity.SCHOOL),
        Span(13, 24, Entity.PHONE),
        Span(25, 32, Entity.EMAIL),
        Span(33, 38, Entity.PLACE),
    ]
    out = redact(text, spans).text
    assert out == "[PLACE_1] [SCHOOL_1] [PHONE] [EMAIL] [PLACE_1]"


def test_typed_placeholder_cannot_be_mistaken_for_a_real_one(pii: Anonymiser) -> None:
    text = "[NAME_1] is what i call karen"
    out = pii.anonymise(text).text
    assert PLACEHOLDER_RE.findall(out) == ["[NAME_1]"]
    assert out.startswith("(NAME_1)")
    assert out.endswith("[NAME_1]")


def test_possessive_keeps_the_same_number() -> None:
    text = "karen's mum and karen"
    spans = [Span(0, 7, Entity.PERSON), Span(16, 21, Entity.PERSON)]
    assert redact(text, spans).text == "[NAME_1] mum and [NAME_1]"


def test_overlaps_are_merged_into_one_span_of_the_best_kind() -> None:
    spans = [Span(0, 10, Entity.ADDRESS, 0.9, "a"), Span(5, 14, Entity.PLACE, 0.8, "b")]
    merged = resolve_overlaps(spans)
    assert merged == [Span(0, 14, Entity.ADDRESS, 0.9, "a")]
    assert resolve_overlaps(reversed(spans)) == merged


def test_span_outside_text_is_refused() -> None:
    with pytest.raises(ValueError, match="characters"):
        redact("short", [Span(2, 9, Entity.PERSON)])


def test_bad_span_is_refused() -> None:
    with pytest.raises(ValueError):
        Span(5, 5, Entity.PERSON)


_TEXT = st.text(alphabet=st.sampled_from("abcdeKLM 017[]_.'\n"), max_size=40)


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(st.text(alphabet=st.sampled_from("abcdeKLM 017[]_.'\n"), min_size=1, max_size=40))
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(Span(start, end, draw(st.sampled_from(list(Entity)))))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_redaction_keeps_everything_else_and_replaces_every_span(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    redaction = redact(text, spans)
    resolved = resolve_overlaps(spans)
    # Offsets are exact: rebuilding from the original text and the placeholders gives the output.
    rebuilt, cursor = [], 0
    for r in redaction.replacements:
        rebuilt.append(text[cursor : r.span.start].replace("[", "(").replace("]", ")"))
        rebuilt.append(r.placeholder)
        cursor = r.span.end
    rebuilt.append(text[cursor:].replace("[", "(").replace("]", ")"))
    assert redaction.text == "".join(rebuilt)
    assert list(redaction.spans) == resolved
    # Every [..] in the output is a placeholder we put there, one per redacted span.
    assert len(PLACEHOLDER_RE.findall(redaction.text)) == len(resolved)
    assert "[" not in PLACEHOLDER_RE.sub("", redaction.text)


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_redacted_text_never_contains_a_span_found_only_inside_spans(case: tuple[str, list[Span]]) -> None:
    # A span's text may legitimately survive if the young person also typed it
    # somewhere that was not redacted; otherwise it must be gone.
    text, spans = case
    redaction = redact(text, spans)
    kept = [m for m in re.split(r"\x00+", _mask(text, redaction.spans))]
    for span in redaction.spans:
        secret = text[span.start : span.end]
        if secret.strip() and not any(secret in part for part in kept):
            visible = PLACEHOLDER_RE.sub("\x00", redaction.text)
            translated = secret.replace("[", "(").replace("]", ")")
            assert translated not in visible


def _mask(text: str, spans: tuple[Span, ...]) -> str:
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = "\x00" * (span.end - span.start)
    return "".join(chars)
