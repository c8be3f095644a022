"""Properties of the runner under any mix of answers, back presses and junk input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.answers import AnswerRejected
from surveys.definition import Survey
from surveys.runner import (
    Action,
    Ask,
    Back,
    Continue,
    Done,
    OptOut,
    Reply,
    RunState,
    apply,
    next_step,
    start,
    visible_questions,
)

junk_values = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 9), st.text(max_size=8),
    st.lists(st.text(max_size=3), max_size=3), st.floats(allow_nan=False),
)


def actions_for(step: Ask | Done) -> st.SearchStrategy[Action]:
    if isinstance(step, Done):
        return st.one_of(st.just(Back()), st.builds(Reply, st.text(max_size=5), junk_values))
    qid = step.question_id
    codes = [o.code for o in step.options]
    good: list[st.SearchStrategy[Action]] = [st.just(Back()), st.just(OptOut(qid))]
    if step.kind == "info":
        good.append(st.just(Continue(qid)))
    elif step.kind == "multiple_choice":
        good.append(st.lists(st.sampled_from(codes), min_size=1, unique=True)
                    .map(lambda v: Reply(qid, v)))
    elif step.kind == "free_text":
        good.append(st.text(min_size=1, max_size=60).map(lambda v: Reply(qid, v)))
    else:
        good.append(st.sampled_from(codes).map(lambda v: Reply(qid, v)))
    junk = st.builds(Reply, st.sampled_from([qid, "pick", "nope"]), junk_values)
    return st.one_of(*good, junk)


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
def test_any_sequence_keeps_state_consistent(
    every_kind: Survey, data: st.DataObject, language: str
) -> None:
    state = start(every_kind, language=language)
    for _ in range(25):
        step = next_step(every_kind, state)
        action = data.draw(actions_for(step))
        try:
            state = apply(every_kind, state, action)
        except AnswerRejected:
            assert next_step(every_kind, state) == step  # a refusal changes nothing
            continue
        check_invariants(every_kind, state)
    final = next_step(every_kind, state)
    if isinstance(final, Done):
        answered = {a.question_id for a in final.answers}
        shown = {q.id for q in visible_questions(every_kind, state.answers) if q.answerable}
        assert answered == shown  # every question shown has exactly one outcome
