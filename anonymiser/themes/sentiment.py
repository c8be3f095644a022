"""Sentiment in young people's own register: a lexicon reading, blended with the trained head.

VADER is built for general English and reads "sick", "peak" or "bare long"
the wrong way round, so Heard adds a small register lexicon (a TSV file, easy
to extend) and rewrites the few words whose meaning depends on their
neighbours before scoring. Splitting at "but", "though" and sentence ends
catches the mixed answers boards see most ("my PA is lovely but never answers").
The lexicon reading on its own misses plain complaints with no feeling words
("had 6 social workers in 2 years"), which the trained head learns; the tagger
blends the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from anonymiser.themes.wording import fold

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

DEFAULT_LEXICON_PATH = Path(__file__).parent / "data" / "sentiment_lexicon.tsv"
POLAR = 0.05
CLAUSE_POLAR = 0.25

# Word senses that flip with their neighbours; rewritten before scoring.
_SENSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bsick (and tired|of)\b"), "fed up of"),
    (re.compile(r"\b(feel|feels|feeling|felt|am|been|being|off|get|got|go|im) sick\b"), r"\1 ill"),
    (re.compile(r"\b(in|of|the|my|a|our|whole|to|from|that|this|after|before) class\b"), r"\1 lesson"),
    (
        re.compile(
            r"\blong(?!\s*$)(?=\s+(time|term|as|for|to|way|enough|wait|weekend|day|days"
            r"|week|weeks|list|run|walk|hours|distance)\b)"
        ),
        "lengthy",
    ),
    (
        re.compile(
            r"\b(?<!bare )(?<!proper )(?<!so )(?<!too )(?<!well )(?<!is )(?<!its )"
            r"(?<!was )long\b"
        ),
        "lengthy",
    ),
)
_CLAUSE = re.compile(
    r"\b(?:but|though|tho|although|however|except|apart from|whereas)\b"
    r"|[.;!?\n]+"
)


@dataclass(frozen=True)
class LexicalReading:
    """The lexicon's view of a text: a label and how sure it is (0-1)."""

    label: str
    strength: float


class SentimentLexicon:
    """VADER with Heard's register lexicon; reads one text at a time, cheaply."""

    def __init__(self, lexicon_path: str | Path | None = None) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._vader: SentimentIntensityAnalyzer = SentimentIntensityAnalyzer()
        self._phrases: list[tuple[re.Pattern[str], str]] = []
        for word, valence in _read_lexicon(Path(lexicon_path or DEFAULT_LEXICON_PATH)):
            key = word.replace(" ", "_")
            self._vader.lexicon[key] = valence
            if key != word:
                self._phrases.append((re.compile(rf"\b{re.escape(word)}\b"), key))

    def prepare(self, text: str) -> str:
        """Return ``text`` folded, with neighbour-dependent senses and lexicon phrases rewritten."""
        prepared = fold(text)
        for pattern, replacement in _SENSES:
            prepared = pattern.sub(replacement, prepared)
        for pattern, key in self._phrases:
            prepared = pattern.sub(key, prepared)
        return prepared

    def read(self, text: str) -> LexicalReading:
        """Return the lexicon's label for ``text`` and its strength."""
        prepared = self.prepare(text)
        scores = [self.compound(c) for c in clauses(prepared)] or [0.0]
        return self.reading_of(scores, prepared)

    def reading_of(self, scores: list[float], prepared: str, overall: float | None = None) -> LexicalReading:
        """Return the label from clause scores already computed (and the overall score if known)."""
        best, worst = max(scores), min(scores)
        if best >= CLAUSE_POLAR and worst <= -CLAUSE_POLAR:
            return LexicalReading("mixed", min(best, -worst))
        if overall is None:
            overall = self.compound(prepared)
        if overall >= POLAR:
            return LexicalReading("positive", overall)
        if overall <= -POLAR:
            return LexicalReading("negative", -overall)
        return LexicalReading("neutral", 1.0 - abs(overall) * 10)

    def compound(self, prepared: str) -> float:
        """Return VADER's compound score (-1 to 1) of text already ``prepare``d."""
        return float(self._vader.polarity_scores(prepared)["compound"])


def clauses(prepared: str) -> list[str]:
    """Return the clauses of a prepared text, split at "but", "though"... and sentence ends."""
    return [c.strip() for c in _CLAUSE.split(prepared) if c and c.strip()]


def _read_lexicon(path: Path) -> list[tuple[str, float]]:
    entries: list[tuple[str, float]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read sentiment lexicon: {exc}") from None
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        try:
            entries.append((fields[0].strip().lower(), float(fields[1])))
        except (IndexError, ValueError):
            raise ValueError(f"{path}:{number}: expected word<TAB>valence<TAB>note") from None
    return entries
