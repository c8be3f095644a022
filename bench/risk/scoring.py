"""Scores risk verdicts against the labelled corpus: the numbers the targets are stated in."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
SPLITS = ("dev", "heldout")
LEVELS = ("urgent", "concern", "none")

# What "good enough" means for a detector that must not miss a disclosure.
TARGET_URGENT_RECALL = 0.95
TARGET_ANY_RISK_RECALL = 0.90
TARGET_FALSE_ALARM_RATE = 0.15


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text: gold level, gold categories and what kind of text it is."""

    text: str
    level: str
    categories: tuple[str, ...]
    kind: str  # disclosure | ordinary | hard_negative


@dataclass(frozen=True, slots=True)
class Judged:
    """An example and the detector's answer for it."""

    example: Example
    level: str
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PrecisionRecall:
    """Counts for one label, with precision and recall derived from them."""

    true_positive: int
    gold: int
    predicted: int

    @property
    def precision(self) -> float:
        """Return TP / predicted (1.0 when nothing was predicted)."""
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Return TP / gold (1.0 when there is no gold)."""
        return self.true_positive / self.gold if self.gold else 1.0


@dataclass(frozen=True)
class Scores:
    """Everything the benchmark prints and the corpus test asserts."""

    total: int
    levels: dict[str, PrecisionRecall]
    categories: dict[str, PrecisionRecall]
    urgent_recall: float
    any_risk_recall: float
    urgent_judged_none: int
    false_alarm_rate: float
    hard_negative_false_alarm_rate: float
    misses: list[Judged] = field(default_factory=list)

    def failed_targets(self) -> list[str]:
        """Return a line per target that is not met (empty when all hold)."""
        failed = []
        if self.urgent_judged_none:
            failed.append(f"{self.urgent_judged_none} urgent text(s) judged none")
        if self.urgent_recall < TARGET_URGENT_RECALL:
            failed.append(f"urgent recall {self.urgent_recall:.3f} < {TARGET_URGENT_RECALL}")
        if self.any_risk_recall < TARGET_ANY_RISK_RECALL:
            failed.append(f"any-risk recall {self.any_risk_recall:.3f} < {TARGET_ANY_RISK_RECALL}")
        if self.false_alarm_rate > TARGET_FALSE_ALARM_RATE:
            failed.append(
                f"false alarms on ordinary feedback {self.false_alarm_rate:.3f}"
                f" > {TARGET_FALSE_ALARM_RATE}"
            )
        return failed


def load_split(name: str) -> list[Example]:
    """Return the labelled examples of one split (``dev`` or ``heldout``)."""
    path = DATA_DIR / f"{name}.jsonl"
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            examples.append(
                Example(row["text"], row["level"], tuple(row["categories"]), row["kind"])
            )
    return examples


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def score(judged: Sequence[Judged]) -> Scores:
    """Return level and category precision/recall and the safeguarding target numbers."""
    levels = {
        lv: PrecisionRecall(
            true_positive=sum(j.example.level == lv and j.level == lv for j in judged),
            gold=sum(j.example.level == lv for j in judged),
            predicted=sum(j.level == lv for j in judged),
        )
        for lv in LEVELS
    }
    names = sorted({c for j in judged for c in (*j.example.categories, *j.categories)})
    categories = {
        c: PrecisionRecall(
            true_positive=sum(c in j.example.categories and c in j.categories for j in judged),
            gold=sum(c in j.example.categories for j in judged),
            predicted=sum(c in j.categories for j in judged),
        )
        for c in names
    }
    urgent = [j for j in judged if j.example.level == "urgent"]
    risky = [j for j in judged if j.example.level != "none"]
    ordinary = [j for j in judged if j.example.kind == "ordinary"]
    hard = [j for j in judged if j.example.kind == "hard_negative"]
    misses = [j for j in judged if j.level != j.example.level]
    return Scores(
        total=len(judged),
        levels=levels,
        categories=categories,
        urgent_recall=_ratio(sum(j.level == "urgent" for j in urgent), len(urgent)),
        any_risk_recall=_ratio(sum(j.level != "none" for j in risky), len(risky)),
        urgent_judged_none=sum(j.level == "none" for j in urgent),
        false_alarm_rate=_ratio(sum(j.level != "none" for j in ordinary), len(ordinary))
        if ordinary
        else 0.0,
        hard_negative_false_alarm_rate=_ratio(sum(j.level != "none" for j in hard), len(hard))
        if hard
        else 0.0,
        misses=misses,
    )
