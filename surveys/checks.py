"""Rules that look across fields of a well-formed survey, each with a fix hint.

They run after the shape check and return findings located by path (for
example ``("questions", 3, "show_if", "question")``) so the caller can turn
paths into line numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from surveys.cohorts import BANDS_FOR_STATUS
from surveys.definition import RESERVED_CODES, Question, Survey
from surveys.phrases import PHRASE_KEYS, built_in_phrase
from surveys.texts import allowed_translation_keys, required_translation_keys

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A problem found in a survey: where, what is wrong, and how to fix it."""

    path: Location
    message: str
    hint: str


def check_survey(survey: Survey) -> list[Finding]:
    """Return every cross-field problem of a survey, in file order; empty when it is sound."""
    return [
        *_check_audience(survey),
        *_check_languages(survey),
        *_check_promises(survey),
        *_check_questions(survey),
        *_check_translations(survey),
    ]


def _check_audience(survey: Survey) -> Iterator[Finding]:
    audience = survey.audience
    for field in ("care_status", "age_bands"):
        for value, count in Counter(getattr(audience, field)).items():
            if count > 1:
                yield Finding(("audience", field), f"{value!r} is listed twice", "list it once")
    for index, band in enumerate(audience.age_bands):
        if not any(band in BANDS_FOR_STATUS[status] for status in audience.care_status):
            statuses = " or ".join(audience.care_status)
            yield Finding(
                ("audience", "age_bands", index),
                f"age band {band!r} does not exist for {statuses}",
                "children in care are 8-10, 11-15 or 16-17; care leavers are 16-25",
            )


def _check_languages(survey: Survey) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, language in enumerate(survey.languages):
        if language in seen:
            yield Finding(
                ("languages", index), f"language {language!r} is listed twice", "list each language once"
            )
        seen.add(language)
    missing = [
        key
        for key in PHRASE_KEYS
        if key not in survey.phrases and built_in_phrase(survey.base_language, key) is None
    ]
    if missing:
        yield Finding(
            ("languages", 0),
            f"there is no built-in button wording in {survey.base_language!r} for: {', '.join(missing)}",
            "add each under 'phrases:' (built-in wording exists for en and cy)",
        )


def _check_promises(survey: Survey) -> Iterator[Finding]:
    codes = [item.code for item in survey.promises]
    for index, code in enumerate(codes):
        if code in codes[:index]:
            yield Finding(
                ("promises", index, "code"),
                f"promise code {code!r} is used twice",
                "give each promise its own code",
            )
    if survey.purpose in ("promise", "charter") and not survey.promises:
        yield Finding(
            ("purpose",),
            f"a {survey.purpose} survey lists no promises",
            "add a 'promises:' list with code, promise and kept_when for each",
        )
    measured = {q.promise for q in survey.questions if q.closed and q.positive}
    for index, item in enumerate(survey.promises):
        if item.code not in measured:
            yield Finding(
                ("promises", index, "code"),
                f"no question measures promise {item.code!r}",
                f"add 'promise: {item.code}' and 'positive: [...]' to a question about it",
            )


def _check_questions(survey: Survey) -> Iterator[Finding]:
    position: dict[str, int] = {}
    promise_codes = {item.code for item in survey.promises}
    for index, question in enumerate(survey.questions):
        where: Location = ("questions", index)
        if question.id in position:
            yield Finding(
                (*where, "id"), f"question id {question.id!r} is used twice", "give each question its own id"
            )
        else:
            position[question.id] = index
        yield from _check_kind_fields(question, where)
        yield from _check_variants(survey, question, where)
        yield from _check_show_if(survey, question, where, position)
        yield from _check_promise_link(survey, question, where, promise_codes)


def _check_kind_fields(question: Question, where: Location) -> Iterator[Finding]:
    kind = question.kind
    if kind in ("single_choice", "multiple_choice"):
        choices = question.choices or []
        if len(choices) < 2:
            yield Finding(
                (*where, "choices"),
                f"a {kind} question needs at least 2 choices",
                "add 'choices:' with a code and label for each answer",
            )
        codes = [choice.code for choice in choices]
        for number, code in enumerate(codes):
            if code in codes[:number]:
                yield Finding(
                    (*where, "choices", number, "code"),
                    f"choice code {code!r} is used twice",
                    "give each choice its own code",
                )
            if code in RESERVED_CODES:
                yield Finding(
                    (*where, "choices", number, "code"),
                    f"choice code {code!r} is reserved",
                    "leave it out: every question already offers 'rather not say'",
                )
    elif question.choices is not None:
        yield Finding(
            (*where, "choices"),
            f"a {kind} question does not use choices",
            "remove 'choices:' or change the kind to single_choice",
        )
    if kind == "scale":
        if question.scale is None or len(question.scale) != 5:
            got = 0 if question.scale is None else len(question.scale)
            yield Finding(
                (*where, "scale"),
                f"a scale needs exactly 5 labels, found {got}",
                "give 5 points under 'scale:', from 1 (worst) to 5 (best)",
            )
    elif question.scale is not None:
        yield Finding(
            (*where, "scale"),
            f"a {kind} question does not use a scale",
            "remove 'scale:' or change the kind to scale",
        )
    if question.max_length is not None and kind != "free_text":
        yield Finding((*where, "max_length"), "max_length only applies to free_text", "remove 'max_length:'")


