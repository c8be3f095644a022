"""The risk detector: normal form, rule matches, then context decides each match's level."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from anonymiser.risk.concepts import find_concepts
from anonymiser.risk.context import Reading
from anonymiser.risk.learnt import LearntModel
from anonymiser.risk.matching import RuleIndex
from anonymiser.risk.model import CATEGORY_ORDER, NO_RISK, Category, Evidence, Risk, RiskLevel
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.rules import RuleBook, load_rule_book

_LETTERS = re.compile(r"[a-z]+")


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
        reading = Reading(normal.text, self._book.cues, self._book.scanners)
        evidence: list[Evidence] = []
        cue = False  # a safety-net rule (a danger word about oneself) gave only a concern
        for rule, match in self._index.matches(reading.words):
            start, end = match.span()
            judged = reading.judge(rule, start, end)
            if judged is None:
                continue
            level, reason = judged
            cue = cue or (rule.net and level is RiskLevel.CONCERN and not reason)
            cue = cue or reason in ("light", "coped", "playful")
            tense, who = reading.situation(start, end)
            o_start, o_end = normal.original_span(start, end)
            evidence.extend(
                Evidence(c, level, o_start, o_end, rule.id, reason, tense, who) for c in rule.categories
            )
        if self._book.concepts is not None:
            for found in find_concepts(self._book.concepts, reading):
                o_start, o_end = normal.original_span(found.start, found.end)
                named = f"concept.{found.concept.id}"
                evidence.extend(
                    Evidence(c, found.level, o_start, o_end, named, found.reason, found.tense, found.who)
                    for c in found.concept.categories
                )
                cue = cue or found.level is RiskLevel.CONCERN
        model = self._book.learnt
        lift = Lift([], False)
        if model is not None and not reading.framed:
            lift = _lifted(model, normal.text, evidence, len(text), reading.negated_away)
            if not evidence and not self._has_danger_word(normal.text):
                lift = Lift([], False)
        return _verdict([*evidence, *lift.evidence], ask=cue or lift.ask)

    def _has_danger_word(self, plain: str) -> bool:
        """Return True when the text holds a word of a danger-concept family (see lexicon.yaml)."""
        danger = self._book.danger_words
        return not danger or any(w in danger for w in _LETTERS.findall(plain))

    def assess_many(self, texts: Iterable[str]) -> list[Risk]:
        """Return one verdict per text, in order."""
        return [self.assess(t) for t in texts]


@dataclass(frozen=True, slots=True)
class Lift:
    """What the learnt net adds: concern evidence where the rules found nothing, and whether to ask."""

    evidence: list[Evidence]
    ask: bool


def _lifted(model: LearntModel, plain: str, evidence: list[Evidence], length: int, negated: bool) -> Lift:
    """Return the learnt net's contribution: never more than a concern, and never urgent.

    An urgent verdict must rest on a rule that names a danger concept, its
    tense and whose it is, so a safeguarding lead can see why. The net only
    reads words; it may turn none into concern so that a person reads the
    text, and where its urgent head would have called the text urgent it
    asks the conversation to check ("Are you safe right now?") instead of
    guessing. It may still ask for a look after a negation ("no one will
    have to deal with me after tonight" must not be lost to its "no one").
    """
    ruled = max((e.level.rank for e in evidence), default=0)
    if ruled == RiskLevel.URGENT.rank:
        return Lift([], False)
    scores = model.score(plain)
    urgent_head = "urgent" in scores.passed
    lowered = negated or any(e.reason for e in evidence)
    if ruled:
        return Lift([], urgent_head and not lowered)
    if "risk" not in scores.passed:
        return Lift([], False)
    if negated and not urgent_head:
        # "my carers never hit me": the rules read the negation and found nothing; only the net's
        # stronger head may still ask for a look at a text whose danger words were all negated.
        return Lift([], False)
    named = {Category(c) for c in scores.categories}
    lifted = [Evidence(c, RiskLevel.CONCERN, 0, length, "learnt", "model") for c in named]
    return Lift(lifted, urgent_head)


def _verdict(evidence: list[Evidence], *, ask: bool = False) -> Risk:
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
    return Risk(
        level=level,
        categories=tuple(categories),
        evidence=tuple(ordered),
        ask=ask and level is RiskLevel.CONCERN,
    )
