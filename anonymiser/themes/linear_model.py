"""Heard's theme and sentiment model: linear classifiers over words, phrases and sentence cues.

Why linear: on the 165 real quotes it may learn from, a sentence-embedding
model was no better than words and ran at a tenth of the speed, and a
council retraining on its own corrections needs something that trains in
seconds on one core and gives the same model every time. The model learns
from examples with weights (real young people's words count for more than
the written chat lines), picks each theme's threshold by cross-validation on
its own training data, and treats mixed and neutral as classes with their
own evidence (see ``cues``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from anonymiser.themes.cues import CUE_NAMES, sentiment_cues
from anonymiser.themes.features import Vocabulary
from anonymiser.themes.linear import Array, Fitting, LinearLayer, fit, sigmoid, softmax
from anonymiser.themes.patterns import ThemePatterns, load_patterns
from anonymiser.themes.sentiment import SentimentLexicon
from anonymiser.themes.taxonomy import SENTIMENT_LABELS
from anonymiser.themes.training import ARTEFACT_FILE
from anonymiser.themes.wording import fold

LINEAR_KIND = "linear"
WEIGHTS_FILE = "weights.npz"
PHRASES_FILE = "phrases.json"
CONCEPTS_FILE = "concepts.json"
DEFAULT_CONCEPTS_PATH = Path(__file__).parent / "data" / "concepts.json"
MAX_THEMES = 3


@dataclass(frozen=True)
class WeightedText:
    """One training example: the text, its labels, how much it counts and what it came from.

    ``sentiment`` may be ``None`` (a worker's theme correction says nothing
    about feeling); ``group`` keeps texts from one source (a page, an issue)
    in the same cross-validation fold.
    """

    text: str
    themes: tuple[str, ...]
    sentiment: str | None
    weight: float = 1.0
    group: str = ""


@dataclass(frozen=True)
class LinearSettings:
    """How the linear model is trained; recorded beside the weights."""

    min_count: int = 2
    l2: float = 3e-4
    steps: int = 150
    learn_rate: float = 0.2
    folds: int = 5
    threshold_grid: tuple[float, ...] = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
    # A theme's own threshold is pulled towards the shared one in proportion to how
    # few positive examples it has, so a rare theme does not chase a few lucky texts.
    shrink_examples: float = 20.0
    # Mixed and neutral are rarer than positive and negative in every source, and a classifier
    # that never says them learns nothing about them; counting them twice raised cross-validated
    # accuracy on both the real quotes and the written lines (1, 2 and 3-4 tried).
    sentiment_class_weights: tuple[float, ...] = (1.0, 1.0, 2.0, 2.0)  # as SENTIMENT_LABELS


@dataclass(frozen=True)
class Scores:
    """One text's probability per theme and per sentiment label."""

    themes: dict[str, float]
    sentiment: dict[str, float]


