"""The survey runner driven as the conversation engine will drive it."""

from __future__ import annotations

import json

import pytest

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
    StateMismatch,
    apply,
    next_step,
    start,
)


def ask(survey: Survey, state: RunState) -> Ask:
    step = next_step(survey, state)
    assert isinstance(step, Ask), step
    return step


def run(survey: Survey, state: RunState, *moves: Move) -> RunState:
    for move in moves:
        state = apply(survey, state, move)
    return state


def test_walks_every_kind_and_finishes_with_the_answers(every_kind: Survey) -> None:
    state = start(every_kind, language="en")
    first = ask(every_kind, state)
    assert (first.question_id, first.kind, first.progress, first.opt_out) == ("hello", "info", None, None)
    assert not first.can_go_back
    state = run(
        every_kind,
        state,
        Continue("hello"),
        Respond("pick", "bad"),
        Respond("why_bad", "  It was  bad\r\n"),
        Respond("many", ["c", "a"]),
        Respond("about_c", "yes"),
        Respond("rate", 2),
        Continue("low_rate"),
        OptOut("sure"),
        OptOut("words"),
    )
    done = next_step(every_kind, state)
    assert isinstance(done, Done)
    assert done.outro == "Thanks."
    got = {a.question_id: (a.status, a.value, a.free_text) for a in done.answers}
    assert got == {
        "pick": ("answered", "bad", False),
        "why_bad": ("answered", "It was  bad", True),
        "many": ("answered", ("a", "c"), False),  # kept in the survey's order
        "about_c": ("answered", "yes", False),
        "rate": ("answered", 2, False),
        "sure": ("rather_not_say", None, False),
        "words": ("skipped", None, False),
    }


def test_show_if_hides_follow_ups_when_the_condition_is_not_met(every_kind: Survey) -> None:
    state = run(every_kind, start(every_kind, language="en"), Continue("hello"), Respond("pick", "good"))
    assert ask(every_kind, state).question_id == "many"
    state = run(every_kind, state, Respond("many", ["a"]))
    assert ask(every_kind, state).question_id == "rate"
    state = run(every_kind, state, Respond("rate", 5))
    assert ask(every_kind, state).question_id == "words"


def test_rather_not_say_never_satisfies_show_if(every_kind: Survey) -> None:
    state = run(every_kind, start(every_kind, language="en"), Continue("hello"), OptOut("pick"))
    assert ask(every_kind, state).question_id == "many"


def test_progress_counts_answerable_questions_shown(every_kind: Survey) -> None:
    state = run(every_kind, start(every_kind, language="en"), Continue("hello"))
    step = ask(every_kind, state)
    # pick, many, rate, words are shown; the follow-ups are hidden for now.
    assert step.progress is not None
    assert (step.progress.number, step.progress.total) == (1, 4)
    assert step.progress.label == "Question 1 of 4"
    state = run(every_kind, state, Respond("pick", "bad"))
    step = ask(every_kind, state)
    assert step.progress is not None
    assert (step.progress.number, step.progress.total) == (2, 5)


def test_back_keeps_the_earlier_answer_to_show_again(every_kind: Survey) -> None:
    state = run(
        every_kind,
        start(every_kind, language="en"),
        Continue("hello"),
        Respond("pick", "good"),
        Respond("many", ["b"]),
    )
    state = apply(every_kind, state, Back())
    step = ask(every_kind, state)
    assert step.question_id == "many"
    assert step.previous is not None and step.previous.value == ("b",)
    state = apply(every_kind, state, Back())
    assert ask(every_kind, state).question_id == "pick"
    # Carrying on without changes keeps the later answer ready to confirm.
    state = apply(every_kind, state, Respond("pick", "good"))
    step = ask(every_kind, state)
    assert step.question_id == "many"
    assert step.previous is not None and step.previous.value == ("b",)


def test_changing_an_answer_after_back_drops_answers_now_hidden(every_kind: Survey) -> None:
    state = run(
        every_kind,
        start(every_kind, language="en"),
        Continue("hello"),
        Respond("pick", "bad"),
        Respond("why_bad", "because"),
        Respond("many", ["c"]),
        Respond("about_c", "yes"),
        Respond("rate", 4),
        Respond("sure", "no"),
    )
    # Back to "many" and drop option c: about_c and sure (which hangs off it) go.
    state = run(every_kind, state, Back(), Back(), Back(), Back())
    assert ask(every_kind, state).question_id == "many"
    state = apply(every_kind, state, Respond("many", ["a"]))
    kept = {a.question_id for a in state.answers}
    assert kept == {"pick", "why_bad", "many", "rate"}
    assert ask(every_kind, state).question_id == "rate"
    state = run(every_kind, state, Respond("rate", 4), OptOut("words"))
    done = next_step(every_kind, state)
    assert isinstance(done, Done)
    assert [a.question_id for a in done.answers] == ["pick", "why_bad", "many", "rate", "words"]


