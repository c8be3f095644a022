"""Built-in button words (Skip, Yes, No…), so survey files only hold their own text.

They are a gettext catalogue per language, ``surveys/locale/<lang>/LC_MESSAGES/surveys.po``,
read from the package with Babel when first needed (no compile step), in the
same format as the conversation's catalogues: a council adds a language's
button words by adding a file. A survey file may still give its own wording
(``phrases`` or ``phrases.*`` in a translation), which comes first.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import get_args

from babel.messages.pofile import read_po

from surveys.definition import PhraseKey

__all__ = ["PHRASE_KEYS", "built_in_phrase", "phrase_catalogue", "phrase_languages"]

PHRASE_KEYS: tuple[str, ...] = get_args(PhraseKey)  # "question_progress" has {number} and {total}


def _locale_dir() -> Path:
    return Path(str(resources.files("surveys") / "locale"))


@cache
def phrase_languages() -> tuple[str, ...]:
    """Return the languages Heard has built-in button words for."""
    return tuple(
        sorted(p.name for p in _locale_dir().iterdir() if (p / "LC_MESSAGES" / "surveys.po").is_file())
    )


@cache
def phrase_catalogue(language: str) -> Mapping[str, str]:
    """Return a language's built-in button words (empty or fuzzy entries left out)."""
    with (_locale_dir() / language / "LC_MESSAGES" / "surveys.po").open("rb") as handle:
        po = read_po(handle)
    return {
        str(m.id): str(m.string)
        for m in po
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def built_in_phrase(language: str, key: str) -> str | None:
    """Return the built-in wording of a button in a language, if Heard ships one."""
    primary = language.split("-", 1)[0]
    return phrase_catalogue(primary).get(key) if primary in phrase_languages() else None
