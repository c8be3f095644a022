"""The rule book: shipped rules load, every rule earns its place, and bad rule files fail early."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymiser.risk import RiskDetector, load_rule_book
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.openings import openings
from anonymiser.risk.rules import default_data_dir
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
    ],
)
def test_bad_rule_files_fail_early_and_say_where(rules_copy: Path, body: str, message: str) -> None:
    _write_rule(rules_copy, body)
    with pytest.raises(ValueError, match=message):
        load_rule_book(rules_copy)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("kill(?:ing)? myself", ("kill", "killi")),
        ("suicide|overdose", ("overd", "suici")),
        ("(?:i|we) ran away", ("i", "we")),
        ("(?:the )?staff", ("staff", "the")),
        ("(?:ab)+c", ("ab",)),
        ("(?:^|(?<=, ))so sad", ("so",)),
        (" me", None),
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


def test_skipping_rules_by_opening_finds_the_same_matches_as_scanning_everything() -> None:
    detector = RiskDetector()
    book = load_rule_book()
    normaliser = Normaliser(book.replacements, book.vocabulary)
    for example in load_split("dev"):
        plain = normaliser.normalise(example.text).text
        scanned = {(r.id, m.span()) for r in book.rules for m in r.regex.finditer(plain)}
        indexed = {(r.id, m.span()) for r, m in detector._index.matches(plain)}
        assert indexed == scanned, example.text
