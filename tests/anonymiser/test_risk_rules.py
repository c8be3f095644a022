"""The rule book: shipped rules load, every rule earns its place, and bad rule files fail early."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymiser.risk import RiskDetector, load_rule_book
from anonymiser.risk.context import Reading
from anonymiser.risk.matching import SCAN_FROM, Starts, Words
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.openings import needs, openings
from anonymiser.risk.rules import WHOLE_TEXT_CUES, default_data_dir
from bench.risk.scoring import load_split


def test_every_category_has_rules() -> None:
    from anonymiser.risk import Category

    book = load_rule_book()
    covered = {c for rule in book.rules for c in rule.categories}
    assert covered == set(Category)


def test_every_rule_fires_on_some_dev_text() -> None:
    """A rule no labelled text needs is untested; write an example for it in the dev split."""
    book = load_rule_book()
    normaliser = Normaliser(book.replacements, book.vocabulary)
    texts = [normaliser.normalise(e.text).text for e in load_split("dev")]
    idle = [r.id for r in book.rules if not any(r.regex.search(t) for t in texts)]
    assert idle == []


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_data_dir(), target)
    return target


def _write_rule(folder: Path, body: str) -> None:
    (folder / "patterns" / "extra.yaml").write_text(body, encoding="utf-8")


def test_a_council_can_add_a_rule(rules_copy: Path) -> None:
    _write_rule(
        rules_copy,
        "category: criminal_exploitation\nrules:\n"
        '  - id: local.estate_name\n    level: urgent\n    pattern: "working the zed block"\n',
    )
    detector = RiskDetector(data_dir=rules_copy)
    assert detector.assess("im working the zed block again").level == "urgent"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("category: nonsense\nrules: []\n", "unknown category"),
        (
            'category: abuse\nrules:\n  - id: x.bad\n    pattern: "(unclosed"\n',
            "bad pattern",
        ),
        (
            'category: abuse\nrules:\n  - id: x.macro\n    pattern: "%nobody_knows%"\n',
            "unknown macro",
        ),
        (
            'category: abuse\nrules:\n  - id: x.level\n    level: none\n    pattern: "a"\n',
            "concern or urgent",
        ),
        (
            'category: abuse\nrules:\n  - id: abuse.topic\n    pattern: "abuse"\n',
            "duplicate rule ids",
        ),
        (
            'category: abuse\nrules:\n  - id: x.typo\n    patern: "a"\n',
            "unknown keys",
        ),
        (
            'category: abuse\nrules:\n  - id: x.scope\n    pattern: "a"\n'
            '    with: ["b"]\n    within: paragraph\n',
            "within is",
        ),
        (
            'category: abuse\nrules:\n  - id: x.twice\n    pattern: "a"\n    level: concern\n'
            "    level: urgent\n",
            "given twice",
        ),
    ],
)
def test_bad_rule_files_fail_early_and_say_where(rules_copy: Path, body: str, message: str) -> None:
    _write_rule(rules_copy, body)
    with pytest.raises(ValueError, match=message):
        load_rule_book(rules_copy)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("kill(?:ing)? myself", ("kill$", "killi")),  # "kill" as a whole word, or "killi…"
        ("suicide|overdose", ("overd", "suici")),
        ("(?:i|we) ran away", ("i$", "we$")),  # never tried at "is", "it" or "went"
        ("(?:the )?staff", ("staff$", "the$")),
        ("(?:ab)+c", ("ab",)),
        ("(?:^|(?<=, ))so sad", ("so$",)),
        ("kills?", ("kill$", "kills$")),
        (" me", None),
        ("(?:x)?(?: y)", None),
        ("[a-z]+ me", None),
        ("\\d+ pills", None),
    ],
)
def test_openings_are_conservative(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert openings(pattern) == expected


_BOOK = load_rule_book()
_WORDS = sorted(_BOOK.vocabulary | {"i", "me", "my", "a", "the", "and", "not", "😂", ".", ","})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25))
def test_skipping_by_opening_never_loses_a_match(words: list[str]) -> None:
    plain = " ".join(words)
    detector = _detector()
    scanned = {(r.id, m.span()) for r in _BOOK.rules for m in r.regex.finditer(plain)}
    indexed = {(r.id, m.span()) for r, m in detector._index.matches(plain)}
    assert indexed == scanned


def _detector() -> RiskDetector:
    from anonymiser.risk import default_detector

    return default_detector()


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?:kill|hurt)s? myself", ((" myself",), ("hurt", "kill"))),
        ("took (?:\\d+|loads of) pills", ((" pills",), ("took ",))),
        ("(?:cut|cutting)(?: myself)?", (("cut",),)),  # the optional part is needed by no match
        ("my (?:ex|mum)", (("my ",),)),  # "ex" is too short to sift anything
        ("a+b", ()),
        ("[a-z]+ pills", ((" pills",),)),
    ],
)
def test_needs_names_only_what_every_match_contains(
    pattern: str, expected: tuple[tuple[str, ...], ...]
) -> None:
    assert needs(pattern) == expected


def test_a_rule_that_starts_with_a_whole_word_is_not_tried_at_longer_words() -> None:
    rule = next(r for r in _BOOK.rules if r.openings and "i$" in r.openings)
    words = Words("it is in his ice")
    assert Starts(rule.openings or ()).allows("i")
    assert not any(Starts(rule.openings or ()).allows(w) for w in words.starts)


def _long_texts() -> list[str]:
    """Dev texts joined into messages longer than ``SCAN_FROM``, the way a long message runs on."""
    book = load_rule_book()
    normaliser = Normaliser(book.replacements, book.vocabulary)
    plain = [normaliser.normalise(e.text).text for e in load_split("dev")]
    joined = [" ".join(plain[i : i + 12]) for i in range(0, len(plain), 12)]
    return [text for text in joined if len(text) >= SCAN_FROM]


def test_long_texts_get_the_same_rule_concept_and_cue_matches_as_scanning_everything() -> None:
    detector = RiskDetector()
    book = load_rule_book()
    texts = _long_texts()
    assert len(texts) > 100
    concepts = book.concepts
    assert concepts is not None
    assert set(book.scanners) == set(WHOLE_TEXT_CUES)  # every cue read over the whole text is sped up
    for plain in texts:
        words = Reading(plain, book.cues).words
        scanned = {(r.id, m.span()) for r in book.rules for m in r.regex.finditer(plain)}
        assert {(r.id, m.span()) for r, m in detector._index.matches(words)} == scanned
        scanned = {(c.id, m.span()) for c in concepts.concepts for m in c.regex.finditer(plain)}
        assert {(c.id, m.span()) for c, m in concepts.index.matches(words)} == scanned
        for name, scanner in book.scanners.items():
            fast = [m.span() for m in scanner.finditer(words)]
            assert fast == [m.span() for m in getattr(book.cues, name).finditer(plain)], name


def test_skipping_rules_by_opening_finds_the_same_matches_as_scanning_everything() -> None:
    detector = RiskDetector()
    book = load_rule_book()
    normaliser = Normaliser(book.replacements, book.vocabulary)
    for example in load_split("dev"):
        plain = normaliser.normalise(example.text).text
        scanned = {(r.id, m.span()) for r in book.rules for m in r.regex.finditer(plain)}
        indexed = {(r.id, m.span()) for r, m in detector._index.matches(plain)}
        assert indexed == scanned, example.text
