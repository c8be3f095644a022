"""Training the theme model: a spaCy text classifier for themes plus one for sentiment.

Training is reproducible: the same data, settings and seed give the same
weights, because every source of randomness (shuffling, dropout, initial
weights) is seeded and thinc's CPU ops run on one thread.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anonymiser.themes.corpus import LabelledText
from anonymiser.themes.taxonomy import SENTIMENT_LABELS, Taxonomy
from anonymiser.themes.wording import fold

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import TrainablePipe

THEMES_PIPE = "themes"
SENTIMENT_PIPE = "sentiment"
ARTEFACT_FILE = "heard-themes.json"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainingSettings:
    """How the model is trained; recorded in the artefact so a run can be repeated."""

    seed: int = 0
    epochs: int = 25
    batch_size: int = 16
    dropout: float = 0.2
    learn_rate: float = 0.002
    ngram_size: int = 2
    embed_width: int = 64
    hash_buckets: int = 16384  # bag-of-words table size; a power of two, keeps the model small
    architecture: str = "ensemble"


def _themes_model(settings: TrainingSettings) -> dict[str, Any]:
    if settings.architecture == "bow":
        return _bow(settings, exclusive=False)
    # Bag-of-words sees whole words; the small CNN sees prefixes, suffixes and
    # shapes, which carries "counsellor" over to "counselling" and survives typos.
    return {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "linear_model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": False,
            "ngram_size": settings.ngram_size,
            "no_output_layer": False,
            "length": settings.hash_buckets,
        },
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": settings.embed_width,
                "rows": [2000, 1000, 1000, 1000],
                "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": settings.embed_width,
                "window_size": 1,
                "maxout_pieces": 3,
                "depth": 2,
            },
        },
    }


def _bow(settings: TrainingSettings, exclusive: bool) -> dict[str, Any]:
    return {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": exclusive,
        "ngram_size": settings.ngram_size,
        "no_output_layer": False,
        "length": settings.hash_buckets,
    }


def build_pipeline(codes: Sequence[str], settings: TrainingSettings) -> Language:
    """Return an untrained pipeline with a theme classifier and a sentiment classifier."""
    import spacy

    nlp = spacy.blank("en")
    themes = nlp.add_pipe(
        "textcat_multilabel", name=THEMES_PIPE, config={"model": _themes_model(settings), "threshold": 0.5}
    )
    for code in codes:
        themes.add_label(code)  # type: ignore[attr-defined]
    sentiment = nlp.add_pipe("textcat", name=SENTIMENT_PIPE, config={"model": _bow(settings, exclusive=True)})
    for label in SENTIMENT_LABELS:
        sentiment.add_label(label)  # type: ignore[attr-defined]
    return nlp


def _cats(example: LabelledText, codes: Sequence[str]) -> dict[str, dict[str, float]]:
    return {
        THEMES_PIPE: {code: float(code in example.themes) for code in codes},
        SENTIMENT_PIPE: {label: float(label == example.sentiment) for label in SENTIMENT_LABELS},
    }


def train(
    examples: Sequence[LabelledText],
    taxonomy: Taxonomy,
    settings: TrainingSettings = TrainingSettings(),
    progress: Progress | None = None,
) -> Language:
    """Return a pipeline trained on ``examples``; ``progress`` hears one line per epoch."""
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch
    from thinc.api import set_current_ops
    from thinc.backends import NumpyOps

    set_current_ops(NumpyOps())
    fix_random_seed(settings.seed)
    codes = taxonomy.codes
    nlp = build_pipeline(codes, settings)
    theme_cats = [_cats(ex, codes) for ex in examples]
    docs = [nlp.make_doc(fold(ex.text)) for ex in examples]
    prepared = []
    for doc, cats in zip(docs, theme_cats, strict=True):
        prepared.append(
            (
                Example.from_dict(doc, {"cats": cats[THEMES_PIPE]}),
                Example.from_dict(doc, {"cats": cats[SENTIMENT_PIPE]}),
            )
        )
    # Each classifier is initialised on its own labels: the exclusive sentiment
    # classifier rejects examples that carry several themes.
    themes: TrainablePipe = nlp.get_pipe(THEMES_PIPE)
    sentiment: TrainablePipe = nlp.get_pipe(SENTIMENT_PIPE)
    themes.initialize(lambda: [pair[0] for pair in prepared], nlp=nlp)
    sentiment.initialize(lambda: [pair[1] for pair in prepared], nlp=nlp)
    optimizer = nlp.create_optimizer()
    optimizer.learn_rate = settings.learn_rate
    order = random.Random(settings.seed)  # a seeded shuffle, for repeatable training  # nosec B311
    for epoch in range(1, settings.epochs + 1):
        order.shuffle(prepared)
        losses: dict[str, float] = {}
        for batch in minibatch(prepared, size=settings.batch_size):
            nlp.update(
                [pair[0] for pair in batch],
                drop=settings.dropout,
                sgd=optimizer,
                losses=losses,
                exclude=[SENTIMENT_PIPE],
            )
            nlp.update(
                [pair[1] for pair in batch],
                drop=settings.dropout,
                sgd=optimizer,
                losses=losses,
                exclude=[THEMES_PIPE],
            )
        if progress is not None:
            progress(
                f"epoch {epoch:>2}/{settings.epochs}  "
                f"theme loss {losses.get(THEMES_PIPE, 0.0):7.3f}  "
                f"sentiment loss {losses.get(SENTIMENT_PIPE, 0.0):7.3f}"
            )
    return nlp


def save(nlp: Language, out_dir: Path, taxonomy: Taxonomy, settings: TrainingSettings, examples: int) -> Path:
    """Write the pipeline and a record of how it was made into ``out_dir``; return it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    record = {
        "codes": list(taxonomy.codes),
        "taxonomy_version": taxonomy.version,
        "examples": examples,
        "settings": asdict(settings),
    }
    (out_dir / ARTEFACT_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return out_dir
