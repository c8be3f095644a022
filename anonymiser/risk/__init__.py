"""Safeguarding risk detection for what young people write: fast patterns and a learnt net, recall first."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from anonymiser.risk.detector import RiskDetector
from anonymiser.risk.model import Category, Evidence, Risk, RiskLevel
from anonymiser.risk.rules import RuleBook, load_rule_book

__all__ = [
    "Category",
    "Evidence",
    "Risk",
    "RiskDetector",
    "RiskLevel",
    "RuleBook",
    "assess",
    "assess_many",
    "default_detector",
    "load_rule_book",
]


@lru_cache(maxsize=1)
def default_detector() -> RiskDetector:
    """Return the shared detector built from the shipped rules (built on first use)."""
    return RiskDetector()


def assess(text: str) -> Risk:
    """Return the risk verdict for one text using the shipped rules."""
    return default_detector().assess(text)


def assess_many(texts: Iterable[str]) -> list[Risk]:
    """Return one risk verdict per text, in order, using the shipped rules."""
    return default_detector().assess_many(texts)
