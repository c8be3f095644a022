"""The risk detector: normal form, rule matches, then context decides each match's level."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from anonymiser.risk.context import Reading
from anonymiser.risk.learnt import LearntModel
from anonymiser.risk.matching import RuleIndex
from anonymiser.risk.model import CATEGORY_ORDER, NO_RISK, Category, Evidence, Risk, RiskLevel
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.rules import RuleBook, load_rule_book


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
        settled = False  # a specific rule (not a safety net) has read this text
        for rule, match in self._index.matches(normal.text):
            start, end = match.span()
            judged = reading.judge(rule, start, end)
            if judged is None:
                continue
            level, reason = judged
            settled = settled or not rule.net
            o_start, o_end = normal.original_span(start, end)
            evidence.extend(
                Evidence(c, level, o_start, o_end, rule.id, reason) for c in rule.categories
            )
        model = self._book.learnt
        if model is not None and not reading.framed:
            evidence.extend(
                _lifted(model, normal.text, evidence, len(text), reading.negated_away, settled)
            )
        return _verdict(evidence)

    def assess_many(self, texts: Iterable[str]) -> list[Risk]:
        """Return one verdict per text, in order."""
        return [self.assess(t) for t in texts]


SETTLED_MARGIN = 1.5  # log-odds; chosen on dev and the documented examples


def _lifted(
    model: LearntModel,
    plain: str,
    evidence: list[Evidence],
    length: int,
    negated: bool,
    settled: bool,
) -> list[Evidence]:
    """Return the learnt model's extra evidence: a lift the rules did not give, or nothing.

    The model may turn none into concern (its risk head) and a risky text into
    urgent (its urgent head), never the other way. It may not make urgent a
    match a rule negated away or deliberately lowered (past, someone else's, a
    joke): it sees the words without that context. It may still ask for a look
    after a negation ("no one will have to deal with me after tonight" must
    not be lost to its "no one"). A concern from a specific rule (``settled``:
    not a safety net) is that rule's reading, so the model must be surer, by
    ``SETTLED_MARGIN`` log-odds, to overrule it.
    """
    ruled = max((e.level.rank for e in evidence), default=0)
    if ruled == RiskLevel.URGENT.rank:
        return []
    scores = model.score(plain)
    risky = ruled > 0 or "risk" in scores.passed
    if not risky:
        return []
    lowered = negated or any(e.reason for e in evidence)
    urgent = "urgent" in scores.passed
    if urgent and settled:
        urgent = scores.logits["urgent"] > model.threshold("urgent") + SETTLED_MARGIN
    if urgent and not lowered:
        level = RiskLevel.URGENT
    elif ruled == 0:
        level = RiskLevel.CONCERN
    else:
        return []
    if ruled:
        # Keep the rules' categories and add only those the model is sure of.
        named = {e.category for e in evidence if e.category is not None}
        named |= {Category(c) for c in scores.sure_categories}
    else:
        named = {Category(c) for c in scores.categories}
    return [Evidence(c, level, 0, length, "learnt", "model") for c in named]


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
