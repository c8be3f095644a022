"""The message catalogues: every language complete, placeholders alike, helplines spelt in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.conversation.catalogue import (
    BASE,
    EASY_READ,
    catalogue,
    catalogue_dir,
    locales,
    placeholders,
    say_in,
)

ROOT = Path(__file__).resolve().parents[3]


def test_english_easy_read_and_welsh_are_installed() -> None:
    assert locales()[0] == BASE
    assert {BASE, EASY_READ, "cy"} <= set(locales())


@pytest.mark.parametrize("locale", [name for name in locales() if name != BASE])
def test_every_catalogue_has_exactly_the_english_keys(locale: str) -> None:
    english, other = set(catalogue(BASE)), set(catalogue(locale))
    assert sorted(english - other) == [], f"{locale} lacks these messages"
    assert sorted(other - english) == [], f"{locale} has messages English does not"


@pytest.mark.parametrize("locale", [name for name in locales() if name != BASE])
def test_placeholders_are_the_same_in_every_language(locale: str) -> None:
    english = catalogue(BASE)
    differ = {
        key: (sorted(placeholders(english[key])), sorted(placeholders(text)))
        for key, text in catalogue(locale).items()
        if key in english and placeholders(text) != placeholders(english[key])
    }
    assert differ == {}


def test_a_missing_or_fuzzy_message_counts_as_missing(tmp_path: Path) -> None:
    """What the completeness test reads: an empty or fuzzy entry is not a translation."""
    po = tmp_path / "heard.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr ""\n\n#, fuzzy\nmsgid "c"\nmsgstr "C"\n',
        encoding="utf-8",
    )
    with po.open("rb") as handle:
        entries = {m.id: m for m in read_po(handle) if m.id}
    kept = {k for k, m in entries.items() if m.string and not m.fuzzy}
    assert kept == {"a"}


def test_every_message_formats_with_its_own_placeholders() -> None:
    for locale in locales():
        for key, text in catalogue(locale).items():
            values = dict.fromkeys(placeholders(text), "x")
            say_in(locale, key, **values)  # a stray brace or a bad field raises here


def test_the_welsh_catalogue_is_marked_for_review_by_a_fluent_speaker() -> None:
    header = (catalogue_dir() / "cy" / "LC_MESSAGES" / "heard.po").read_text(encoding="utf-8")[:400]
    assert "NEEDS REVIEW BY A FLUENT WELSH SPEAKER" in header


def test_the_catalogues_ship_in_the_package_data() -> None:
    """``pyproject.toml`` ships every file under the packages, so the .po files install with Heard."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"**/*"' in text and '"babel' in text


_NUMBERS = re.compile(r"0800\s?1111|116\s?123")
_HELPLINES = Path("bot/helplines.py")


def test_the_helpline_numbers_are_written_in_one_place_only() -> None:
    """Settings starts from ``bot/helplines.py``; everything that shows a number reads Settings."""
    found = []
    for package in ("bot", "feedback", "surveys", "anonymiser"):
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix not in (".py", ".html", ".po", ".js", ".yaml", ".txt"):
                continue
            relative = path.relative_to(ROOT)
            if relative == _HELPLINES or relative.parts[:2] == ("anonymiser", "data"):
                continue  # the anonymiser's allow list keeps helpline numbers unredacted on purpose
            if _NUMBERS.search(path.read_text(encoding="utf-8", errors="replace")):
                found.append(str(relative))
    assert sorted(set(found)) == []


def test_easy_read_is_short_sentences_and_common_words() -> None:
    """Easy read: no sentence over 15 words, and each longer message at a reading grade of 4.5 or under."""
    textstat = pytest.importorskip("textstat", reason="textstat (a dev dependency) checks reading age")
    long_sentences, hard = [], []
    for key, text in catalogue(EASY_READ).items():
        plain = re.sub(r"\{[^}]*\}", "it", text)
        for sentence in re.split(r"(?<=[.?!:])\s+|\n", plain):
            if len(sentence.split()) > 15:
                long_sentences.append((key, sentence))
        if len(plain) > 60 and textstat.flesch_kincaid_grade(plain) > 4.5:
            hard.append(key)
    assert long_sentences == [] and hard == []
