"""Tagging redacted text with up to three themes and one sentiment.

The trained model gives every theme a score; the themes over their threshold
are kept, best first, at most three. A text with no theme over the threshold
still gets its best theme when that is reasonably likely, because an untagged
comment disappears from the board paper.

Two kinds of trained model load here. The linear model (``linear_model``,
shipped since issue 17) reads phrases and sentence cues as features and
carries a threshold per theme. The older spaCy model is still read so a
council's model trained with it keeps working: high-precision phrases raise
its scores by a fixed boost and its sentiment blends the trained head with
the register lexicon.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from anonymiser.themes.linear_model import LINEAR_KIND, LinearThemeModel
from anonymiser.themes.patterns import ThemePatterns, load_patterns
from anonymiser.themes.sentiment import SentimentLexicon
from anonymiser.themes.taxonomy import SENTIMENT_LABELS, Taxonomy, TaxonomyError, load_taxonomy
from anonymiser.themes.training import ARTEFACT_FILE, SENTIMENT_PIPE, THEMES_PIPE
from anonymiser.themes.wording import fold

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL_DIR = Path(__file__).parent / "data" / "model"
REPORT_FILE = "heard-report.json"  # written beside a retrained model: what switching it on changes
MAX_THEMES = 3


class ModelMismatchError(TaxonomyError):
    """The trained model and the taxonomy disagree on which themes exist."""


@dataclass(frozen=True)
class Decision:
    """Where the tagger draws its lines; kept apart so evaluation can vary them."""

    threshold: float = 0.4
    fallback: float = 0.25
    lexicon_weight: float = 0.3
    # Per-theme thresholds (the linear model brings its own); a theme not named uses ``threshold``.
    per_theme: Mapping[str, float] = field(default_factory=dict)

    def threshold_of(self, code: str) -> float:
        """Return the score a theme needs to be tagged."""
        return self.per_theme.get(code, self.threshold)


@dataclass(frozen=True)
class Tagging:
    """The themes of one text (best first, at most three), every theme's score, and sentiment."""

    themes: tuple[str, ...]
    sentiment: str
    scores: Mapping[str, float] = field(default_factory=dict)


