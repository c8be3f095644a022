"""The words a young person sees: translation keys, variants and button labels.

Every piece of text in a survey has a key (``title``,
``questions.<id>.text``, ``questions.<id>.choices.<code>``…). A translation is
a flat map from those keys to text, which keeps "is anything missing?" a
simple set difference that the validator can report key by key.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveys.cohorts import AgeBand
from surveys.definition import DEFAULT_FACES, YES_NO_NOT_SURE, Question, Survey
from surveys.phrases import PHRASE_KEYS, built_in_phrase

YES_NO_EMOJI: dict[str, str] = {"yes": "👍", "no": "👎", "not_sure": "🤔"}

# Board-facing text: a translation may carry it, but need not.
OPTIONAL_PREFIXES: tuple[str, ...] = ("promises.",)


def text_keys(survey: Survey) -> dict[str, str]:
    """Return every translatable key of a survey with its text in the base language."""
    keys: dict[str, str] = {"title": survey.title}
    for name in ("intro", "outro"):
        value = getattr(survey, name)
        if value is not None:
            keys[name] = value
    if survey.easy_read is not None:
        for name in ("title", "intro", "outro"):
            value = getattr(survey.easy_read, name)
            if value is not None:
                keys[f"easy_read.{name}"] = value
    for item in survey.promises:
        keys[f"promises.{item.code}.promise"] = item.promise
        keys[f"promises.{item.code}.kept_when"] = item.kept_when
    for question in survey.questions:
        keys.update(_question_keys(question))
    return keys


def _question_keys(question: Question) -> dict[str, str]:
    prefix = f"questions.{question.id}"
    keys = {f"{prefix}.text": question.text}
    if question.help is not None:
        keys[f"{prefix}.help"] = question.help
    wordings = [(f"{prefix}.variants.{band}", w) for band, w in question.variants.items()]
    if question.easy_read is not None:
        wordings.append((f"{prefix}.easy_read", question.easy_read))
    for key, wording in wordings:
        keys[f"{key}.text"] = wording.text
        if wording.help is not None:
            keys[f"{key}.help"] = wording.help
    for choice in question.choices or ():
        keys[f"{prefix}.choices.{choice.code}"] = choice.label
    for number, point in enumerate(question.scale or (), start=1):
        keys[f"{prefix}.scale.{number}"] = point.label
    return keys


def required_translation_keys(survey: Survey) -> set[str]:
    """Return the keys every translation must give: all text a young person sees."""
    return {k for k in text_keys(survey) if not k.startswith(OPTIONAL_PREFIXES)}


def allowed_translation_keys(survey: Survey) -> set[str]:
    """Return every key a translation may give, including button phrases."""
    return set(text_keys(survey)) | {f"phrases.{key}" for key in PHRASE_KEYS}


def localise(survey: Survey, language: str, key: str) -> str:
    """Return the text for a key in a language, falling back to the base language."""
    if language != survey.base_language:
        translated = survey.translations.get(language, {}).get(key)
        if translated is not None:
            return translated
    return text_keys(survey)[key]


def phrase(survey: Survey, language: str, key: str) -> str:
    """Return a button phrase: the survey's own wording first, then Heard's built-in one."""
    if language == survey.base_language:
        own = survey.phrases.get(key)  # type: ignore[call-overload]
    else:
        own = survey.translations.get(language, {}).get(f"phrases.{key}")
    if own is not None:
        return own
    built_in = built_in_phrase(language, key)
    if built_in is None:
        raise KeyError(f"no wording for phrase {key!r} in language {language!r}")
    return built_in


@dataclass(frozen=True)
class Option:
    """One button: the code sent back, its label and an emoji to show beside it."""

    code: str | int
    label: str
    emoji: str | None = None


@dataclass(frozen=True)
class QuestionWording:
    """The text, help and answer buttons of a question, ready to show."""

    text: str
    help: str | None
    options: tuple[Option, ...]


def word_question(
    survey: Survey,
    question: Question,
    *,
    language: str,
    age_band: AgeBand | None = None,
    easy_read: bool = False,
) -> QuestionWording:
    """Return a question's wording for a reader: easy read first, then age band, then base.

    An age-band variant without its own help keeps the base help; an
    easy-read variant without help shows none, because easy read stays short.
    """
    prefix = f"questions.{question.id}"
    if easy_read and question.easy_read is not None:
        key, help_key = (
            f"{prefix}.easy_read.text",
            (f"{prefix}.easy_read.help" if question.easy_read.help is not None else None),
        )
    elif age_band is not None and age_band in question.variants:
        variant = question.variants[age_band]
        key = f"{prefix}.variants.{age_band}.text"
        help_key = f"{prefix}.variants.{age_band}.help" if variant.help is not None else None
        if help_key is None and question.help is not None:
            help_key = f"{prefix}.help"
    else:
        key = f"{prefix}.text"
        help_key = f"{prefix}.help" if question.help is not None else None
    text = localise(survey, language, key)
    help_text = localise(survey, language, help_key) if help_key else None
    return QuestionWording(text, help_text, _options(survey, question, language))


def _options(survey: Survey, question: Question, language: str) -> tuple[Option, ...]:
    prefix = f"questions.{question.id}"
    if question.kind in ("single_choice", "multiple_choice"):
        return tuple(
            Option(c.code, localise(survey, language, f"{prefix}.choices.{c.code}"), c.emoji)
            for c in question.choices or ()
        )
    if question.kind == "scale":
        return tuple(
            Option(
                number,
                localise(survey, language, f"{prefix}.scale.{number}"),
                point.face or DEFAULT_FACES[number - 1],
            )
            for number, point in enumerate(question.scale or (), start=1)
        )
    if question.kind == "yes_no_not_sure":
        return tuple(
            Option(code, phrase(survey, language, code), YES_NO_EMOJI[code]) for code in YES_NO_NOT_SURE
        )
    return ()


@dataclass(frozen=True)
class SurveyWording:
    """The survey's title, introduction and closing words, ready to show."""

    title: str
    intro: str | None
    outro: str | None


def word_survey(survey: Survey, *, language: str, easy_read: bool = False) -> SurveyWording:
    """Return the survey's own texts in a language, easy read where the file gives it."""
    keys = text_keys(survey)

    def pick(name: str) -> str | None:
        if easy_read and f"easy_read.{name}" in keys:
            return localise(survey, language, f"easy_read.{name}")
        return localise(survey, language, name) if name in keys else None

    return SurveyWording(title=pick("title") or survey.title, intro=pick("intro"), outro=pick("outro"))
