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
TARGET_ANY_RISK_RECALL = 0.95
# Of every text with no risk (ordinary feedback and hard negatives together): at most this share
# may be told to ring 999 (judged urgent), and at most this share may reach a safeguarding lead.
TARGET_NONE_URGENT_RATE = 0.01
TARGET_NONE_ANY_RATE = 0.10


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
    ask: bool = False  # a concern on which the conversation asks "Are you safe right now?"


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
    none_urgent_rate: float = 0.0
    none_any_rate: float = 0.0
    urgent_reached: float = 0.0  # urgent texts judged urgent, or concern with the check question
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
        if self.none_urgent_rate > TARGET_NONE_URGENT_RATE:
            failed.append(
                f"no-risk texts judged urgent {self.none_urgent_rate:.3f} > {TARGET_NONE_URGENT_RATE}"
            )
        if self.none_any_rate > TARGET_NONE_ANY_RATE:
            rate = self.none_any_rate
            failed.append(f"no-risk texts judged any risk {rate:.3f} > {TARGET_NONE_ANY_RATE}")
        return failed


def load_split(name: str) -> list[Example]:
    """Return the labelled examples of one split (``dev``, ``heldout`` or ``blind``)."""
    return load_file(DATA_DIR / f"{name}.jsonl")


def load_file(path: Path) -> list[Example]:
    """Return the labelled examples of a JSON Lines file.

    Rows carry ``kind`` (the project's splits) or, as an independent writer's
    batch does, ``hard_negative`` (true/false) from which the kind follows.
    """
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            kind = row.get("kind") or _kind(row["level"], bool(row.get("hard_negative")))
            examples.append(Example(row["text"], row["level"], tuple(row["categories"]), kind))
    return examples


def _kind(level: str, hard_negative: bool) -> str:
    if level != "none":
        return "disclosure"
    return "hard_negative" if hard_negative else "ordinary"


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
    no_risk = [j for j in judged if j.example.level == "none"]
    misses = [j for j in judged if j.level != j.example.level]
    return Scores(
        total=len(judged),
        levels=levels,
        categories=categories,
        urgent_recall=_ratio(sum(j.level == "urgent" for j in urgent), len(urgent)),
        any_risk_recall=_ratio(sum(j.level != "none" for j in risky), len(risky)),
        urgent_judged_none=sum(j.level == "none" for j in urgent),
        false_alarm_rate=_ratio(sum(j.level != "none" for j in ordinary), len(ordinary)) if ordinary else 0.0,
        urgent_reached=_ratio(
            sum(j.level == "urgent" or (j.level == "concern" and j.ask) for j in urgent), len(urgent)
        ),
        none_urgent_rate=_ratio(sum(j.level == "urgent" for j in no_risk), len(no_risk)) if no_risk else 0.0,
        none_any_rate=_ratio(sum(j.level != "none" for j in no_risk), len(no_risk)) if no_risk else 0.0,
        hard_negative_false_alarm_rate=_ratio(sum(j.level != "none" for j in hard), len(hard))
        if hard
        else 0.0,
        misses=misses,
    )
