"""Benchmark the theme tagger and sentiment on the held-out split, against a keyword baseline.

Run from the repository root: ``.venv/bin/python bench/themes/run.py``. Prints
micro/macro F1, per-theme precision and recall, sentiment accuracy and texts
per second on one core for both systems, and exits 1 when a target is missed.

The baseline is what a council could do with no model: tag every theme whose
phrase list matches (Heard's own high-precision phrases, first three in
taxonomy order) and read sentiment with plain VADER (no register lexicon).
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

from anonymiser.themes import ThemeTagger, load_taxonomy, read_labelled  # noqa: E402
from anonymiser.themes.corpus import HELDOUT_PATH, LabelledText, read_real_words  # noqa: E402
from anonymiser.themes.evaluation import Scorecard, score  # noqa: E402
from anonymiser.themes.patterns import load_patterns  # noqa: E402
from anonymiser.themes.wording import fold  # noqa: E402

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


def measure(predict: Predict, examples: Sequence[LabelledText], codes: Sequence[str],
            repeats: int) -> tuple[Scorecard, float]:
    """Return the scorecard and the best texts/second over ``repeats`` timed passes."""
    texts = [ex.text for ex in examples]
    predictions = predict(texts)
    card = score(codes, [ex.themes for ex in examples], [p[0] for p in predictions],
                 [ex.sentiment for ex in examples], [p[1] for p in predictions])
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        predict(texts)
        best = max(best, len(texts) / (time.perf_counter() - start))
    return card, best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed passes (best is kept)")
    parser.add_argument(
        "--split",
        choices=["heldout", "real-test", "real-all"],
        default="real-test",
        help="heldout: the written held-out split; real-test: cited real quotes never trained on "
        "(default); real-all: every cited real quote (for a first look only)",
    )
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    taxonomy = load_taxonomy()
    if args.split == "heldout":
        examples = read_labelled(HELDOUT_PATH, taxonomy)
    else:
        examples = read_real_words(taxonomy, "test" if args.split == "real-test" else None)
    start = time.perf_counter()
    tagger = ThemeTagger.load(taxonomy=taxonomy)
    load_seconds = time.perf_counter() - start
    systems = {
        "keyword baseline": measure(keyword_baseline(taxonomy.codes), examples, taxonomy.codes,
                                    args.repeats),
        "Heard tagger": measure(tagger_predictor(tagger), examples, taxonomy.codes,
                                args.repeats),
    }
    print(f"# Themes and sentiment — {date.today().isoformat()}, {os.cpu_count()} cores "
          f"({_cpu_model()}), pinned to one core; split {args.split}: {len(examples)} texts; "
          f"tagger load {load_seconds:.1f} s")
    print()
    print("| system | micro-F1 | macro-F1 | sentiment accuracy | texts/s (1 core) |")
    print("|---|---|---|---|---|")
    for name, (card, speed) in systems.items():
        print(f"| {name} | {card.micro_f1:.3f} | {card.macro_f1:.3f} | "
              f"{card.sentiment_accuracy:.3f} | {speed:,.0f} |")
    print()
    print("| theme | support | baseline P | baseline R | tagger P | tagger R | tagger F1 |")
    print("|---|---|---|---|---|---|---|")
    base, ours = systems["keyword baseline"][0], systems["Heard tagger"][0]
    for b, t in zip(base.themes, ours.themes, strict=True):
        support = t.true_positives + t.false_negatives
        print(f"| {t.code} | {support} | {b.precision:.2f} | {b.recall:.2f} | "
              f"{t.precision:.2f} | {t.recall:.2f} | {t.f1:.2f} |")
    card, speed = systems["Heard tagger"]
    got = {"micro-F1": card.micro_f1, "macro-F1": card.macro_f1,
           "sentiment accuracy": card.sentiment_accuracy, "texts/s": speed}
    missed = [name for name, target in TARGETS.items() if got[name] < target]
    print()
    print("targets: " + ", ".join(f"{n} ≥ {t:g}" for n, t in TARGETS.items())
          + (f" — MISSED: {', '.join(missed)}" if missed else " — all met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
