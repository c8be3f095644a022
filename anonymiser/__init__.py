"""PII redaction, theme tagging and safeguarding risk detection for what young people write (pure: no I/O)."""

from anonymiser.engine import Anonymiser, AnonymiserSettings, build_anonymiser, load_anonymiser
from anonymiser.redaction import Redaction, Replacement, redact
from anonymiser.spans import Entity, Label, Span

__all__ = [
    "Anonymiser",
    "AnonymiserSettings",
    "Entity",
    "Label",
    "Redaction",
    "Replacement",
    "Span",
    "build_anonymiser",
    "load_anonymiser",
    "redact",
]
