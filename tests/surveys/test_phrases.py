"""The built-in button words: a catalogue per language, each with every button and the same placeholders."""

from __future__ import annotations

import string

import pytest

from surveys.phrases import PHRASE_KEYS, built_in_phrase, phrase_catalogue, phrase_languages


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_welsh_have_built_in_buttons() -> None:
    assert {"en", "cy"} <= set(phrase_languages())
    assert set(phrase_catalogue("en")) == set(PHRASE_KEYS)


@pytest.mark.parametrize("language", phrase_languages())
def test_every_language_has_every_button_with_the_same_placeholders(language: str) -> None:
    english, other = phrase_catalogue("en"), phrase_catalogue(language)
    assert sorted(set(PHRASE_KEYS) - set(other)) == []
    assert {k: _fields(v) for k, v in other.items()} == {k: _fields(v) for k, v in english.items()}


def test_a_language_without_a_catalogue_has_no_built_in_words() -> None:
    assert built_in_phrase("cy-GB", "skip") == phrase_catalogue("cy")["skip"]
    assert built_in_phrase("fr", "skip") is None
