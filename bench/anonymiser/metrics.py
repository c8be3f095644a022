"""Scores for PII detection against gold spans: per-label precision, recall, F2 and leak rate.

Matching is by characters, so tokenisation differences between systems do not
matter. Only letters and digits count (a missed trailing space is no leak).

* A gold span is *found* when at least ``FOUND_SHARE`` of its characters are
  covered by predicted spans of any label (what matters for privacy is that
  the text is hidden; the placeholder type is secondary).
* A predicted span is *correct* when at least ``CORRECT_SHARE`` of its
  characters lie inside gold spans.
* Leak rate is the share of gold characters not covered by any prediction.
* F2 weighs recall twice as much as precision.
* A predicted span mostly inside an ``ignore`` stretch (a country a blind writer
  left unmarked) counts neither way.
* Hard negatives: a ``keep`` word (marked by a blind writer as one that must stay)
  is *redacted* when any of its letters or digits is covered; a text with no gold
  span is *redacted* when any prediction touches it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.anonymiser.corpus import Example, GoldSpan

FOUND_SHARE = 0.5
CORRECT_SHARE = 0.5
LABELS = ("PERSON", "LOCATION", "CONTACT", "ID", "DATE", "ORG")


@dataclass
class LabelScore:
    """Counts for one label (or all labels together)."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    gold_chars: int = 0
    leaked_chars: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def f2(self) -> float:
        p, r = self.precision, self.recall
        return 5 * p * r / (4 * p + r) if p + r else 0.0

    @property
    def leak_rate(self) -> float:
        return self.leaked_chars / self.gold_chars if self.gold_chars else 0.0


@dataclass
class Scores:
    """Per-label and overall scores for one system on one corpus."""

    by_label: dict[str, LabelScore] = field(default_factory=lambda: {lab: LabelScore() for lab in LABELS})
    overall: LabelScore = field(default_factory=LabelScore)
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)
    keep_words: int = 0
    keep_redacted: int = 0
    clean_texts: int = 0
    clean_redacted: int = 0
    redacted_keeps: list[tuple[str, str]] = field(default_factory=list)

    @property
    def keep_rate(self) -> float:
        """Return the share of must-stay words that were redacted (0 when none are marked)."""
        return self.keep_redacted / self.keep_words if self.keep_words else 0.0

    @property
    def clean_rate(self) -> float:
        """Return the share of texts without personal data that lost any word."""
        return self.clean_redacted / self.clean_texts if self.clean_texts else 0.0


def _alnum_positions(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if text[i].isalnum()}


def score(examples: Sequence[Example], predictions: Sequence[Sequence[GoldSpan]]) -> Scores:
    """Return the scores of predictions (one list of spans per example) against the gold spans."""
    result = Scores()
    for example, predicted in zip(examples, predictions, strict=True):
        text = example.text
        covered: set[int] = set()
        for p in predicted:
            covered |= _alnum_positions(text, p.start, p.end)
        gold_chars: set[int] = set()
        for g in example.spans:
            gold_chars |= _alnum_positions(text, g.start, g.end)
        for g in example.spans:
            chars = _alnum_positions(text, g.start, g.end)
            hit = len(chars & covered)
            for bucket in (result.by_label[g.label], result.overall):
                bucket.gold += 1
                bucket.gold_chars += len(chars)
                bucket.leaked_chars += len(chars) - hit
                if chars and hit / len(chars) >= FOUND_SHARE:
                    bucket.found += 1
            if not chars or hit / len(chars) < FOUND_SHARE:
                result.misses.append((g.label, text[g.start : g.end], text))
        ignored: set[int] = set()
        for a, b in example.ignore:
            ignored |= _alnum_positions(text, a, b)
        for a, b in example.keep:
            result.keep_words += 1
            if _alnum_positions(text, a, b) & covered:
                result.keep_redacted += 1
                result.redacted_keeps.append((text[a:b], text))
        if not example.spans:
            result.clean_texts += 1
            result.clean_redacted += int(bool(covered))
        for p in predicted:
            chars = _alnum_positions(text, p.start, p.end)
            if chars and len(chars & ignored) / len(chars) >= CORRECT_SHARE:
                continue
            ok = bool(chars) and len(chars & gold_chars) / len(chars) >= CORRECT_SHARE
            label = p.label if p.label in result.by_label else "ORG"
            for bucket in (result.by_label[label], result.overall):
                bucket.predicted += 1
                bucket.correct += int(ok)
            if not ok:
                result.false_alarms.append((p.label, text[p.start : p.end], text))
    return result
