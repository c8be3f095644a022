"""Folding spellings together, the register lexicon, and the labelled-data file format."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymiser.themes import CorpusError, Taxonomy, read_labelled
from anonymiser.themes.corpus import TRAINING_PATH
from anonymiser.themes.sentiment import SentimentLexicon
from anonymiser.themes.wording import fold


@pytest.fixture(scope="module")
def lexicon() -> SentimentLexicon:
    return SentimentLexicon()


def test_fold_makes_variants_of_a_sentence_equal() -> None:
    assert fold("I DON'T like it!!!") == fold("i dont like it!!") == "i dont like it!!"
    assert fold("soooo good😊") == "soo good 😊"
    assert fold("[NAME_1] came to [SCHOOL]") == "someone came to school"
    assert fold("call [PHONE]") == "call xphone"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("the trip was sick", "positive"),
        ("i feel sick every morning", "negative"),
        ("sick of being moved", "negative"),
        ("school is bare long", "negative"),
        ("i waited a long time but it was worth it", "positive"),
        ("my pa is sound", "positive"),
        ("gassed about my new flat", "positive"),
        ("the contact centre wasn't bad", "positive"),
        ("my carer is lovely but the house is grim", "mixed"),
        ("when is my review", "neutral"),
    ],
)
def test_register_lexicon_reads_young_peoples_words(lexicon: SentimentLexicon, text: str, label: str) -> None:
    assert lexicon.read(text).label == label


def test_unknown_theme_code_in_training_data_names_file_and_line(tmp_path: Path, taxonomy: Taxonomy) -> None:
    path = tmp_path / "extra.tsv"
    path.write_text("themes\tsentiment\ttext\nSW\tnegative\tok\nSW,BUSES\tnegative\tx\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"extra\.tsv:3: theme code\(s\) BUSES"):
        read_labelled(path, taxonomy)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("SW\tangry\ttext", "sentiment 'angry'"),
        ("SW\tnegative", "expected 3 tab-separated fields"),
        ("SW,EDU,HEALTH,MONEY\tnegative\ttext", "0-3 different theme codes"),
        ("SW\tnegative\t  ", "empty text"),
    ],
)
def test_malformed_training_lines_are_refused(
    tmp_path: Path, taxonomy: Taxonomy, line: str, problem: str
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(f"themes\tsentiment\ttext\n{line}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=problem):
        read_labelled(path, taxonomy)


def test_shipped_training_data_has_forty_examples_per_theme(taxonomy: Taxonomy) -> None:
    examples = read_labelled(TRAINING_PATH, taxonomy)
    for code in taxonomy.codes:
        assert sum(code in ex.themes for ex in examples) >= 40, code
    assert {ex.sentiment for ex in examples} == {"positive", "negative", "mixed", "neutral"}