class ThemeTagger:
    """Tags redacted texts; load once per process and reuse (loading takes about a second)."""

    def __init__(
        self,
        nlp: Language | None,
        taxonomy: Taxonomy,
        patterns: ThemePatterns,
        lexicon: SentimentLexicon | None = None,
        decision: Decision = Decision(),
        linear: LinearThemeModel | None = None,
    ) -> None:
        if linear is not None:
            _check_trained(linear.codes, taxonomy)
        elif nlp is not None:
            _check_codes(nlp, taxonomy)
        else:
            raise ValueError("a tagger needs a trained model")
        self.taxonomy = taxonomy
        self.decision = decision
        self._nlp = nlp
        self._linear = linear
        self._patterns = patterns.restricted_to(taxonomy.codes)
        self._lexicon = lexicon if lexicon is not None else SentimentLexicon()
        self._empty = dict.fromkeys((*taxonomy.codes, *SENTIMENT_LABELS), 0.0)
        self._empty["neutral"] = 1.0

    @classmethod
    def load(
        cls,
        model_dir: str | Path | None = None,
        taxonomy: Taxonomy | None = None,
        patterns: ThemePatterns | None = None,
        decision: Decision = Decision(),
    ) -> ThemeTagger:
        """Return a tagger from a trained model directory (Heard's shipped model by default)."""
        import spacy

        directory = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        if not (directory / ARTEFACT_FILE).is_file():
            raise FileNotFoundError(f"{directory}: no trained theme model here; run 'heard themes train'")
        taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
        patterns = patterns if patterns is not None else load_patterns()
        if model_kind(directory) == LINEAR_KIND:
            linear = LinearThemeModel.load(directory)
            _check_trained(linear.codes, taxonomy)
            if decision == Decision():
                decision = Decision(fallback=linear.fallback, per_theme=linear.thresholds)
            return cls(None, taxonomy, patterns, decision=decision, linear=linear)
        nlp = spacy.load(directory)
        return cls(nlp, taxonomy, patterns, decision=decision)

    def with_decision(self, decision: Decision) -> ThemeTagger:
        """Return the same model drawing its lines elsewhere (for evaluation)."""
        return ThemeTagger(self._nlp, self.taxonomy, self._patterns, self._lexicon, decision, self._linear)

    def tag(self, text: str) -> Tagging:
        """Return the tagging of one redacted text."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Iterable[str], batch_size: int = 64) -> list[Tagging]:
        """Return the tagging of each redacted text, in order."""
        items = list(texts)
        if self._linear is not None:
            return self._tag_linear(items)
        assert self._nlp is not None
        folded = [fold(text) for text in items]
        # Texts with no words never reach the model: thinc's bag-of-words layer
        # fails on an empty document inside a batch.
        wordy = [flat for flat in folded if flat]
        cats = iter([doc.cats for doc in self._nlp.pipe(wordy, batch_size=batch_size)])
        return [
            self._decide(text, flat, next(cats) if flat else self._empty)
            for text, flat in zip(items, folded, strict=True)
        ]

    def _tag_linear(self, items: list[str]) -> list[Tagging]:
        assert self._linear is not None
        wordy = [text for text in items if fold(text)]
        scored = iter(self._linear.score_many(wordy))
        out = []
        for text in items:
            if not fold(text):
                out.append(
                    Tagging(themes=(), sentiment="neutral", scores=dict.fromkeys(self.taxonomy.codes, 0.0))
                )
                continue
            found = next(scored)
            scores = {code: round(found.themes[code], 4) for code in self.taxonomy.codes}
            ranked = sorted(scores, key=lambda code: (-scores[code], code))
            themes = [c for c in ranked if scores[c] >= self.decision.threshold_of(c)]
            if not themes and scores[ranked[0]] >= self.decision.fallback:
                themes = ranked[:1]
            sentiment = max(SENTIMENT_LABELS, key=lambda label: found.sentiment[label])
            out.append(Tagging(themes=tuple(themes[:MAX_THEMES]), sentiment=sentiment, scores=scores))
        return out

    def _decide(self, text: str, folded: str, cats: Mapping[str, float]) -> Tagging:
        boosted = self._patterns.matches(folded)
        boost = self._patterns.boost
        scores = {
            code: round(min(1.0, cats[code] + (boost if code in boosted else 0.0)), 4)
            for code in self.taxonomy.codes
        }
        ranked = sorted(scores, key=lambda code: (-scores[code], code))
        themes = [code for code in ranked if scores[code] >= self.decision.threshold_of(code)]
        if not themes and folded and scores[ranked[0]] >= self.decision.fallback:
            themes = ranked[:1]
        return Tagging(
            themes=tuple(themes[:MAX_THEMES]), scores=scores, sentiment=self._sentiment(text, cats)
        )

    def _sentiment(self, text: str, cats: Mapping[str, float]) -> str:
        reading = self._lexicon.read(text)
        weight = self.decision.lexicon_weight * reading.strength
        votes = {
            label: cats.get(label, 0.0) + (weight if label == reading.label else 0.0)
            for label in SENTIMENT_LABELS
        }
        return max(SENTIMENT_LABELS, key=lambda label: votes[label])


def model_codes(model_dir: str | Path) -> tuple[str, ...]:
    """Return the theme codes a trained model directory was trained for."""
    record = json.loads((Path(model_dir) / ARTEFACT_FILE).read_text(encoding="utf-8"))
    return tuple(record["codes"])


def model_digest(model_dir: str | Path) -> str:
    """Return a SHA-256 over every file of a model directory except its report.

    A report is valid only for the exact model it describes; the digest lets
    ``heard themes use`` refuse a model changed after its report was written.
    """
    directory = Path(model_dir)
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if path.name == REPORT_FILE:
            continue
        digest.update(str(path.relative_to(directory)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def model_kind(model_dir: str | Path) -> str:
    """Return which kind of model a directory holds: ``linear`` or ``spacy``."""
    record = json.loads((Path(model_dir) / ARTEFACT_FILE).read_text(encoding="utf-8"))
    return str(record.get("kind", "spacy"))


def _check_codes(nlp: Language, taxonomy: Taxonomy) -> None:
    if THEMES_PIPE not in nlp.pipe_names or SENTIMENT_PIPE not in nlp.pipe_names:
        raise ModelMismatchError(
            "the theme model lacks its theme or sentiment classifier; retrain it with 'heard themes train'"
        )
    trained: Sequence[str] = nlp.get_pipe(THEMES_PIPE).labels  # type: ignore[attr-defined]
    _check_trained(trained, taxonomy)


def _check_trained(trained: Sequence[str], taxonomy: Taxonomy) -> None:
    new = [code for code in taxonomy.codes if code not in trained]
    gone = [code for code in trained if code not in taxonomy]
    if new or gone:
        problems = []
        if new:
            problems.append(f"themes the model was not trained on: {', '.join(new)}")
        if gone:
            problems.append(f"model themes missing from the taxonomy: {', '.join(gone)}")
        raise ModelMismatchError(
            f"{taxonomy.source}: {'; '.join(problems)}. A changed taxonomy needs a retrained "
            "model: label examples with its codes and run "
            "'heard themes train --taxonomy FILE --data FILE --out DIR', "
            "then set HEARD_THEMES_MODEL=DIR"
        )
