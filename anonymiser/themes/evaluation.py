"""Scoring predicted themes and sentiment against labelled texts.

Micro-F1 counts every theme decision alike, so common themes dominate it;
macro-F1 averages the themes, so a theme the tagger never finds pulls it down.
Boards need both: the first says how often a tag is right, the second that no
theme young people raise is invisible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeScore:
    """Precision, recall and F1 for one theme, with the counts behind them."""

    code: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        """Return the share of this theme's tags that were right (1.0 when never tagged)."""
        tagged = self.true_positives + self.false_positives
        return self.true_positives / tagged if tagged else 1.0

    @property
    def recall(self) -> float:
        """Return the share of texts about this theme that were tagged (1.0 when none were)."""
        relevant = self.true_positives + self.false_negatives
        return self.true_positives / relevant if relevant else 1.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall from the counts."""
        denominator = 2 * self.true_positives + self.false_positives + self.false_negatives
        return 2 * self.true_positives / denominator if denominator else 1.0


@dataclass(frozen=True)
class Scorecard:
    """How well predictions match the labels of a set of texts."""

    themes: tuple[ThemeScore, ...]
    sentiment_accuracy: float
    texts: int

    @property
    def micro_f1(self) -> float:
        """Return F1 over all theme decisions pooled together."""
        tp = sum(s.true_positives for s in self.themes)
        fp = sum(s.false_positives for s in self.themes)
        fn = sum(s.false_negatives for s in self.themes)
        return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0

    @property
    def macro_f1(self) -> float:
        """Return the mean of the per-theme F1 scores."""
        return sum(s.f1 for s in self.themes) / len(self.themes) if self.themes else 1.0


def score(
    codes: Sequence[str],
    gold_themes: Sequence[Sequence[str]],
    predicted_themes: Sequence[Sequence[str]],
    gold_sentiment: Sequence[str],
    predicted_sentiment: Sequence[str],
) -> Scorecard:
    """Return the scorecard of predictions against labels, text by text."""
    if not len(gold_themes) == len(predicted_themes) == len(gold_sentiment) == len(predicted_sentiment):
        raise ValueError("labels and predictions must cover the same texts")
    per_code = []
    for code in codes:
        tp = fp = fn = 0
        for gold, predicted in zip(gold_themes, predicted_themes, strict=True):
            if code in predicted and code in gold:
                tp += 1
            elif code in predicted:
                fp += 1
            elif code in gold:
                fn += 1
        per_code.append(ThemeScore(code, tp, fp, fn))
    right = sum(g == p for g, p in zip(gold_sentiment, predicted_sentiment, strict=True))
    total = len(gold_sentiment)
    return Scorecard(tuple(per_code), right / total if total else 1.0, total)