@dataclass
class LinearThemeModel:
    """Theme and sentiment classifiers with their vocabulary, thresholds and cue sources."""

    codes: tuple[str, ...]
    vocabulary: Vocabulary
    themes: LinearLayer
    sentiment: LinearLayer
    thresholds: dict[str, float]
    fallback: float
    patterns: ThemePatterns
    concepts: ThemePatterns
    lexicon: SentimentLexicon = field(default_factory=SentimentLexicon)

    def score_many(self, texts: Sequence[str]) -> list[Scores]:
        """Return the scores of each text, in order (an empty text scores nothing)."""
        if not texts:
            return []
        folded = [fold(text) for text in texts]
        words = self.vocabulary.encode(folded)
        theme_rows = words.with_columns(theme_cues(self.patterns, self.concepts, self.codes, folded))
        mood_rows = words.with_columns([sentiment_cues(self.lexicon, t) for t in texts])
        theme_p = sigmoid(self.themes.logits(theme_rows))
        mood_p = softmax(self.sentiment.logits(mood_rows))
        return [
            Scores(
                dict(zip(self.codes, map(float, t), strict=True)),
                dict(zip(SENTIMENT_LABELS, map(float, m), strict=True)),
            )
            for t, m in zip(theme_p, mood_p, strict=True)
        ]

    def save(self, out_dir: Path, record: dict[str, object]) -> Path:
        """Write the weights and a record of how they were made into ``out_dir``; return it."""
        out_dir.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            out_dir / WEIGHTS_FILE,
            theme_weights=self.themes.weights,
            theme_bias=self.themes.bias,
            sentiment_weights=self.sentiment.weights,
            sentiment_bias=self.sentiment.bias,
            idf=self.vocabulary.idf,
        )
        (out_dir / "vocabulary.txt").write_text("\n".join(self.vocabulary.names) + "\n", encoding="utf-8")
        # The phrase lists the features were learnt with travel with the weights, so editing
        # patterns.json or concepts.json later cannot silently change what this model reads.
        for name, words in ((PHRASES_FILE, self.patterns), (CONCEPTS_FILE, self.concepts)):
            listed = {code: [p.pattern for p in found] for code, found in words.by_code.items()}
            (out_dir / name).write_text(json.dumps({"themes": listed}, indent=1) + "\n", encoding="utf-8")
        full = {
            "kind": LINEAR_KIND,
            "codes": list(self.codes),
            "thresholds": self.thresholds,
            "fallback": self.fallback,
            **record,
        }
        (out_dir / ARTEFACT_FILE).write_text(json.dumps(full, indent=2) + "\n", encoding="utf-8")
        return out_dir

    @classmethod
    def load(cls, directory: Path) -> LinearThemeModel:
        """Return the model saved in ``directory``, with the phrase lists it was trained with."""
        record = json.loads((directory / ARTEFACT_FILE).read_text(encoding="utf-8"))
        names = (directory / "vocabulary.txt").read_text(encoding="utf-8").splitlines()
        with np.load(directory / WEIGHTS_FILE) as arrays:
            vocabulary = Vocabulary(tuple(names), arrays["idf"])
            themes = LinearLayer(arrays["theme_weights"], arrays["theme_bias"])
            sentiment = LinearLayer(arrays["sentiment_weights"], arrays["sentiment_bias"])
        codes = tuple(record["codes"])
        return cls(
            codes,
            vocabulary,
            themes,
            sentiment,
            {code: float(v) for code, v in record["thresholds"].items()},
            float(record["fallback"]),
            load_patterns(directory / PHRASES_FILE),
            load_patterns(directory / CONCEPTS_FILE),
        )


def theme_cues(
    patterns: ThemePatterns, concepts: ThemePatterns, codes: Sequence[str], folded: Sequence[str]
) -> list[list[float]]:
    """Return per text a flag per theme for its high-precision phrases, then a concept count.

    The count (how many of a theme's concept words appear, up to three) lets
    several weak hints add up: "moved", "miles away" and "new school" together
    say PLACE more surely than any one of them.
    """
    cues = []
    for text in folded:
        found = patterns.matches(text)
        flags = [float(code in found) for code in codes]
        counts = [concepts.count(text, code, stop=3) / 3 for code in codes]
        cues.append(flags + counts)
    return cues


def fold_of(group: str, folds: int) -> int:
    """Return the cross-validation fold of a group, stable across runs and machines."""
    return int(hashlib.sha256(group.encode("utf-8")).hexdigest(), 16) % folds


def _fit_layers(
    examples: Sequence[WeightedText],
    codes: Sequence[str],
    patterns: ThemePatterns,
    concepts: ThemePatterns,
    lexicon: SentimentLexicon,
    settings: LinearSettings,
    cues: Sequence[list[float]],
) -> tuple[Vocabulary, LinearLayer, LinearLayer]:
    folded = [fold(ex.text) for ex in examples]
    vocabulary = Vocabulary.learn(folded, settings.min_count)
    fitting = Fitting(settings.l2, settings.steps, settings.learn_rate)
    weights = np.array([ex.weight for ex in examples])
    theme_rows = vocabulary.encode(folded, theme_cues(patterns, concepts, codes, folded))
    targets = np.array([[float(code in ex.themes) for code in codes] for ex in examples])
    themes = fit(theme_rows, targets, weights, exclusive=False, fitting=fitting)
    felt = [i for i, ex in enumerate(examples) if ex.sentiment is not None]
    mood_rows = vocabulary.encode(folded, cues).take(felt)
    moods = np.array([[float(label == examples[i].sentiment) for label in SENTIMENT_LABELS] for i in felt])
    by_class = moods @ np.array(settings.sentiment_class_weights)
    sentiment = fit(mood_rows, moods, weights[felt] * by_class, exclusive=True, fitting=fitting)
    return vocabulary, themes, sentiment


