"""Built-in button words in English and Welsh, so survey files only hold their own text."""

from __future__ import annotations

from typing import get_args

from surveys.definition import PhraseKey

PHRASE_KEYS: tuple[str, ...] = get_args(PhraseKey)

# "question_progress" is a format string with {number} and {total}.
BUILT_IN_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "rather_not_say": "I'd rather not say",
        "skip": "Skip",
        "yes": "Yes",
        "no": "No",
        "not_sure": "Not sure",
        "question_progress": "Question {number} of {total}",
    },
    "cy": {
        "rather_not_say": "Byddai'n well gen i beidio â dweud",
        "skip": "Hepgor",
        "yes": "Ie",
        "no": "Na",
        "not_sure": "Ddim yn siŵr",
        "question_progress": "Cwestiwn {number} o {total}",
    },
}


def built_in_phrase(language: str, key: str) -> str | None:
    """Return the built-in wording of a button in a language, if Heard ships one."""
    primary = language.split("-", 1)[0]
    return BUILT_IN_PHRASES.get(primary, {}).get(key)
