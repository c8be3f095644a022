"""Training is reproducible: same data and seed, same model; a different seed, a different one."""

from __future__ import annotations

from anonymiser.themes import Taxonomy
from anonymiser.themes.corpus import TRAINING_PATH, read_labelled
from anonymiser.themes.training import TrainingSettings, train
from anonymiser.themes.wording import fold

PROBES = ["my sw never calls", "miss my brother", "flat has mould", "school is long", "ok"]


def _scores(taxonomy: Taxonomy, seed: int) -> list[dict[str, float]]:
    examples = read_labelled(TRAINING_PATH, taxonomy)[::12]
    nlp = train(examples, taxonomy, TrainingSettings(seed=seed, epochs=2))
    return [doc.cats for doc in nlp.pipe(fold(text) for text in PROBES)]


def test_same_seed_gives_identical_scores(taxonomy: Taxonomy) -> None:
    first, second = _scores(taxonomy, 11), _scores(taxonomy, 11)
    assert first == second


def test_different_seed_gives_different_scores(taxonomy: Taxonomy) -> None:
    assert _scores(taxonomy, 11) != _scores(taxonomy, 12)


def test_progress_is_reported_once_per_epoch(taxonomy: Taxonomy) -> None:
    lines: list[str] = []
    train(
        read_labelled(TRAINING_PATH, taxonomy)[:20],
        taxonomy,
        TrainingSettings(epochs=3),
        progress=lines.append,
    )
    assert [line.split()[1] for line in lines] == ["1/3", "2/3", "3/3"]
