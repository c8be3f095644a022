"""The last safety net: word weights learnt from the labelled corpus that lift an unmatched text to concern.

Rules only catch phrasings someone foresaw. This net scores the words and word
pairs of a text that no rule matched (naive Bayes over the dev split: how much
more often each one appears in risky texts than in ordinary ones). Above the
threshold the text becomes a ``concern`` (never ``urgent``) with no category
(the corpus is too small to guess one well) and ``reason="model"`` in its
evidence, so a person always reads it. It never lowers a rule's verdict.

The weights are data (``words.json``), rebuilt with ``bench/risk/train_words.py``
whenever the dev split changes; the held-out split is never used to build them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

_LETTER_RUNS = re.compile(r"[a-z]+")


def word_features(plain: str) -> frozenset[str]:
    """Return the words and adjacent word pairs of a normal-form text."""
    words = _LETTER_RUNS.findall(plain)
    return frozenset(words) | frozenset(f"{a}_{b}" for a, b in pairwise(words))


@dataclass(frozen=True)
class WordWeights:
    """Log-odds weights for "risky vs ordinary", with the threshold to act on."""

    threshold: float
    prior: float
    risk: Mapping[str, float]

    def risk_score(self, features: frozenset[str]) -> float:
        """Return the log-odds that a text with these features is risky."""
        return self.prior + sum(self.risk.get(f, 0.0) for f in features)


def load_word_weights(path: Path) -> WordWeights | None:
    """Return the weights stored at ``path``, or None when there is no such file."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        return WordWeights(
            threshold=float(data["threshold"]),
            prior=float(data["prior"]),
            risk={str(k): float(v) for k, v in data["risk"].items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path.name}: not a word-weights file ({exc})") from exc
