"""Choose the theme model by five-fold cross-validation on the training data only.

Run from the repository root: ``.venv/bin/python bench/themes/crossval.py``.
The written chat lines and the ``train`` split of the real quotes are cut
into five folds (a page's quotes always in one fold, so a page is never on
both sides); each fold is held out in turn, a model is trained on the rest
exactly as ``heard themes train`` does, and the real quotes held out are
scored. The ``test`` split is never read. Prints micro-F1, macro-F1 and
sentiment accuracy on the held-out real ``train`` quotes (and on the written
lines held out) for each variant asked for.

``--vectors DIR`` adds a variant that also reads the average of static word
vectors (a spaCy ``vocab`` directory holding ``vectors`` and ``key2row``),
scaled by each ``--scale`` given, as extra columns for both classifiers.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from anonymiser.themes import linear_model, load_taxonomy  # noqa: E402
from anonymiser.themes.evaluation import Scorecard, score  # noqa: E402
from anonymiser.themes.linear_model import (  # noqa: E402
    DEFAULT_CONCEPTS_PATH,
    LinearSettings,
    WeightedText,
    fold_of,
    train_linear,
)
from anonymiser.themes.patterns import load_patterns  # noqa: E402
from anonymiser.themes.sources import real_examples, written_examples  # noqa: E402
from anonymiser.themes.taxonomy import SENTIMENT_LABELS  # noqa: E402
from anonymiser.themes.wording import fold  # noqa: E402

FOLDS = 5
_WORD = re.compile(r"[a-z]+")


class StaticVectors:
    """Average static word vectors of a text, looked up by word (no parse), unit length."""

    def __init__(self, directory: Path) -> None:
        from spacy.strings import hash_string
        from spacy.vectors import Vectors

        table = Vectors()
        table.from_disk(directory)
        self._hash = hash_string
        self._rows = table.key2row
        self._data = np.asarray(table.data, dtype=np.float32)

    def mean(self, text: str) -> np.ndarray:
        rows = [self._rows.get(self._hash(w)) for w in _WORD.findall(fold(text))]
        found = [r for r in rows if r is not None]
        if not found:
            return np.zeros(self._data.shape[1], dtype=np.float32)
        average = self._data[found].mean(axis=0)
        norm = float(np.linalg.norm(average))
        return average / norm if norm else average


def _with_vectors(vectors: StaticVectors, scale: float) -> Callable[[], None]:
    """Patch the model's extra columns to carry the scaled mean vector; return an undo."""
    themes_before = linear_model.theme_cues
    mood_before = linear_model.sentiment_cues

    def theme_cues(patterns, concepts, codes, folded):  # type: ignore[no-untyped-def]
        rows = themes_before(patterns, concepts, codes, folded)
        return [row + list(scale * vectors.mean(t)) for row, t in zip(rows, folded, strict=True)]

    def sentiment_cues(lexicon, text):  # type: ignore[no-untyped-def]
        return mood_before(lexicon, text) + list(scale * vectors.mean(text))

    linear_model.theme_cues = theme_cues  # type: ignore[assignment]
    linear_model.sentiment_cues = sentiment_cues  # type: ignore[assignment]

    def undo() -> None:
        linear_model.theme_cues = themes_before  # type: ignore[assignment]
        linear_model.sentiment_cues = mood_before  # type: ignore[assignment]

    return undo


def crossvalidate(examples: Sequence[WeightedText], codes: Sequence[str]) -> tuple[Scorecard, Scorecard]:
    """Return the scorecards of the held-out real quotes and the held-out written lines."""
    patterns, concepts = load_patterns(), load_patterns(DEFAULT_CONCEPTS_PATH)
    folds = [fold_of("outer:" + (ex.group or ex.text), FOLDS) for ex in examples]
    predicted: dict[int, tuple[tuple[str, ...], str]] = {}
    for k in range(FOLDS):
        train = [ex for ex, f in zip(examples, folds, strict=True) if f != k]
        held = [i for i, f in enumerate(folds) if f == k]
        model, _ = train_linear(train, codes, patterns, concepts, LinearSettings())
        scores = model.score_many([examples[i].text for i in held])
        for i, s in zip(held, scores, strict=True):
            themes = linear_model.choose(
                np.array([s.themes[c] for c in codes]), codes, model.thresholds, model.fallback
            )
            predicted[i] = (themes, max(SENTIMENT_LABELS, key=lambda label: s.sentiment[label]))
    cards = []
    for real in (True, False):
        at = [i for i, ex in enumerate(examples) if ex.group.startswith("page:") == real]
        cards.append(
            score(
                codes,
                [examples[i].themes for i in at],
                [predicted[i][0] for i in at],
                [examples[i].sentiment or "neutral" for i in at],
                [predicted[i][1] for i in at],
            )
        )
    return cards[0], cards[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=Path, help="a spaCy vocab directory with static vectors")
    parser.add_argument("--scale", type=float, action="append", help="vector column scale (repeatable)")
    parser.add_argument("--no-plain", action="store_true", help="skip the shipped features alone")
    parser.add_argument("--real-weight", type=float, help="what a real quote counts (default: as shipped)")
    args = parser.parse_args()
    taxonomy = load_taxonomy()
    real_quotes = real_examples(taxonomy, "train")
    if args.real_weight is not None:
        real_quotes = [replace(ex, weight=args.real_weight) for ex in real_quotes]
    examples = written_examples(taxonomy) + real_quotes
    real = sum(ex.group.startswith("page:") for ex in examples)
    pages = len({ex.group for ex in examples if ex.group.startswith("page:")})
    weight = real_quotes[0].weight if real_quotes else 0.0
    print(
        f"{len(examples)} examples: {len(examples) - real} written lines, "
        f"{real} real quotes on {pages} pages, each real quote counting {weight:g}"
    )
    print(
        "| variant | real micro-F1 | real macro-F1 | real sentiment | written micro-F1 | written sentiment |"
    )
    print("|---|---|---|---|---|---|")
    variants: list[tuple[str, Callable[[], Callable[[], None] | None]]] = []
    if not args.no_plain:
        variants.append(("shipped features", lambda: None))
    if args.vectors:
        vectors = StaticVectors(args.vectors)
        for scale in args.scale or [1.0]:
            variants.append((f"+ mean word vectors × {scale:g}", lambda s=scale: _with_vectors(vectors, s)))
    for name, setup in variants:
        start = time.perf_counter()
        undo = setup()
        try:
            real_card, written_card = crossvalidate(examples, taxonomy.codes)
        finally:
            if undo is not None:
                undo()
        print(
            f"| {name} | {real_card.micro_f1:.3f} | {real_card.macro_f1:.3f} | "
            f"{real_card.sentiment_accuracy:.3f} | {written_card.micro_f1:.3f} | "
            f"{written_card.sentiment_accuracy:.3f} |  ({time.perf_counter() - start:.0f} s)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