def _check_variants(survey: Survey, question: Question, where: Location) -> Iterator[Finding]:
    for band in question.variants:
        if band not in survey.audience.age_bands:
            yield Finding(
                (*where, "variants", band),
                f"variant for age band {band!r}, which is not in the audience",
                "remove it or add the band to 'audience: age_bands'",
            )


def _check_show_if(
    survey: Survey, question: Question, where: Location, position: dict[str, int]
) -> Iterator[Finding]:
    condition = question.show_if
    if condition is None:
        return
    target_id = condition.question
    if target_id == question.id:
        yield Finding(
            (*where, "show_if", "question"),
            "show_if refers to its own question",
            "refer to an earlier question",
        )
        return
    if target_id not in position:
        later = any(q.id == target_id for q in survey.questions)
        yield Finding(
            (*where, "show_if", "question"),
            f"show_if refers to {'later' if later else 'unknown'} question {target_id!r}",
            "show_if can only use a question that comes before this one"
            if later
            else "check the spelling of the question id",
        )
        return
    target = survey.questions[position[target_id]]
    if not target.closed:
        yield Finding(
            (*where, "show_if", "question"),
            f"show_if refers to {target_id!r}, a {target.kind} question",
            "refer to a choice, scale or yes_no_not_sure question",
        )
        return
    yield from _check_codes(target, condition.any_of, (*where, "show_if", "any_of"))


def _check_codes(target: Question, values: list[str | int], where: Location) -> Iterator[Finding]:
    allowed = target.answer_codes()
    for index, value in enumerate(values):
        if value not in allowed:
            shown = ", ".join(str(code) for code in allowed)
            yield Finding(
                (*where, index), f"{value!r} is not an answer of {target.id!r}", f"use one of: {shown}"
            )


def _check_promise_link(
    survey: Survey, question: Question, where: Location, promise_codes: set[str]
) -> Iterator[Finding]:
    if question.promise is not None:
        if not question.answerable:
            yield Finding(
                (*where, "promise"),
                "an info screen cannot measure a promise",
                "remove 'promise:' from the info screen",
            )
        elif question.promise not in promise_codes:
            yield Finding(
                (*where, "promise"),
                f"unknown promise code {question.promise!r}",
                "use a code from the 'promises:' list",
            )
        elif question.closed and not question.positive:
            yield Finding(
                (*where, "positive"),
                f"question {question.id!r} measures a promise but has no 'positive'",
                "list the answers that mean the promise was kept, e.g. positive: [4, 5]",
            )
    if question.positive is None:
        return
    if not question.closed:
        yield Finding(
            (*where, "positive"), f"a {question.kind} question cannot have 'positive'", "remove 'positive:'"
        )
        return
    if question.promise is None and survey.purpose in ("promise", "charter"):
        yield Finding(
            (*where, "promise"),
            "'positive' is set but no promise is named",
            "add 'promise: CODE' naming the promise this measures",
        )
    yield from _check_codes(question, question.positive, (*where, "positive"))
    if set(question.answer_codes()) <= set(question.positive):
        yield Finding(
            (*where, "positive"),
            "every answer counts as positive",
            "list only the answers that mean the promise was kept",
        )


def _check_translations(survey: Survey) -> Iterator[Finding]:
    others = survey.languages[1:]
    for language in survey.translations:
        if language not in others:
            yield Finding(
                ("translations", language),
                f"translation {language!r} is not in 'languages' after the first",
                f"add {language!r} to 'languages' or remove this translation",
            )
    required = required_translation_keys(survey)
    allowed = allowed_translation_keys(survey)
    for index, language in enumerate(others, start=1):
        if language == survey.base_language:
            continue
        texts = survey.translations.get(language)
        if texts is None:
            yield Finding(
                ("languages", index),
                f"no translation for language {language!r}",
                f"add 'translations: {{{language}: ...}}' with every text key",
            )
            continue
        for key in sorted(required - set(texts)):
            yield Finding(
                ("translations", language),
                f"translation {language!r} is missing {key!r}",
                f"add '{key}: ...' under translations: {language}",
            )
        for key in texts:
            if key not in allowed:
                yield Finding(
                    ("translations", language, key),
                    f"unknown text key {key!r}",
                    "check the spelling against the question ids and choice codes",
                )
        missing = [
            f"phrases.{key}"
            for key in PHRASE_KEYS
            if f"phrases.{key}" not in texts and built_in_phrase(language, key) is None
        ]
        if missing:
            yield Finding(
                ("translations", language),
                f"translation {language!r} needs button wording: {', '.join(missing)}",
                "add each key; Heard has built-in button words only for en and cy",
            )
