"""The linear theme model: repeatable training, a faithful save and load, and honest data splits."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from anonymiser.themes import Taxonomy, ThemeTagger
from anonymiser.themes.corpus import REAL_WORDS_PATH
from anonymiser.themes.features import Vocabulary, stem, terms
from anonymiser.themes.linear_model import (
    DEFAULT_CONCEPTS_PATH,
    LinearSettings,
    LinearThemeModel,
    WeightedText,
    train_linear,
)
from anonymiser.themes.patterns import load_patterns
from anonymiser.themes.sources import (
    CorrectedText,
    correction_examples,
    is_held_out,
    real_examples,
    written_examples,
)
from anonymiser.themes.wording import fold

QUICK = LinearSettings(steps=30, folds=2)
PROBES = ["my sw never calls", "it was hard at first but my PA really helped", "ok", ""]


def _train(taxonomy: Taxonomy, examples: list[WeightedText]) -> LinearThemeModel:
    model, _ = train_linear(
        examples, taxonomy.codes, load_patterns(), load_patterns(DEFAULT_CONCEPTS_PATH), QUICK
    )
    return model


def test_same_data_gives_the_same_model(taxonomy: Taxonomy) -> None:
    examples = written_examples(taxonomy)[::10] + real_examples(taxonomy)[::5]
    first, second = _train(taxonomy, examples), _train(taxonomy, examples)
    assert np.array_equal(first.themes.weights, second.themes.weights)
    assert first.thresholds == second.thresholds
    assert first.score_many(PROBES[:3]) == second.score_many(PROBES[:3])


def test_a_saved_model_tags_as_it_did_before_saving(taxonomy: Taxonomy, tmp_path: Path) -> None:
    model = _train(taxonomy, written_examples(taxonomy)[::8])
    model.save(tmp_path, {"examples": 0})
    loaded = ThemeTagger.load(tmp_path, taxonomy=taxonomy)
    direct = ThemeTagger(None, taxonomy, load_patterns(), linear=model, decision=loaded.decision)
    assert loaded.tag_many(PROBES) == direct.tag_many(PROBES)
    assert json.loads((tmp_path / "heard-themes.json").read_text())["kind"] == "linear"


def test_the_real_words_test_pages_are_never_learnt_from(taxonomy: Taxonomy) -> None:
    rows = [json.loads(line) for line in REAL_WORDS_PATH.read_text().splitlines() if line]
    test_pages = {row["url"] for row in rows if row["split"] == "test"}
    learnt = real_examples(taxonomy, "train")
    assert learnt and not {ex.group.removeprefix("page:") for ex in learnt} & test_pages
    assert all(row["source_title"] and row["url"].startswith("http") for row in rows)


def test_held_out_corrections_are_never_learnt_and_always_the_same() -> None:
    corrections = [CorrectedText(f"issue:{n}", f"text {n}", ("SW",)) for n in range(200)]
    held = [c.key for c in corrections if is_held_out(c)]
    assert 20 <= len(held) <= 60
    learnt = {ex.group for ex in correction_examples(corrections)}
    assert not learnt & {f"correction:{key}" for key in held}
    assert all(ex.sentiment is None for ex in correction_examples(corrections))


def test_words_share_weight_across_endings_and_long_texts_count_once() -> None:
    assert stem("moving") == stem("moved") == "mov"
    assert "p:<cou" in terms("counselling")
    vocabulary = Vocabulary.learn([fold("i moved again"), fold("moving again"), "again"])
    short, long = vocabulary.encode(["moved again", " ".join(["moved again"] * 20)]).dot(
        np.eye(len(vocabulary.names))
    )
    assert np.allclose(np.linalg.norm(short), 1.0) and np.allclose(short, long)
