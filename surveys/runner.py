"""The survey runner: (survey, state, move) -> new state, and state -> next step.

The conversation engine owns storage and messaging; the runner only decides.
A :class:`RunState` is an immutable value with ``to_json``/``from_json``, so
a young person can stop and carry on days later. Its JSON holds raw free
text, so store it sealed.

Navigation rules:

* ``history`` is the list of screens passed, always a prefix of the screens
  currently visible; the current screen is the next visible one.
* ``Back`` steps one screen back and keeps the answer given there, offered as
  ``Ask.previous`` so it can be shown or changed.
* After any change, answers to questions that ``show_if`` now hides are
  dropped, so a changed mind never leaves an answer to a question that no
  longer applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from surveys.answers import (
    Answer,
    AnswerRejected,
    answer_from_reply,
    answer_is_valid,
    opt_out_answer,
)
from surveys.cohorts import AgeBand
from surveys.definition import Question, QuestionKind, Survey
from surveys.texts import Option, phrase, word_question, word_survey


class StateMismatch(ValueError):
    """A stored state does not fit the survey given (wrong survey, version or corrupt data)."""


class RunState(BaseModel):
    """Where one young person is in one survey: answers so far and screens passed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1] = 1
    survey_id: str
    survey_version: int
    language: str
    age_band: AgeBand | None = None
    easy_read: bool = False
    answers: tuple[Answer, ...] = ()
    history: tuple[str, ...] = ()

    def to_json(self) -> str:
        """Return the state as compact JSON, to be stored (sealed) between messages."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> RunState:
        """Return the state stored as JSON; raise StateMismatch when it is not one."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            raise StateMismatch(f"stored survey state is not valid ({exc.error_count()} errors)") from None

    def answer(self, question_id: str) -> Answer | None:
        """Return the answer kept for a question, if any."""
        return next((a for a in self.answers if a.question_id == question_id), None)


# Moves the conversation engine sends. Each names the screen it answers, so a
# button pressed on an old message is refused as "stale" instead of misapplied.
@dataclass(frozen=True)
class Respond:
    """An answer to the current question (a code, codes, a scale point or text)."""

    question_id: str
    value: object


@dataclass(frozen=True)
class OptOut:
    """ "Rather not say" on a closed question, or "skip" on a free-text one."""

    question_id: str


@dataclass(frozen=True)
class Continue:
    """Move on from an info screen."""

    question_id: str


@dataclass(frozen=True)
class Back:
    """Go back one screen."""


Move = Respond | OptOut | Continue | Back


@dataclass(frozen=True)
class Progress:
    """Question ``number`` of ``total`` (info screens are not counted)."""

    number: int
    total: int
    label: str


@dataclass(frozen=True)
class Ask:
    """Show this screen next."""

    question_id: str
    kind: QuestionKind
    text: str
    help: str | None
    options: tuple[Option, ...]
    opt_out: Option | None
    progress: Progress | None
    previous: Answer | None
    can_go_back: bool
    promise: str | None

    @property
    def free_text(self) -> bool:
        """True when the reply will be raw text that the caller must screen for risk."""
        return self.kind == "free_text"

    @property
    def multiple(self) -> bool:
        """True when several options may be picked."""
        return self.kind == "multiple_choice"


@dataclass(frozen=True)
class Done:
    """The survey is finished: these are the answers to keep."""

    answers: tuple[Answer, ...]
    outro: str | None


Step = Ask | Done


def start(
    survey: Survey, *, language: str, age_band: AgeBand | None = None, easy_read: bool = False
) -> RunState:
    """Return a fresh state for a reader; ValueError if the language or band does not fit."""
    if language not in survey.languages:
        raise ValueError(f"survey {survey.id} is not available in {language!r}")
    if age_band is not None and age_band not in survey.audience.age_bands:
        raise ValueError(f"survey {survey.id} is not for age band {age_band!r}")
    return RunState(
        survey_id=survey.id,
        survey_version=survey.version,
        language=language,
        age_band=age_band,
        easy_read=easy_read,
    )