def choose(
    probabilities: Array, codes: Sequence[str], thresholds: dict[str, float], fallback: float
) -> tuple[str, ...]:
    """Return the themes over their thresholds, best first, at most three; else the best if likely."""
    ranked = sorted(range(len(codes)), key=lambda j: (-probabilities[j], codes[j]))
    chosen = [codes[j] for j in ranked if probabilities[j] >= thresholds[codes[j]]]
    if not chosen and probabilities[ranked[0]] >= fallback:
        chosen = [codes[ranked[0]]]
    return tuple(chosen[:MAX_THEMES])


def _weighted_f1(gold: Array, predicted: Array, weights: Array) -> float:
    tp = float((weights * gold * predicted).sum())
    fp = float((weights * (1 - gold) * predicted).sum())
    fn = float((weights * gold * (1 - predicted)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def _tune(
    oof: Array, examples: Sequence[WeightedText], codes: Sequence[str], settings: LinearSettings
) -> tuple[dict[str, float], float]:
    """Return per-theme thresholds and the fallback, chosen on out-of-fold probabilities."""
    gold = np.array([[float(code in ex.themes) for code in codes] for ex in examples])
    weights = np.array([ex.weight for ex in examples])
    grid = settings.threshold_grid

    def micro(shared: float) -> float:
        return _weighted_f1(gold, (oof >= shared).astype(float), weights[:, None])

    shared = max(grid, key=micro)
    thresholds: dict[str, float] = {}
    for j, code in enumerate(codes):
        own = max(grid, key=lambda t: _weighted_f1(gold[:, j], (oof[:, j] >= t).astype(float), weights))
        positives = float(gold[:, j].sum())
        trust = positives / (positives + settings.shrink_examples)
        thresholds[code] = round(trust * own + (1 - trust) * shared, 3)

    def with_fallback(fallback: float) -> float:
        predicted = np.zeros_like(gold)
        for i, row in enumerate(oof):
            for code in choose(row, codes, thresholds, fallback):
                predicted[i, codes.index(code)] = 1.0
        return _weighted_f1(gold, predicted, weights[:, None])

    fallback = max((0.05, 0.1, 0.15, 0.2, 0.25, 1.01), key=with_fallback)
    return thresholds, fallback


def train_linear(
    examples: Sequence[WeightedText],
    codes: Sequence[str],
    patterns: ThemePatterns,
    concepts: ThemePatterns,
    settings: LinearSettings = LinearSettings(),
    lexicon: SentimentLexicon | None = None,
) -> tuple[LinearThemeModel, dict[str, object]]:
    """Return a model trained on ``examples`` and a record of its settings and thresholds."""
    patterns = patterns.restricted_to(codes)
    concepts = concepts.restricted_to(codes)
    lexicon = lexicon if lexicon is not None else SentimentLexicon()
    cues = [sentiment_cues(lexicon, ex.text) for ex in examples]
    oof = np.zeros((len(examples), len(codes)))
    folds = np.array([fold_of(ex.group or ex.text, settings.folds) for ex in examples])
    for k in range(settings.folds):
        train_at = [i for i in range(len(examples)) if folds[i] != k]
        test_at = [i for i in range(len(examples)) if folds[i] == k]
        if not train_at or not test_at:
            continue
        vocabulary, themes, _ = _fit_layers(
            [examples[i] for i in train_at],
            codes,
            patterns,
            concepts,
            lexicon,
            settings,
            [cues[i] for i in train_at],
        )
        held = [fold(examples[i].text) for i in test_at]
        rows = vocabulary.encode(held, theme_cues(patterns, concepts, codes, held))
        oof[test_at] = sigmoid(themes.logits(rows))
    thresholds, fallback = _tune(oof, examples, codes, settings)
    vocabulary, themes, sentiment = _fit_layers(examples, codes, patterns, concepts, lexicon, settings, cues)
    model = LinearThemeModel(
        tuple(codes), vocabulary, themes, sentiment, thresholds, fallback, patterns, concepts, lexicon
    )
    record: dict[str, object] = {
        "examples": len(examples),
        "settings": asdict(settings),
        "cues": list(CUE_NAMES),
    }
    return model, record
