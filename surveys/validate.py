"""Survey files checked end to end: every problem with its line and a fix hint.

Reading never raises for a bad file: not YAML, wrong types, binary junk and
broken cross-references all come back as :class:`Problem` values, so a
service can refuse a file without crashing and ``heard survey validate`` can
list all of them at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from surveys import definition
from surveys.checks import check_survey
from surveys.definition import Survey
from surveys.source import Source, SourceError, parse

# Union members and dict keys that pydantic adds to error locations.
_LOC_TAGS = frozenset({"constrained-str", "constrained-int", "str", "int", "[key]"})

_KNOWN_FIELDS: frozenset[str] = frozenset(
    name
    for model in vars(definition).values()
    if isinstance(model, type) and issubclass(model, BaseModel)
    for name in model.model_fields
)

_PATTERN_HINTS: dict[str, str] = {
    "id": "use lower-case letters, digits, '-' and '_', starting with a letter or digit",
    "question": "use the id of an earlier question",
    "code": "use lower-case letters, digits and '_' (promise codes: capitals, e.g. CIC-LISTEN)",
    "promise": "use capitals, digits and '-', e.g. CIC-LISTEN",
    "languages": "use a language tag such as en or cy",
    "translations": "use a language tag such as en or cy",
}

_TYPE_HINTS: dict[str, str] = {
    "model_type": "expected 'key: value' lines here",
    "dict_type": "expected 'key: value' lines here",
    "list_type": "expected a list here, one '- item' per line",
    "string_type": "expected text here; put it in quotes if it looks like a number or date",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "too_short": "add the missing items",
    "string_too_short": "write some text, or remove the field if it is optional",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a survey file, where it is, and how to fix it."""

    file: str
    line: int
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}\n    fix: {self.hint}"


@dataclass(frozen=True)
class Checked:
    """The result of checking one file: the survey when it is sound, and its problems."""

    file: str
    survey: Survey | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when the file is a usable survey."""
        return self.survey is not None and not self.problems


class SurveyInvalid(ValueError):
    """A survey file has problems; ``problems`` lists them all."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("; ".join(f"{p.file}:{p.line}: {p.message}" for p in problems))
        self.problems = problems


def check_bytes(raw: bytes, file: str) -> Checked:
    """Return the survey in ``raw`` (named ``file`` in messages) with every problem found."""
    source = parse(raw)
    if isinstance(source, SourceError):
        return Checked(file, None, (Problem(file, source.line, source.message, source.hint),))
    if not isinstance(source.data, dict):
        problem = Problem(
            file,
            1,
            "a survey file must be a set of 'key: value' lines",
            "start from a survey in surveys/bank/",
        )
        return Checked(file, None, (problem,))
    try:
        survey = Survey.model_validate(source.data)
    except ValidationError as exc:
        return Checked(file, None, tuple(_shape_problems(exc, source, file)))
    problems = tuple(Problem(file, source.line_of(f.path), f.message, f.hint) for f in check_survey(survey))
    return Checked(file, None if problems else survey, problems)


def survey_from_bytes(raw: bytes, file: str) -> Survey:
    """Return the survey in ``raw``; raise :class:`SurveyInvalid` listing every problem."""
    checked = check_bytes(raw, file)
    if checked.survey is None:
        raise SurveyInvalid(checked.problems)
    return checked.survey


def _shape_problems(exc: ValidationError, source: Source, file: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str | int, ...]] = set()
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if part not in _LOC_TAGS)
        if loc in seen:
            continue  # a value that failed every member of a union: report it once
        seen.add(loc)
        message, hint = _describe(error, loc)
        problems.append(Problem(file, source.line_of(loc), message, hint))
    return sorted(problems, key=lambda p: p.line)


def _describe(error: Any, loc: tuple[str | int, ...]) -> tuple[str, str]:
    kind = error["type"]
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    where = _dotted(loc)
    if kind == "missing":
        return f"'{field}' is missing in {_dotted(loc[:-1]) or 'the file'}", f"add '{field}: ...'"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(field, sorted(_KNOWN_FIELDS), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it; see docs/surveys.md"
        return f"unknown field '{field}' in {_dotted(loc[:-1]) or 'the file'}", hint
    value = _shown(error.get("input"))
    if "[key]" in error["loc"]:
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"{value} is not allowed as a key in {_dotted(loc[:-1])}", f"use one of {expected}"
    if kind == "literal_error":
        return f"{value} is not allowed for {where}", f"use one of {error['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(field, "see docs/surveys.md for the allowed characters")
        return f"{value} is not a valid {field or 'value'} ({where})", hint
    if kind == "string_too_long":
        limit = error["ctx"]["max_length"]
        return f"{where} is too long", f"keep it to {limit} characters or fewer"
    if _is_answer_code(loc):
        return (
            f"{value} is not an answer code ({where})",
            "use a choice code (yes, no, not_sure, or your own) or a scale point 1 to 5",
        )
    hint = _TYPE_HINTS.get(kind, "see docs/surveys.md")
    return f"{where}: {error['msg'].lower()}", hint


def _is_answer_code(loc: tuple[str | int, ...]) -> bool:
    return len(loc) >= 2 and loc[-2] in ("any_of", "positive")


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