def visible_questions(survey: Survey, answers: tuple[Answer, ...]) -> list[Question]:
    """Return the screens shown, in order, given these answers.

    ``show_if`` only looks at earlier questions, so one pass in order settles
    it; an earlier question that is itself hidden counts as unanswered.
    """
    given = {a.question_id: a for a in answers}
    shown: list[Question] = []
    shown_ids: set[str] = set()
    for question in survey.questions:
        condition = question.show_if
        if condition is not None:
            answer = given.get(condition.question) if condition.question in shown_ids else None
            if answer is None or answer.status != "answered":
                continue
            values = answer.value if isinstance(answer.value, tuple) else (answer.value,)
            if not any(v in condition.any_of for v in values):
                continue
        shown.append(question)
        shown_ids.add(question.id)
    return shown


def next_step(survey: Survey, state: RunState) -> Step:
    """Return the screen to show next, or Done with the answers to keep."""
    visible = _checked_visible(survey, state)
    if len(state.history) >= len(visible):
        outro = word_survey(survey, language=state.language, easy_read=state.easy_read).outro
        return Done(answers=state.answers, outro=outro)
    return _ask(survey, state, visible, visible[len(state.history)])


def apply(survey: Survey, state: RunState, move: Move) -> RunState:
    """Return the state after a move; raise AnswerRejected for input that is not valid."""
    visible = _checked_visible(survey, state)
    if isinstance(move, Back):
        if not state.history:
            raise AnswerRejected("nothing_to_go_back_to", "this is the first question")
        return state.model_copy(update={"history": state.history[:-1]})
    if len(state.history) >= len(visible):
        raise AnswerRejected("finished", "the survey is already finished")
    current = visible[len(state.history)]
    if move.question_id != current.id:
        raise AnswerRejected("stale", "that button belongs to another question")
    if isinstance(move, Continue):
        if current.answerable:
            raise AnswerRejected("not_offered", "this question needs an answer or opt-out")
        return state.model_copy(update={"history": (*state.history, current.id)})
    answer = opt_out_answer(current) if isinstance(move, OptOut) else answer_from_reply(current, move.value)
    answers = _with_answer(survey, state.answers, answer)
    return state.model_copy(update={"answers": answers, "history": (*state.history, current.id)})


def _with_answer(survey: Survey, answers: tuple[Answer, ...], new: Answer) -> tuple[Answer, ...]:
    kept = {a.question_id: a for a in answers}
    kept[new.question_id] = new
    ordered = tuple(kept[q.id] for q in survey.questions if q.id in kept)
    # Drop answers that the new answer hides; hiding only flows forward, so repeat
    # until nothing changes (one pass per level of nesting at most).
    while True:
        shown = {q.id for q in visible_questions(survey, ordered)}
        pruned = tuple(a for a in ordered if a.question_id in shown)
        if pruned == ordered:
            return ordered
        ordered = pruned


def _checked_visible(survey: Survey, state: RunState) -> list[Question]:
    if (state.survey_id, state.survey_version) != (survey.id, survey.version):
        raise StateMismatch(
            f"state is for {state.survey_id} v{state.survey_version}, not {survey.id} v{survey.version}"
        )
    if state.language not in survey.languages:
        raise StateMismatch(f"state language {state.language!r} is not offered by the survey")
    by_id = {q.id: q for q in survey.questions}
    for answer in state.answers:
        question = by_id.get(answer.question_id)
        if question is None or not answer_is_valid(question, answer):
            raise StateMismatch("state holds an answer the survey does not accept")
    visible = visible_questions(survey, state.answers)
    if tuple(q.id for q in visible[: len(state.history)]) != state.history:
        raise StateMismatch("state history does not match the questions shown")
    return visible


def _ask(survey: Survey, state: RunState, visible: list[Question], question: Question) -> Ask:
    wording = word_question(
        survey,
        question,
        language=state.language,
        age_band=state.age_band,
        easy_read=state.easy_read,
    )
    opt_out = None
    if question.answerable:
        code = "skip" if question.kind == "free_text" else "rather_not_say"
        opt_out = Option(code, phrase(survey, state.language, code))
    progress = None
    if question.answerable:
        answerable = [q for q in visible if q.answerable]
        number = answerable.index(question) + 1
        label = phrase(survey, state.language, "question_progress").format(
            number=number, total=len(answerable)
        )
        progress = Progress(number, len(answerable), label)
    return Ask(
        question_id=question.id,
        kind=question.kind,
        text=wording.text,
        help=wording.help,
        options=wording.options,
        opt_out=opt_out,
        progress=progress,
        previous=state.answer(question.id),
        can_go_back=bool(state.history),
        promise=question.promise,
    )