def test_back_at_the_start_is_refused(every_kind: Survey) -> None:
    with pytest.raises(AnswerRejected) as caught:
        apply(every_kind, start(every_kind, language="en"), Back())
    assert caught.value.reason == "nothing_to_go_back_to"


def test_back_from_the_end_reopens_the_last_question(every_kind: Survey) -> None:
    state = run(
        every_kind,
        start(every_kind, language="en"),
        Continue("hello"),
        OptOut("pick"),
        OptOut("many"),
        OptOut("rate"),
        OptOut("words"),
    )
    assert isinstance(next_step(every_kind, state), Done)
    state = apply(every_kind, state, Back())
    assert ask(every_kind, state).question_id == "words"


def test_resume_from_json_after_a_break(every_kind: Survey) -> None:
    state = run(
        every_kind,
        start(every_kind, language="cy", age_band="16-17"),
        Continue("hello"),
        Respond("pick", "bad"),
        Respond("why_bad", "ôl 😀 text"),
    )
    stored = state.to_json()
    json.loads(stored)  # plain JSON, storable anywhere
    resumed = RunState.from_json(stored)
    assert resumed == state
    assert next_step(every_kind, resumed) == next_step(every_kind, state)
    resumed = run(every_kind, resumed, Back())
    assert ask(every_kind, resumed).previous == state.answer("why_bad")


@pytest.mark.parametrize(
    ("moves", "forged", "reason"),
    [
        ((), Respond("pick", "good"), "stale"),  # info screen showing, button from later
        ((), Respond("hello", "x"), "not_offered"),
        ((), OptOut("hello"), "not_offered"),
        ((Continue("hello"),), Continue("pick"), "not_offered"),
        ((Continue("hello"),), Respond("pick", "excellent"), "unknown_choice"),
        ((Continue("hello"),), Respond("pick", "rather_not_say"), "unknown_choice"),
        ((Continue("hello"),), Respond("pick", ["good"]), "wrong_type"),
        ((Continue("hello"),), Respond("pick", None), "wrong_type"),
        ((Continue("hello"), Respond("pick", "good")), Respond("many", []), "empty"),
        ((Continue("hello"), Respond("pick", "good")), Respond("many", ["a", "a"]), "wrong_type"),
        ((Continue("hello"), Respond("pick", "good")), Respond("many", ["a", "z"]), "unknown_choice"),
        ((Continue("hello"), Respond("pick", "good")), Respond("many", "a"), "wrong_type"),
        ((Continue("hello"), Respond("pick", "good")), Respond("many", [1]), "wrong_type"),
        (
            (Continue("hello"), Respond("pick", "good"), Respond("many", ["a"])),
            Respond("rate", 6),
            "unknown_choice",
        ),
        (
            (Continue("hello"), Respond("pick", "good"), Respond("many", ["a"])),
            Respond("rate", 0),
            "unknown_choice",
        ),
        (
            (Continue("hello"), Respond("pick", "good"), Respond("many", ["a"])),
            Respond("rate", True),
            "wrong_type",
        ),
        (
            (Continue("hello"), Respond("pick", "good"), Respond("many", ["a"])),
            Respond("rate", "4.0"),
            "wrong_type",
        ),
        (
            (Continue("hello"), Respond("pick", "good"), Respond("many", ["a"])),
            Respond("rate", 4.0),
            "wrong_type",
        ),
        ((Continue("hello"), Respond("pick", "bad")), Respond("why_bad", " \n\t\x00 "), "empty"),
        ((Continue("hello"), Respond("pick", "bad")), Respond("why_bad", "x" * 51), "too_long"),
        ((Continue("hello"), Respond("pick", "bad")), Respond("why_bad", b"bytes"), "wrong_type"),
    ],
)
def test_forged_or_wrong_input_is_refused_and_changes_nothing(
    every_kind: Survey, moves: tuple[Move, ...], forged: Move, reason: str
) -> None:
    state = run(every_kind, start(every_kind, language="en"), *moves)
    with pytest.raises(AnswerRejected) as caught:
        apply(every_kind, state, forged)
    assert caught.value.reason == reason
    assert str(caught.value)  # a message the engine can log as an event, never the input


def test_scale_accepts_the_digit_a_button_sends(every_kind: Survey) -> None:
    state = run(
        every_kind,
        start(every_kind, language="en"),
        Continue("hello"),
        Respond("pick", "good"),
        Respond("many", ["a"]),
        Respond("rate", "4"),
    )
    assert state.answer("rate") is not None and state.answer("rate").value == 4  # type: ignore[union-attr]


