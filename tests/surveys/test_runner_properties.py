"""Properties of the runner under any mix of answers, back presses and junk input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.answers import AnswerRejected
from surveys.definition import Survey
from surveys.runner import (
    Ask,
    Back,
    Continue,
    Done,
    Move,
    OptOut,
    Respond,
    RunState,
    apply,
    next_step,
    start,
    visible_questions,
)

junk_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 9),
    st.text(max_size=8),
    st.lists(st.text(max_size=3), max_size=3),
    st.floats(allow_nan=False),
)


MOVES = st.sampled_from(["answer", "answer", "answer", "back", "opt_out", "junk"])
JUNK_TARGETS = st.sampled_from(["pick", "nope", ""])
FREE_TEXT = st.text(min_size=1, max_size=40)


def draw_move(data: st.DataObject, step: Ask | Done) -> Move:
    """Draw a plausible next move: mostly proper answers, some back, opt-out and junk."""
    kind = data.draw(MOVES)
    if kind == "back":
        return Back()
    if isinstance(step, Done) or kind == "junk":
        target = (
            step.question_id
            if isinstance(step, Ask) and data.draw(st.booleans())
            else (data.draw(JUNK_TARGETS))
        )
        return Respond(target, data.draw(junk_values))
    qid = step.question_id
    if kind == "opt_out":
        return OptOut(qid)
    codes = [o.code for o in step.options]
    if step.kind == "info":
        return Continue(qid)
    if step.kind == "multiple_choice":
        return Respond(qid, data.draw(st.lists(st.sampled_from(codes), min_size=1, unique=True)))
    if step.kind == "free_text":
        return Respond(qid, data.draw(FREE_TEXT))
    return Respond(qid, data.draw(st.sampled_from(codes)))


def check_invariants(survey: Survey, state: RunState) -> None:
    visible = visible_questions(survey, state.answers)
    visible_ids = [q.id for q in visible]
    assert list(state.history) == visible_ids[: len(state.history)]
    assert {a.question_id for a in state.answers} <= set(visible_ids)
    for answer in state.answers:
        assert answer.free_text == (
            survey.question(answer.question_id).kind == "free_text" and answer.status == "answered"
        )
    assert RunState.from_json(state.to_json()) == state


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), language=st.sampled_from(["en", "cy"]))
def test_any_sequence_keeps_state_consistent(every_kind: Survey, data: st.DataObject, language: str) -> None:
    state = start(every_kind, language=language)
    for _ in range(20):
        step = next_step(every_kind, state)
        move = draw_move(data, step)
        try:
            state = apply(every_kind, state, move)
        except AnswerRejected:
            assert next_step(every_kind, state) == step  # a refusal changes nothing
            continue
        check_invariants(every_kind, state)
    final = next_step(every_kind, state)
    if isinstance(final, Done):
        answered = {a.question_id for a in final.answers}
        shown = {q.id for q in visible_questions(every_kind, state.answers) if q.answerable}
        assert answered == shown  # every question shown has exactly one outcome
