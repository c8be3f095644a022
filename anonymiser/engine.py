"""The anonymiser: one spaCy parse per text, every recognizer over it, then redaction."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from anonymiser.artifacts import NlpArtifacts
from anonymiser.cleaning import CleanText, clean
from anonymiser.disguise import unmask
from anonymiser.lexicon import Lexicon, load_lexicon
from anonymiser.redaction import Redaction, redact
from anonymiser.registry import CONFIG_FILENAME, RecognizerRegistry, build_registry, load_config
from anonymiser.spans import Span, resolve_overlaps
from anonymiser.titles import drop_kept

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)
# The word after a span, to see whether the span starts an allowed phrase ("kwik" + " fit").
_NEXT_WORD = re.compile(r"[ \t]+[\w'’&-]+")

ENV_MODEL = "HEARD_SPACY_MODEL"
ENV_DIR = "HEARD_ANONYMISER_DIR"


@dataclass(frozen=True)
class AnonymiserSettings:
    """Plain values an anonymiser is built from (so a worker process can build its own)."""

    model: str | None = None
    council_dir: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> AnonymiserSettings:
        """Return settings from ``HEARD_SPACY_MODEL`` and ``HEARD_ANONYMISER_DIR``."""
        return cls(model=environ.get(ENV_MODEL) or None, council_dir=environ.get(ENV_DIR) or None)


class Anonymiser:
    """Finds personal information in what young people write and redacts it.

    Built by constructor injection: pass a loaded spaCy pipeline, a registry
    and a lexicon, or let :func:`load_anonymiser` build the defaults.
    """

    def __init__(
        self,
        nlp: Language,
        registry: RecognizerRegistry,
        lexicon: Lexicon,
        min_score: float = 0.5,
        batch_size: int = 64,
    ) -> None:
        if not 0.0 <= min_score <= 1.0:
            raise ValueError(f"min_score must be between 0 and 1, got {min_score}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if len(registry) == 0:
            raise ValueError("the recognizer registry is empty; nothing would be redacted")
        self.nlp = nlp
        self.registry = registry
        self.lexicon = lexicon
        self.min_score = min_score
        self.batch_size = batch_size

    def _allowed(self, text: str, span: Span) -> bool:
        """Return whether a span is kept: an allowed phrase, or the start of one ("kwik" in "kwik fit")."""
        if self.lexicon.is_allowed(text[span.start : span.end]):
            return True
        following = _NEXT_WORD.match(text, span.end)
        return following is not None and self.lexicon.is_allowed(text[span.start : following.end()])

    def _detect_in(self, artifacts: NlpArtifacts) -> list[Span]:
        found: list[Span] = []
        text = artifacts.text
        for recognizer in self.registry:
            for span in recognizer.analyse(artifacts):
                if span.score < self.min_score:
                    continue
                if recognizer.respects_allow_list and self._allowed(text, span):
                    continue
                found.append(span)
        found += self._detect_unmasked(artifacts)
        widening = self.registry.widening
        spans = widening.apply(text, found, artifacts.doc) if widening else resolve_overlaps(found)
        # Films, songs, named storms and shops look like names but name no one.
        return drop_kept(spans, artifacts.doc, self.lexicon.surnames)

    def _detect_unmasked(self, artifacts: NlpArtifacts) -> list[Span]:
        """Return what the text-only recognizers find once disguised numbers are written plainly.

        "oh seven seven oh oh nine…" or "jazzy dot m at gmail dot com" pass every
        pattern as typed; in the unmasked view they are plain numbers and
        addresses, and each find is mapped back over the whole disguised stretch.
        """
        if not self.registry.on_unmasked:
            return []
        unmasked = unmask(artifacts.text)
        if not unmasked.changed:
            return []
        view = NlpArtifacts(text=unmasked.text, doc=artifacts.doc, lower=unmasked.text.lower())
        found: list[Span] = []
        for recognizer in self.registry.on_unmasked:
            for span in recognizer.analyse(view):
                if span.score >= self.min_score and unmasked.touches_rewritten(span):
                    found.append(unmasked.to_original(span))
        return found

    def _detect_cleaned(self, cleaned: CleanText, artifacts: NlpArtifacts) -> list[Span]:
        return resolve_overlaps(cleaned.spans_to_original(self._detect_in(artifacts)))

    def detect(self, text: str) -> list[Span]:
        """Return the personal information in ``text`` as non-overlapping spans in text order.

        Offsets index ``text`` itself, whatever invisible characters it holds.
        """
        cleaned = clean(text)
        return self._detect_cleaned(cleaned, NlpArtifacts.from_doc(self.nlp(cleaned.text)))

    def detect_batch(self, texts: Iterable[str]) -> list[list[Span]]:
        """Return spans for each text, parsing them together with ``nlp.pipe``."""
        cleaned = [clean(t) for t in texts]
        docs = self.nlp.pipe((c.text for c in cleaned), batch_size=self.batch_size)
        results = [
            self._detect_cleaned(c, NlpArtifacts.from_doc(doc)) for c, doc in zip(cleaned, docs, strict=True)
        ]
        log.debug("anonymiser.detect_batch texts=%d", len(results))
        return results

    def redact(self, text: str, spans: Iterable[Span]) -> Redaction:
        """Return ``text`` with ``spans`` replaced by typed placeholders."""
        return redact(text, spans)

    def anonymise(self, text: str) -> Redaction:
        """Return the redaction of one text (detect, then redact)."""
        return redact(text, self.detect(text))

    def anonymise_batch(self, texts: Sequence[str]) -> list[Redaction]:
        """Return the redaction of each text, in order."""
        return [redact(t, s) for t, s in zip(texts, self.detect_batch(texts), strict=True)]


def build_anonymiser(settings: AnonymiserSettings, config_path: str | Path | None = None) -> Anonymiser:
    """Return a new anonymiser for the settings (a council directory may hold its own config)."""
    from anonymiser.nlp import load_nlp

    lexicon = load_lexicon(settings.council_dir)
    if config_path is None and settings.council_dir:
        candidate = Path(settings.council_dir) / CONFIG_FILENAME
        config_path = candidate if candidate.is_file() else None
    registry = build_registry(load_config(config_path), lexicon)
    nlp = load_nlp(settings.model, exclude=registry.spacy_exclude)
    return Anonymiser(nlp, registry, lexicon)


@lru_cache(maxsize=4)
def load_anonymiser(model: str | None = None, council_dir: str | None = None) -> Anonymiser:
    """Return the anonymiser for a model and council directory, built once per process.

    Takes plain values only, so a process-pool initializer can call it.
    """
    return build_anonymiser(AnonymiserSettings(model=model, council_dir=council_dir))
