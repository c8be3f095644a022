"""The one spaCy parse of a text, shared by every recognizer (Presidio's ``NlpArtifacts``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class NlpArtifacts:
    """What recognizers get: the text, its parse and the lower-cased text for cheap patterns.

    ``lower`` keeps the offsets of ``text`` (``str.lower`` can change lengths for
    a few characters, so the engine falls back to the text itself when it does).
    """

    text: str
    doc: Doc
    lower: str

    @classmethod
    def from_doc(cls, doc: Doc) -> NlpArtifacts:
        """Return artifacts for a parsed document."""
        text = doc.text
        lower = text.lower()
        if len(lower) != len(text):
            lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        return cls(text=text, doc=doc, lower=lower)
