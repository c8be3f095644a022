"""Answers as recorded, and the checks that turn untrusted input into one.

Input arrives from button callbacks and typed messages, so nothing is
trusted: a code must be one the question offers, a scale point must be 1 to
5, and free text is normalised and capped before it is kept.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict

from surveys.definition import FREE_TEXT_LIMIT, Question

AnswerStatus = Literal["answered", "rather_not_say", "skipped"]
AnswerValue = str | int | tuple[str, ...] | None

RejectReason = Literal[
    "stale",
    "unknown_choice",
    "wrong_type",
    "empty",
    "too_long",
    "not_offered",
    "finished",
    "nothing_to_go_back_to",
]


class AnswerRejected(ValueError):
    """A move the runner refused; ``reason`` is a stable code, the message says why."""

    def __init__(self, reason: RejectReason, message: str) -> None:
        super().__init__(message)
        self.reason: RejectReason = reason


class Answer(BaseModel):
    """One recorded answer.

    ``status`` keeps "rather not say" (an answer in its own right, shown to the
    board as a count) apart from "skipped" (nothing to add to a free-text
    question). ``free_text`` marks raw text the caller must risk-check,
    anonymise and seal; the runner never looks inside it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    question_id: str
    status: AnswerStatus
    value: AnswerValue = None
    free_text: bool = False


def normalise_free_text(text: str) -> str:
    """Return text in NFC with control characters (bar newline and tab) removed and trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))
    return kept.strip()


def answer_from_reply(question: Question, value: object) -> Answer:
    """Return the answer a reply gives to a question; raise AnswerRejected if it is not valid."""
    kind = question.kind
    if kind == "info":
        raise AnswerRejected("not_offered", "an info screen takes Continue, not an answer")
    if kind == "free_text":
        return _free_text(question, value)
    if kind == "scale":
        return _scale(question, value)
    if kind == "multiple_choice":
        return _many(question, value)
    if not isinstance(value, str):
        raise AnswerRejected("wrong_type", "expected one answer code")
    if value not in question.answer_codes():
        raise AnswerRejected("unknown_choice", "that answer is not one of this question's choices")
    return Answer(question_id=question.id, status="answered", value=value)


def opt_out_answer(question: Question) -> Answer:
    """Return the answer for opting out: "rather not say", or "skipped" for free text."""
    if not question.answerable:
        raise AnswerRejected("not_offered", "an info screen has nothing to opt out of")
    if question.kind == "free_text":
        return Answer(question_id=question.id, status="skipped")
    return Answer(question_id=question.id, status="rather_not_say")


def _free_text(question: Question, value: object) -> Answer:
    if not isinstance(value, str):
        raise AnswerRejected("wrong_type", "expected text")
    text = normalise_free_text(value)
    if not text:
        raise AnswerRejected("empty", "the message was empty; send text or skip")
    limit = question.max_length or FREE_TEXT_LIMIT
    if len(text) > limit:
        raise AnswerRejected("too_long", f"please keep it to {limit} characters")
    return Answer(question_id=question.id, status="answered", value=text, free_text=True)


def _scale(question: Question, value: object) -> Answer:
    if isinstance(value, str) and len(value) == 1 and value in "12345":
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerRejected("wrong_type", "expected a point on the scale, 1 to 5")
    if not 1 <= value <= 5:
        raise AnswerRejected("unknown_choice", "a scale point is 1 to 5")
    return Answer(question_id=question.id, status="answered", value=value)


def _many(question: Question, value: object) -> Answer:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise AnswerRejected("wrong_type", "expected a list of answer codes")
    if not value:
        raise AnswerRejected("empty", "pick at least one answer, or choose 'rather not say'")
    if len(set(value)) != len(value):
        raise AnswerRejected("wrong_type", "an answer was picked twice")
    codes = question.answer_codes()
    if any(v not in codes for v in value):
        raise AnswerRejected("unknown_choice", "an answer is not one of this question's choices")
    ordered = tuple(code for code in codes if code in value)
    return Answer(question_id=question.id, status="answered", value=ordered)


def answer_is_valid(question: Question, answer: Answer) -> bool:
    """True when a stored answer could have come from this question (used on resume)."""
    if answer.question_id != question.id or not question.answerable:
        return False
    if answer.status != "answered":
        expected = "skipped" if question.kind == "free_text" else "rather_not_say"
        return answer.status == expected and answer.value is None
    try:
        again = answer_from_reply(question, answer.value)
    except AnswerRejected:
        return False
    return again == answer
