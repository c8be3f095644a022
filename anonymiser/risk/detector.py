"""The risk detector: normal form, rule matches, then context decides each match's level."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from anonymiser.risk.matching import RuleIndex
from anonymiser.risk.model import (
    CATEGORY_ORDER,
    NO_RISK,
    Category,
    Evidence,
    Risk,
    RiskLevel,
)
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.rules import Cues, Rule, RuleBook, load_rule_book

_SENTENCE_END = re.compile(r"[.!?;\n]")
_WORDS = re.compile(r"[a-z']+")
NEGATION_REACH = 6  # words before a match that a "not"/"never" can reach
_FIRST_PERSON = re.compile(r"(?<![a-z])(?:i|me|myself)(?![a-z])")


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
        plain = normal.text
        cues = self._book.cues
        figurative = _spans(cues.figurative, plain)
        playful = _spans(cues.playful, plain)
        evidence: list[Evidence] = []
        for rule, match in self._index.matches(plain):
            start, end = match.span()
            if _overlaps(figurative, start, end):
                continue
            judged = _judge(rule, plain, start, end, cues, _overlaps(playful, start, end))
            if judged is None:
                continue
            level, reason = judged
            o_start, o_end = normal.original_span(start, end)
            evidence.extend(
                Evidence(c, level, o_start, o_end, rule.id, reason) for c in rule.categories
            )
        return _verdict(evidence)

    def assess_many(self, texts: Iterable[str]) -> list[Risk]:
        """Return one verdict per text, in order."""
        return [self.assess(t) for t in texts]


def _spans(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _sentence(text: str, start: int, end: int) -> str:
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    return text[before : after.start() if after else len(text)]


def _judge(
    rule: Rule, text: str, start: int, end: int, cues: Cues, playful: bool
) -> tuple[RiskLevel, str] | None:
    """Return the level a match deserves in its context, or None when it is no risk at all."""
    sentence = _sentence(text, start, end)
    if rule.topic and cues.discussion and cues.discussion.search(sentence):
        return None
    if rule.companions:
        scope = sentence if rule.within_sentence else _clause_around(text, start, end, cues)
        if not all(companion.search(scope) for companion in rule.companions):
            return None
    level, reason = rule.level, ""
    if rule.negatable and _is_negated(text, start, cues):
        if Category.SUICIDE_SELF_HARM in rule.categories:
            # Saying "i'm not going to kill myself" unprompted is itself a signal.
            level, reason = RiskLevel.CONCERN, "negated"
        elif cues.hedges and cues.hedges.search(sentence):
            level, reason = RiskLevel.CONCERN, "negated"
        else:
            return None
    if level is RiskLevel.URGENT and rule.tense and _is_past(sentence, cues):
        level, reason = RiskLevel.CONCERN, "past"
    if (
        level is RiskLevel.URGENT
        and Category.SUICIDE_SELF_HARM in rule.categories
        and _is_about_someone_else(_clause_before(text, start, cues), cues)
    ):
        level, reason = RiskLevel.CONCERN, "third_party"
    if level is RiskLevel.URGENT and playful:
        level, reason = RiskLevel.CONCERN, "playful"
    return level, reason


def _clause_before(text: str, start: int, cues: Cues) -> str:
    """Return the words from the start of the clause up to ``start``."""
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    window = text[sentence_start:start]
    if cues.scope_breakers:
        cut = max((m.end() for m in cues.scope_breakers.finditer(window)), default=0)
        window = window[cut:]
    return window


def _clause_around(text: str, start: int, end: int, cues: Cues) -> str:
    """Return the clause holding ``[start, end)``: its sentence, cut at "and", "but", "if"…"""
    before = _clause_before(text, start, cues)
    after_end = _SENTENCE_END.search(text, end)
    after = text[end : after_end.start() if after_end else len(text)]
    if cues.scope_breakers:
        cut = cues.scope_breakers.search(after)
        after = after[: cut.start()] if cut else after
    return before + text[start:end] + after


def _is_about_someone_else(clause: str, cues: Cues) -> bool:
    if cues.third_party is None:
        return False
    subject_end = max((m.end() for m in cues.third_party.finditer(clause)), default=-1)
    return subject_end >= 0 and not _FIRST_PERSON.search(clause, subject_end)


def _is_negated(text: str, start: int, cues: Cues) -> bool:
    if cues.negation is None:
        return False
    words = _WORDS.findall(_clause_before(text, start, cues))[-NEGATION_REACH:]
    reach = " ".join(words)
    last_cue_end = max((m.end() for m in cues.negation.finditer(reach)), default=-1)
    if last_cue_end < 0:
        return False
    rest = reach[last_cue_end:]
    return not (cues.negation_breakers and cues.negation_breakers.search(rest))


def _is_past(sentence: str, cues: Cues) -> bool:
    if cues.past is None or not cues.past.search(sentence):
        return False
    return not (cues.present and cues.present.search(sentence))


def _verdict(evidence: list[Evidence]) -> Risk:
    if not evidence:
        return NO_RISK
    level = max((e.level for e in evidence), key=lambda lv: lv.rank)
    categories = sorted({e.category for e in evidence}, key=CATEGORY_ORDER.__getitem__)
    ordered = sorted(evidence, key=lambda e: (e.start, -e.level.rank, CATEGORY_ORDER[e.category]))
    return Risk(level=level, categories=tuple(categories), evidence=tuple(ordered))
