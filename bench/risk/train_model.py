"""Build the risk detector's learnt safety net from the dev split (never from held-out).

Run from the repository root after changing ``bench/risk/data/dev.jsonl`` or the
rule book's word lists: ``.venv/bin/python bench/risk/train_model.py``. It
writes ``anonymiser/risk/data/learnt.json``; add ``--report`` to print the
cross-validated recall and false-alarm rates behind the chosen thresholds.

One logistic model per head (any risk, urgent, each category) over the same
features the detector computes, fitted together with numpy. Thresholds come
from five-fold cross-validation on dev, recall first: the ``risk`` and
``urgent`` thresholds are the highest that keep the out-of-fold recall at
``TARGET_RECALL``, unless that would flag more than ``FALSE_ALARM_CAP`` of
the dev texts that are no risk (then the cap decides).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from anonymiser.risk import Category, load_rule_book
from anonymiser.risk.learnt import HEADS_FIRST, feature_scale, text_features, windows
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.rules import default_data_dir
from bench.risk.scoring import DATA_DIR, Example, load_split

OUTPUT = default_data_dir() / "learnt.json"
HEADS = (*HEADS_FIRST, *(c.value for c in Category))
MIN_TEXTS = 2  # a feature in one dev text only is more likely noise than signal
L2 = 1e-4  # weight penalty; larger is smoother and less sure of itself
STEPS = 400
FOLDS = 5
# Recall wanted per head, and the most it may cost: the risk head may flag this share of dev
# texts that are no risk; the urgent head may lift this share of dev concerns to urgent.
TARGET_RECALL = {"risk": 0.95, "urgent": 0.90}
FALSE_ALARM_CAP = {"risk": 0.10, "urgent": 0.30}
CATEGORY_PRECISION = 0.5  # a category head must be at least this sure to be named beside another

Matrix = NDArray[np.float64]


def dev_fingerprint() -> str:
    """Return the SHA-256 of the dev split the model is built from."""
    return hashlib.sha256((DATA_DIR / "dev.jsonl").read_bytes()).hexdigest()


def _targets(examples: Sequence[Example]) -> Matrix:
    rows = []
    for e in examples:
        rows.append([e.level != "none", e.level == "urgent", *(c.value in e.categories for c in Category)])
    return np.asarray(rows, dtype=np.float64)


def _design(feature_sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> Matrix:
    x = np.zeros((len(feature_sets), len(vocabulary)))
    for row, features in enumerate(feature_sets):
        if features:
            scale = feature_scale(len(features))  # as the detector scales: all features count
            for f in features:
                column = vocabulary.get(f)
                if column is not None:
                    x[row, column] = scale
    return x


def _mask(y: Matrix) -> Matrix:
    """Return which texts teach which head: every text the risk head, risky texts the rest.

    The urgent and category heads only ever decide for a text already judged
    risky (by a rule or the risk head), so they learn "urgent or concern?" and
    "which kind of risk?", not "risk or not?".
    """
    mask = np.repeat(y[:, :1], y.shape[1], axis=1)
    mask[:, 0] = 1.0
    return mask


def fit(x: Matrix, y: Matrix) -> tuple[Matrix, Matrix]:
    """Return weights (features × heads) and biases fitted by full-batch Adam, classes balanced."""
    n, d = x.shape
    mask = _mask(y)
    positives = (y * mask).sum(axis=0).clip(1, None)
    negatives = ((1 - y) * mask).sum(axis=0).clip(1, None)
    sample_weight = np.where(y > 0, n / (2 * positives), n / (2 * negatives)) / n
    sample_weight = sample_weight * mask
    w = np.zeros((d, y.shape[1]))
    b = np.log(positives / negatives)
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        error = (p - y) * sample_weight
        grads = (x.T @ error + L2 * w, error.sum(axis=0))
        for i, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m, v = moments[2 * i], moments[2 * i + 1]
            m[...] = beta1 * m + (1 - beta1) * grad
            v[...] = beta2 * v + (1 - beta2) * grad**2
            m_hat = m / (1 - beta1**step)
            v_hat = v / (1 - beta2**step)
            param -= rate * m_hat / (np.sqrt(v_hat) + eps)
    return w, b


def _vocabulary(feature_sets: Sequence[frozenset[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for features in feature_sets:
        for f in features:
            counts[f] = counts.get(f, 0) + 1
    kept = sorted(f for f, c in counts.items() if c >= MIN_TEXTS)
    return {f: i for i, f in enumerate(kept)}


def out_of_fold(feature_sets: Sequence[frozenset[str]], y: Matrix) -> Matrix:
    """Return each dev text's logits from a model that did not see it (five folds, fixed order)."""
    n = len(feature_sets)
    order = np.random.default_rng(14).permutation(n)
    logits = np.zeros_like(y)
    for fold in range(FOLDS):
        test = order[fold::FOLDS]
        train = np.setdiff1d(order, test)
        vocabulary = _vocabulary([feature_sets[i] for i in train])
        w, b = fit(_design([feature_sets[i] for i in train], vocabulary), y[train])
        logits[test] = _design([feature_sets[i] for i in test], vocabulary) @ w + b
    return logits


