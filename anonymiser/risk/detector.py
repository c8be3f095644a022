"""The risk detector: normal form, rule matches, then context decides each match's level."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from anonymiser.risk.context import Reading
from anonymiser.risk.matching import RuleIndex
from anonymiser.risk.model import CATEGORY_ORDER, NO_RISK, Evidence, Risk, RiskLevel
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.rules import RuleBook, load_rule_book
from anonymiser.risk.words import word_features


class RiskDetector:
    """Assesses texts against a rule book; cheap enough to run on every message.

    Construct once (it compiles every pattern) and reuse. ``assess`` never
    raises on any string, however odd; empty text is no risk.
    """

    def __init__(self, book: RuleBook | None = None, data_dir: Path | None = None) -> None:
        self._book = book or load_rule_book(data_dir)
        self._normaliser = Normaliser(self._book.replacements, self._book.vocabulary)
        self._index = RuleIndex(self._book.rules)

    @property
    def rule_count(self) -> int:
        """Return how many patterns are loaded."""
        return len(self._book.rules)

    def assess(self, text: str) -> Risk:
        """Return the risk level, categories and evidence for one text."""
        if not text or text.isspace():
            return NO_RISK
        normal = self._normaliser.normalise(text)
        reading = Reading(normal.text, self._book.cues)
        evidence: list[Evidence] = []
        for rule, match in self._index.matches(normal.text):
            start, end = match.span()
            judged = reading.judge(rule, start, end)
            if judged is None:
                continue
            level, reason = judged
            o_start, o_end = normal.original_span(start, end)
            evidence.extend(
                Evidence(c, level, o_start, o_end, rule.id, reason) for c in rule.categories
            )
        weights = self._book.word_weights
        if not evidence and weights is not None and not reading.framed:
            # No rule fired: the learnt word weights are the last chance to get it looked at.
            features = word_features(normal.text)
            if weights.risk_score(features) > weights.threshold:
                evidence.append(Evidence(None, RiskLevel.CONCERN, 0, len(text), "words", "model"))
        return _verdict(evidence)

    def assess_many(self, texts: Iterable[str]) -> list[Risk]:
        """Return one verdict per text, in order."""
        return [self.assess(t) for t in texts]


def _verdict(evidence: list[Evidence]) -> Risk:
    if not evidence:
        return NO_RISK
    level = max((e.level for e in evidence), key=lambda lv: lv.rank)
    categories = sorted(
        {e.category for e in evidence if e.category is not None}, key=CATEGORY_ORDER.__getitem__
    )
    ordered = sorted(
        evidence,
        key=lambda e: (e.start, -e.level.rank, CATEGORY_ORDER.get(e.category, len(CATEGORY_ORDER))),
    )
    return Risk(level=level, categories=tuple(categories), evidence=tuple(ordered))
