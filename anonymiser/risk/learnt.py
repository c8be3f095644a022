"""The learnt safety net: a small linear model that lifts texts the rules under-rated, with categories.

Rules only catch phrasings someone foresaw. This model reads the words and word
pairs of a text (after the normaliser has mapped slang and misspellings) and
gives a score per head: ``risk`` (should a
person look at all), ``urgent`` (look now) and one per category. It is trained
on the dev split only (``bench/risk/train_model.py``), its thresholds chosen
by cross-validation on dev so that recall comes first.

It can only lift a verdict, never lower one, and never to urgent: the
detector uses it to turn a ``none`` into ``concern`` (so a person reads the
text) and, where its urgent head passes, to ask the young person "Are you safe
right now?" instead of guessing.
Scoring is dictionary look-ups over a few hundred features, well under a
millisecond for a chat message; no parse.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

_LETTER_RUNS = re.compile(r"[a-z]+")
WINDOW_WORDS = 30  # longer texts are also scored in overlapping windows of this many words
# Features are scaled by 1/sqrt(count), but never as if a text had fewer than this many, so a
# two-word answer ("good day") is not judged on a couple of loud letter groups.
FEATURE_FLOOR = 40
HEADS_FIRST = ("risk", "urgent")  # then one head per category


def text_features(words: Sequence[str]) -> frozenset[str]:
    """Return the features of a run of normal-form words: words and word pairs.

    No letter groups: a net that reads letter shapes fires on coincidences
    (a surname sharing four letters with a danger word). Slang and misspellings
    reach it through the normaliser's word lists instead.
    """
    found: set[str] = {"w:" + word for word in words}
    found.update(f"b:{a}_{b}" for a, b in pairwise(words))
    return frozenset(found)


def feature_scale(count: int) -> float:
    """Return the value each present feature carries in a text with ``count`` features."""
    return 1.0 / math.sqrt(max(count, FEATURE_FLOOR))


def windows(plain: str) -> list[list[str]]:
    """Return the word runs a text is scored on: the whole text, and windows when it is long.

    A long message with one alarming sentence would otherwise be diluted by the
    ordinary words around it.
    """
    words = _LETTER_RUNS.findall(plain)
    runs = [words]
    if len(words) > WINDOW_WORDS:
        step = WINDOW_WORDS // 2
        runs.extend(words[i : i + WINDOW_WORDS] for i in range(0, len(words) - step, step))
    return runs


@dataclass(frozen=True)
class Scores:
    """Log-odds per head for one text, and the heads that passed their thresholds."""

    logits: Mapping[str, float]
    passed: frozenset[str]

    @property
    def sure_categories(self) -> tuple[str, ...]:
        """Return the category heads that passed their thresholds."""
        return tuple(h for h in self.logits if h not in HEADS_FIRST and h in self.passed)

    @property
    def categories(self) -> tuple[str, ...]:
        """Return the category heads that passed, or else the single strongest category."""
        named = self.sure_categories
        if named:
            return named
        others = {h: v for h, v in self.logits.items() if h not in HEADS_FIRST}
        return (max(others, key=others.__getitem__),) if others else ()


@dataclass(frozen=True)
class LearntModel:
    """Linear weights per feature and head, with a bias and a threshold per head (all log-odds)."""

    heads: tuple[str, ...]
    bias: tuple[float, ...]
    thresholds: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    def threshold(self, head: str) -> float:
        """Return the log-odds above which ``head`` passes."""
        return self.thresholds[self.heads.index(head)]

    def score(self, plain: str) -> Scores:
        """Return the highest log-odds per head over the text and its windows."""
        best = [-math.inf] * len(self.heads)
        for run in windows(plain):
            features = text_features(run)
            scale = feature_scale(len(features))
            totals = list(self.bias)
            for feature in features:
                row = self.weights.get(feature)
                if row is not None:
                    for i, w in enumerate(row):
                        totals[i] += w * scale
            best = [max(b, t) for b, t in zip(best, totals, strict=True)]
        logits = dict(zip(self.heads, best, strict=True))
        passed = frozenset(h for h, v, t in zip(self.heads, best, self.thresholds, strict=True) if v > t)
        return Scores(logits, passed)


def load_learnt_model(path: Path) -> LearntModel | None:
    """Return the model stored at ``path``, or None when there is no such file."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        heads = tuple(str(h) for h in data["heads"])
        model = LearntModel(
            heads=heads,
            bias=tuple(float(b) for b in data["bias"]),
            thresholds=tuple(float(data["thresholds"][h]) for h in heads),
            weights={str(k): tuple(float(w) for w in v) for k, v in data["weights"].items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path.name}: not a learnt-model file ({exc})") from exc
    if heads[:2] != HEADS_FIRST or len(model.bias) != len(heads):
        raise ValueError(f"{path.name}: heads must start with {HEADS_FIRST} and match the bias")
    if any(len(row) != len(heads) for row in model.weights.values()):
        raise ValueError(f"{path.name}: every weight row needs one weight per head")
    return model
