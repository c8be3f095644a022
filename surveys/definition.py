"""The survey definition: what a survey file may say, as pydantic models.

These models check the shape of a file (types, required fields, allowed
words). Rules that look across fields, such as ``show_if`` pointing at an
earlier question, live in :mod:`surveys.checks` so that every problem can be
reported with its line number at once.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from surveys.cohorts import AgeBand, CareStatus

SurveyId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=64)]
QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=64)]
ChoiceCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", min_length=1, max_length=40)]
PromiseCode = Annotated[
    str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", min_length=2, max_length=40)
]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Emoji = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16)]
ScaleValue = Annotated[int, Field(strict=True, ge=1, le=5)]
AnswerCode = ChoiceCode | ScaleValue

QuestionKind = Literal["single_choice", "multiple_choice", "scale", "yes_no_not_sure", "free_text", "info"]
SurveyPurpose = Literal["promise", "charter", "check_in"]
PhraseKey = Literal["rather_not_say", "skip", "yes", "no", "not_sure", "question_progress"]

CLOSED_KINDS: frozenset[str] = frozenset({"single_choice", "multiple_choice", "scale", "yes_no_not_sure"})
YES_NO_NOT_SURE: tuple[str, ...] = ("yes", "no", "not_sure")
RESERVED_CODES: frozenset[str] = frozenset({"rather_not_say", "skip", "skipped"})
FREE_TEXT_LIMIT = 4096
DEFAULT_FACES: tuple[str, ...] = ("😞", "🙁", "😐", "🙂", "😀")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Audience(_Strict):
    """Who the survey is for; the cohorts are every valid status and band pair."""

    care_status: list[CareStatus] = Field(min_length=1, description="in_care and/or care_leaver")
    age_bands: list[AgeBand] = Field(
        min_length=1, description="8-10, 11-15, 16-17 (in care) or 16-25 (care leavers)"
    )


class PromiseItem(_Strict):
    """One Promise or Charter commitment, as the council wrote it, and how it shows."""

    code: PromiseCode = Field(description="Stable code, e.g. CIC-LISTEN; never reuse one")
    promise: Text = Field(description="The commitment in the council's words")
    kept_when: Text = Field(description="You will know we've kept this because…")


class Wording(_Strict):
    """Question text and optional help, for a variant (age band or easy read)."""

    text: Text
    help: Text | None = None


class Choice(_Strict):
    """One answer button of a single or multiple choice question."""

    code: ChoiceCode = Field(description="Stable code stored as the answer")
    label: Text
    emoji: Emoji | None = None


class ScalePoint(_Strict):
    """One of the five points of a scale, from 1 (worst) to 5 (best)."""

    label: Text
    face: Emoji | None = Field(default=None, description="Defaults to 😞 🙁 😐 🙂 😀")


class Condition(_Strict):
    """Show a question only when an earlier question was answered with one of these."""

    question: QuestionId
    any_of: list[AnswerCode] = Field(min_length=1)


class Question(_Strict):
    """One screen of a survey: a question of some kind, or an info screen."""

    id: QuestionId
    kind: QuestionKind
    text: Text
    help: Text | None = None
    variants: dict[AgeBand, Wording] = Field(
        default_factory=dict, description="Other wording for some age bands"
    )
    easy_read: Wording | None = Field(default=None, description="Short words and emoji")
    choices: list[Choice] | None = Field(default=None, description="single_choice and multiple_choice only")
    scale: list[ScalePoint] | None = Field(default=None, description="scale only: 5 points")
    show_if: Condition | None = None
    promise: PromiseCode | None = Field(default=None, description="Code of the promise measured")
    positive: list[AnswerCode] | None = Field(
        default=None, description="Answers that count as the promise being kept"
    )
    max_length: Annotated[int, Field(ge=1, le=FREE_TEXT_LIMIT)] | None = Field(
        default=None, description="free_text only; at most 4096 characters"
    )

    @property
    def answerable(self) -> bool:
        """True for every kind except info screens."""
        return self.kind != "info"

    @property
    def closed(self) -> bool:
        """True when answers are codes or scale points, not free text."""
        return self.kind in CLOSED_KINDS

    def answer_codes(self) -> tuple[str | int, ...]:
        """Return every answer this question accepts, apart from opting out."""
        if self.kind in ("single_choice", "multiple_choice"):
            return tuple(choice.code for choice in self.choices or ())
        if self.kind == "scale":
            return (1, 2, 3, 4, 5)
        if self.kind == "yes_no_not_sure":
            return YES_NO_NOT_SURE
        return ()


class SurveyEasyRead(_Strict):
    """Easy-read wording for the survey's own texts."""

    title: Text | None = None
    intro: Text | None = None
    outro: Text | None = None


class Survey(_Strict):
    """A survey definition: a versioned file that is never edited once in use."""

    id: SurveyId
    version: Annotated[int, Field(strict=True, ge=1)] = Field(
        description="Raise it for any change once the survey has been used"
    )
    title: Text
    purpose: SurveyPurpose = Field(description="promise, charter or check_in")
    audience: Audience
    languages: list[LanguageTag] = Field(
        min_length=1, description="First is the language this file is written in"
    )
    intro: Text | None = None
    outro: Text | None = None
    easy_read: SurveyEasyRead | None = None
    promises: list[PromiseItem] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)
    phrases: dict[PhraseKey, Text] = Field(
        default_factory=dict, description="Override the built-in button words"
    )
    translations: dict[LanguageTag, dict[str, Text]] = Field(
        default_factory=dict, description="Per language: text key -> translated text"
    )

    @property
    def base_language(self) -> str:
        """The language the file itself is written in."""
        return self.languages[0]

    def question(self, question_id: str) -> Question:
        """Return the question with this id; KeyError if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def promise(self, code: str) -> PromiseItem:
        """Return the promise with this code; KeyError if there is none."""
        for item in self.promises:
            if item.code == code:
                return item
        raise KeyError(code)