def choose_threshold(
    logits: NDArray[np.float64], positive: NDArray[np.bool_], negative: NDArray[np.bool_], head: str
) -> float:
    """Return the highest threshold keeping recall at target, unless the negatives flagged pass the cap."""
    ranked = np.sort(logits[positive])[::-1]
    keep = int(np.ceil(TARGET_RECALL[head] * len(ranked)))
    for_recall = float(ranked[keep - 1]) - 1e-6
    others = np.sort(logits[negative])[::-1]
    allowed = int(np.floor(FALSE_ALARM_CAP[head] * len(others)))
    for_alarms = float(others[allowed]) if allowed < len(others) else -np.inf
    return max(for_recall, for_alarms)


def category_thresholds(logits: Matrix, y: Matrix) -> list[float]:
    """Return per category the lowest log-odds at which out-of-fold precision reaches the bar."""
    chosen = []
    for column in range(len(HEADS_FIRST), len(HEADS)):
        order = np.argsort(-logits[:, column])
        hits = np.cumsum(y[order, column])
        precision = hits / np.arange(1, len(order) + 1)
        good = np.nonzero(precision >= CATEGORY_PRECISION)[0]
        chosen.append(float(logits[order[good[-1]], column]) - 1e-6 if len(good) else 0.0)
    return chosen


def train(report: bool = False) -> dict[str, object]:
    """Return the learnt-model file content for the current dev split."""
    book = load_rule_book()
    normaliser = Normaliser(book.replacements, book.vocabulary)
    examples = load_split("dev")
    feature_sets = [text_features(_words(normaliser.normalise(e.text).text)) for e in examples]
    y = _targets(examples)
    oof = out_of_fold(feature_sets, y)
    none = y[:, 0] == 0
    urgent = y[:, 1] > 0
    thresholds = [
        choose_threshold(oof[:, 0], ~none, none, "risk"),
        choose_threshold(oof[:, 1], urgent, ~none & ~urgent, "urgent"),
    ]
    thresholds += category_thresholds(oof, y)
    if report:
        _report(oof, y, thresholds)
    vocabulary = _vocabulary(feature_sets)
    w, b = fit(_design(feature_sets, vocabulary), y)
    weights = {
        f: [round(float(v), 4) for v in w[i]] for f, i in vocabulary.items() if np.abs(w[i]).max() >= 5e-4
    }
    return {
        "about": "Learnt safety net for the risk detector; see anonymiser/risk/learnt.py.",
        "trained_on": "bench/risk/data/dev.jsonl",
        "dev_sha256": dev_fingerprint(),
        "texts": len(examples),
        "heads": list(HEADS),
        "bias": [round(float(v), 4) for v in b],
        "thresholds": {h: round(t, 4) for h, t in zip(HEADS, thresholds, strict=True)},
        "weights": weights,
    }


def _words(plain: str) -> list[str]:
    return windows(plain)[0]


def _report(oof: Matrix, y: Matrix, thresholds: Sequence[float]) -> None:
    none = y[:, 0] == 0
    urgent = y[:, 1] > 0
    risk = oof[:, 0] > thresholds[0]
    lift = oof[:, 1] > thresholds[1]
    print("out-of-fold on dev (model alone, no rules):")
    print(
        f"  risk: threshold {thresholds[0]:.2f}, recall {risk[~none].mean():.3f}, "
        f"flags {risk[none].mean():.3f} of none"
    )
    print(
        f"  urgent: threshold {thresholds[1]:.2f}, recall {lift[urgent].mean():.3f}, "
        f"lifts {lift[~none & ~urgent].mean():.3f} of concerns"
    )
    top = oof[:, len(HEADS_FIRST) :].argmax(axis=1)
    right = y[np.arange(len(y)), len(HEADS_FIRST) + top] > 0
    print(f"  strongest category is a gold one: {right[~none].mean():.3f} of risky texts")


def main(argv: list[str] | None = None) -> int:
    """Write the model file and say what it was built from."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print cross-validated rates")
    args = parser.parse_args(argv)
    content = train(report=args.report)
    OUTPUT.write_text(json.dumps(content, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    features = content["weights"]
    assert isinstance(features, dict)
    print(f"wrote {OUTPUT} from {content['texts']} dev texts, {len(features)} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
