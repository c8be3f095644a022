"""The shipped tagger: its output shape, redacted input, taxonomy checks and held-out quality."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from anonymiser.themes import ModelMismatchError, Taxonomy, ThemeTagger, load_taxonomy
from anonymiser.themes.corpus import HELDOUT_PATH, TRAINING_PATH, read_labelled
from anonymiser.themes.evaluation import score
from anonymiser.themes.taxonomy import DEFAULT_TAXONOMY_PATH, SENTIMENT_LABELS


def test_tagging_is_ordered_by_score_and_at_most_three(tagger: ThemeTagger) -> None:
    text = (
        "my sw changed again, i got moved to a new placement miles away from my sister "
        "and now i have to change school and my money is late"
    )
    tagging = tagger.tag(text)
    assert 1 <= len(tagging.themes) <= 3
    scores = [tagging.scores[code] for code in tagging.themes]
    assert scores == sorted(scores, reverse=True)
    # Each theme has its own threshold: an untagged theme is under its own, or the three
    # tagged ones all score higher.
    for code, value in tagging.scores.items():
        if code not in tagging.themes:
            assert value < tagger.decision.threshold_of(code) or (
                len(tagging.themes) == 3 and value <= min(scores)
            )
    assert set(tagging.scores) == set(tagger.taxonomy.codes)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("[NAME_1] my social worker never rings back", "SW"),
        ("they moved me to [PLACE_1], 3rd move this year", "PLACE"),
        ("been on the camhs waiting list forever", "HEALTH"),
        ("sofa surfing at [NAME_2]s since my tenancy ended", "HOUSE"),
        ("[SCHOOL] excluded me again", "EDU"),
    ],
)
def test_redacted_text_is_tagged(tagger: ThemeTagger, text: str, theme: str) -> None:
    assert theme in tagger.tag(text).themes


def test_batch_matches_single_texts(tagger: ThemeTagger) -> None:
    texts = ["i miss my mum", "", "universal credit got sanctioned 😡", "?"]
    assert tagger.tag_many(texts) == [tagger.tag(text) for text in texts]
    assert tagger.tag("").themes == ()


def test_sentiment_is_always_one_of_four(tagger: ThemeTagger) -> None:
    for text in ("", "ok", "best carers ever ❤️", "hate it here", "nice flat but lonely"):
        assert tagger.tag(text).sentiment in SENTIMENT_LABELS


def test_taxonomy_without_a_trained_theme_is_refused(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_TAXONOMY_PATH.read_text())
    data["themes"] = [t for t in data["themes"] if t["code"] != "IDENT"]
    path = tmp_path / "smaller.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelMismatchError, match=r"smaller\.json: model themes missing .*IDENT"):
        ThemeTagger.load(taxonomy=load_taxonomy(path))


def test_missing_model_directory_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="heard themes train"):
        ThemeTagger.load(tmp_path)


def test_heldout_quality_holds(tagger: ThemeTagger, taxonomy: Taxonomy) -> None:
    examples = read_labelled(HELDOUT_PATH, taxonomy)
    tagged = tagger.tag_many(ex.text for ex in examples)
    card = score(
        taxonomy.codes,
        [ex.themes for ex in examples],
        [t.themes for t in tagged],
        [ex.sentiment for ex in examples],
        [t.sentiment for t in tagged],
    )
    assert card.micro_f1 >= 0.75
    assert card.macro_f1 >= 0.65
    assert card.sentiment_accuracy >= 0.75


def test_heldout_texts_are_never_trained_on(taxonomy: Taxonomy) -> None:
    def key(text: str) -> str:
        return " ".join(text.lower().split())

    trained = {key(ex.text) for ex in read_labelled(TRAINING_PATH, taxonomy)}
    heldout = [key(ex.text) for ex in read_labelled(HELDOUT_PATH, taxonomy)]
    assert not trained.intersection(heldout)
    assert len(heldout) >= 0.19 * (len(trained) + len(heldout))


def test_decision_threshold_changes_what_is_tagged(tagger: ThemeTagger) -> None:
    strict = tagger.with_decision(
        dataclasses.replace(tagger.decision, threshold=1.01, fallback=1.01, per_theme={})
    )
    assert strict.tag("my social worker is great").themes == ()