def test_free_text_is_normalised_and_capped_at_the_global_limit(every_kind: Survey) -> None:
    state = run(
        every_kind,
        start(every_kind, language="en"),
        Continue("hello"),
        OptOut("pick"),
        OptOut("many"),
        OptOut("rate"),
    )
    decomposed = "cafe\u0301\x07 " + "y" * 4091  # NFC makes é one character: 4096 in all
    kept = apply(every_kind, state, Respond("words", decomposed)).answer("words")
    assert kept is not None and isinstance(kept.value, str)
    assert kept.value.startswith("café ") and len(kept.value) == 4096 and kept.free_text
    with pytest.raises(AnswerRejected) as caught:
        apply(every_kind, state, Respond("words", decomposed + "y"))
    assert caught.value.reason == "too_long"


def test_answers_after_finishing_are_refused(every_kind: Survey) -> None:
    state = run(
        every_kind,
        start(every_kind, language="en"),
        Continue("hello"),
        OptOut("pick"),
        OptOut("many"),
        OptOut("rate"),
        OptOut("words"),
    )
    with pytest.raises(AnswerRejected) as caught:
        apply(every_kind, state, Respond("words", "more"))
    assert caught.value.reason == "finished"


def test_wording_follows_language_age_band_and_easy_read(every_kind: Survey) -> None:
    def pick_step(**kwargs: object) -> Ask:
        state = apply(every_kind, start(every_kind, **kwargs), Continue("hello"))  # type: ignore[arg-type]
        return ask(every_kind, state)

    plain = pick_step(language="en")
    assert (plain.text, plain.help) == ("Pick one.", "Any one.")
    assert [(o.code, o.label, o.emoji) for o in plain.options] == [
        ("good", "Good", "🙂"),
        ("bad", "Bad", None),
    ]
    assert plain.opt_out is not None and plain.opt_out.label == "I'd rather not say"
    older = pick_step(language="en", age_band="16-17")
    assert (older.text, older.help) == ("Pick one, older.", "Any one.")
    easy = pick_step(language="en", age_band="16-17", easy_read=True)
    assert (easy.text, easy.help) == ("Pick 👇", None)
    welsh = pick_step(language="cy", age_band="16-17")
    assert welsh.text == "Dewis un, hŷn."
    assert [o.label for o in welsh.options] == ["Da", "Drwg"]
    assert welsh.opt_out is not None and welsh.opt_out.label.startswith("Byddai'n well")


def test_scale_and_yes_no_buttons_carry_faces_and_phrases(every_kind: Survey) -> None:
    state = run(
        every_kind,
        start(every_kind, language="cy"),
        Continue("hello"),
        Respond("pick", "good"),
        Respond("many", ["c"]),
    )
    yes_no = ask(every_kind, state)
    assert [o.code for o in yes_no.options] == ["yes", "no", "not_sure"]
    assert [o.label for o in yes_no.options] == ["Ie", "Na", "Ddim yn siŵr"]
    state = apply(every_kind, state, Respond("about_c", "no"))
    scale = ask(every_kind, state)
    assert [o.code for o in scale.options] == [1, 2, 3, 4, 5]
    assert [o.label for o in scale.options] == ["Ll1", "Ll2", "Ll3", "Ll4", "Ll5"]
    assert scale.options[-1].emoji == "🤩" and scale.options[0].emoji
    state = run(every_kind, state, Respond("rate", 3))
    free = ask(every_kind, state)
    assert free.free_text and free.opt_out is not None and free.opt_out.code == "skip"
    assert free.opt_out.label == "Neidio"  # the survey's own Welsh wording wins


def test_start_refuses_a_language_or_band_the_survey_does_not_offer(every_kind: Survey) -> None:
    with pytest.raises(ValueError, match="not available"):
        start(every_kind, language="fr")
    with pytest.raises(ValueError, match="age band"):
        start(every_kind, language="en", age_band="8-10")


def test_state_for_another_version_or_tampered_is_refused(every_kind: Survey) -> None:
    state = run(every_kind, start(every_kind, language="en"), Continue("hello"), Respond("pick", "good"))
    newer = every_kind.model_copy(update={"version": every_kind.version + 1})
    with pytest.raises(StateMismatch):
        next_step(newer, state)
    data = json.loads(state.to_json())
    data["answers"][0]["value"] = "sneaky"
    with pytest.raises(StateMismatch):
        next_step(every_kind, RunState.from_json(json.dumps(data)))
    data = json.loads(state.to_json())
    data["history"] = ["hello", "many"]
    with pytest.raises(StateMismatch):
        apply(every_kind, RunState.from_json(json.dumps(data)), Back())
    for junk in ("", "[]", '{"survey_id": 3}', "\xff", json.dumps({**data, "extra": 1})):
        with pytest.raises(StateMismatch):
            RunState.from_json(junk)
