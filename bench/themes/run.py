"""Benchmark theme tagging and sentiment: keyword baseline, the earlier tagger and today's, in one run.

Run from the repository root: ``.venv/bin/python bench/themes/run.py``. For
each split asked for (default: the real-words test split, then the written
held-out split) prints micro/macro F1, per-theme precision and recall,
sentiment accuracy and texts per second on one core for every system, and
exits 1 when Heard's tagger misses a target on the real-words test split.

The baseline is what a council could do with no model: tag every theme whose
phrase list matches (Heard's own high-precision phrases, first three in
taxonomy order) and read sentiment with plain VADER (no register lexicon).
The earlier tagger is the spaCy model shipped until issue 17, trained on the
written chat lines only; it is kept in ``bench/themes/spacy-model-2026-11``
so the comparison can be repeated. ``--previous DIR`` adds the Heard tagger
in use before the one being measured (the linear model trained on the first
165 real quotes is kept in ``bench/themes/linear-model-2026-12-05``).
"""

from __future__ import annotations

import os

# One core, as the target says; set before numpy and thinc load.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from anonymiser.themes import Taxonomy, ThemeTagger, load_taxonomy, read_labelled  # noqa: E402
from anonymiser.themes.corpus import HELDOUT_PATH, LabelledText, read_real_words  # noqa: E402
from anonymiser.themes.evaluation import Scorecard, score  # noqa: E402
from anonymiser.themes.patterns import load_patterns  # noqa: E402
from anonymiser.themes.wording import fold  # noqa: E402

EARLIER_MODEL_DIR = Path(__file__).resolve().parent / "spacy-model-2026-11"
TARGETS = {"micro-F1": 0.75, "macro-F1": 0.65, "sentiment accuracy": 0.75, "texts/s": 200.0}
Predict = Callable[[Sequence[str]], list[tuple[tuple[str, ...], str]]]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def keyword_baseline(codes: Sequence[str]) -> Predict:
    """Return a predictor using only the phrase lists and plain VADER."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    patterns = load_patterns().restricted_to(codes)
    vader = SentimentIntensityAnalyzer()

    def feeling(text: str) -> str:
        scores = vader.polarity_scores(text)
        if scores["pos"] >= 0.15 and scores["neg"] >= 0.15:
            return "mixed"
        if scores["compound"] >= 0.05:
            return "positive"
        if scores["compound"] <= -0.05:
            return "negative"
        return "neutral"

    def predict(texts: Sequence[str]) -> list[tuple[tuple[str, ...], str]]:
        out = []
        for text in texts:
            found = patterns.matches(fold(text))
            out.append((tuple(c for c in codes if c in found)[:3], feeling(text)))
        return out

    return predict


def tagger_predictor(tagger: ThemeTagger) -> Predict:
    """Return a predictor over the trained tagger."""

    def predict(texts: Sequence[str]) -> list[tuple[tuple[str, ...], str]]:
        return [(t.themes, t.sentiment) for t in tagger.tag_many(texts)]

    return predict


def measure(
    predict: Predict, examples: Sequence[LabelledText], codes: Sequence[str], repeats: int
) -> tuple[Scorecard, float]:
    """Return the scorecard and the best texts/second over ``repeats`` timed passes."""
    texts = [ex.text for ex in examples]
    predictions = predict(texts)
    card = score(
        codes,
        [ex.themes for ex in examples],
        [p[0] for p in predictions],
        [ex.sentiment for ex in examples],
        [p[1] for p in predictions],
    )
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        predict(texts)
        best = max(best, len(texts) / (time.perf_counter() - start))
    return card, best


def _examples(split: str, taxonomy: Taxonomy) -> list[LabelledText]:
    if split == "heldout":
        return read_labelled(HELDOUT_PATH, taxonomy)
    return read_real_words(taxonomy, "test" if split == "real-test" else None)


def _report(
    split: str, examples: Sequence[LabelledText], systems: dict[str, tuple[Scorecard, float]]
) -> None:
    print(f"## split {split}: {len(examples)} texts")
    print()
    print("| system | micro-F1 | macro-F1 | sentiment accuracy | texts/s (1 core) |")
    print("|---|---|---|---|---|")
    for name, (card, speed) in systems.items():
        print(
            f"| {name} | {card.micro_f1:.3f} | {card.macro_f1:.3f} | "
            f"{card.sentiment_accuracy:.3f} | {speed:,.0f} |"
        )
    print()
    names = list(systems)
    print(
        "| theme | support | "
        + " | ".join(f"{n} F1" for n in names)
        + " | "
        + f"{names[-1]} P | {names[-1]} R |"
    )
    print("|---|---|" + "---|" * (len(names) + 2))
    cards = [systems[n][0] for n in names]
    for index, theme in enumerate(cards[-1].themes):
        support = theme.true_positives + theme.false_negatives
        f1s = " | ".join(f"{card.themes[index].f1:.2f}" for card in cards)
        print(f"| {theme.code} | {support} | {f1s} | {theme.precision:.2f} | {theme.recall:.2f} |")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed passes (best is kept)")
    parser.add_argument(
        "--split",
        choices=["heldout", "real-test", "real-all"],
        action="append",
        help="real-test: cited real quotes never trained on; heldout: the written held-out "
        "split; real-all: every cited real quote, train split included (for a first look only). "
        "Repeat to run several; default: real-test and heldout",
    )
    parser.add_argument("--model", type=Path, help="Heard tagger model directory (default: shipped)")
    parser.add_argument(
        "--previous",
        type=Path,
        help="also score the Heard tagger in use before this one (a model directory), in the same run",
    )
    args = parser.parse_args()
    splits = args.split or ["real-test", "heldout"]
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    taxonomy = load_taxonomy()
    start = time.perf_counter()
    tagger = ThemeTagger.load(args.model, taxonomy=taxonomy)
    load_seconds = time.perf_counter() - start
    predictors = {
        "keyword baseline": keyword_baseline(taxonomy.codes),
        "earlier tagger (spaCy, written lines only)": tagger_predictor(
            ThemeTagger.load(EARLIER_MODEL_DIR, taxonomy=taxonomy)
        ),
    }
    if args.previous is not None:
        previous = ThemeTagger.load(args.previous, taxonomy=taxonomy)
        predictors["previous Heard tagger"] = tagger_predictor(previous)
    predictors["Heard tagger"] = tagger_predictor(tagger)
    print(
        f"# Themes and sentiment — {date.today().isoformat()}, {os.cpu_count()} cores "
        f"({_cpu_model()}), pinned to one core; Heard tagger load {load_seconds:.1f} s"
    )
    print()
    missed: list[str] = []
    for split in splits:
        examples = _examples(split, taxonomy)
        systems = {
            name: measure(predict, examples, taxonomy.codes, args.repeats)
            for name, predict in predictors.items()
        }
        _report(split, examples, systems)
        if split == "real-test":
            card, speed = systems["Heard tagger"]
            got = {
                "micro-F1": card.micro_f1,
                "macro-F1": card.macro_f1,
                "sentiment accuracy": card.sentiment_accuracy,
                "texts/s": speed,
            }
            missed = [name for name, target in TARGETS.items() if got[name] < target]
            print(
                "targets on real-test: "
                + ", ".join(f"{n} ≥ {t:g}" for n, t in TARGETS.items())
                + (f" — MISSED: {', '.join(missed)}" if missed else " — all met")
            )
            print()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
