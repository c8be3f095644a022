"""Broken survey files: every problem is reported with its line and a fix, never a traceback.

Each case marks the line the problem should be reported on with ``# HERE``;
the test finds that line in the text, so expectations come from the input.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.validate import Problem, SurveyInvalid, check_bytes, survey_from_bytes

HEAD = """\
id: tiny
version: 1
title: Tiny
purpose: promise
audience:
  care_status: [in_care]
  age_bands: ["11-15", "16-17"]
languages: [en]
promises:
  - code: P-A
    promise: A promise.
    kept_when: It shows.
"""

QUESTIONS = """\
questions:
  - id: first
    kind: yes_no_not_sure
    promise: P-A
    positive: [yes]
    text: First?
  - id: second
    kind: scale
    text: Second?
    scale: [{label: a}, {label: b}, {label: c}, {label: d}, {label: e}]
"""


def survey_text(questions: str = QUESTIONS, head: str = HEAD, tail: str = "") -> str:
    return head + textwrap.dedent(questions) + textwrap.dedent(tail)


def with_more(questions: str) -> str:
    """Return the base file with more question items appended."""
    return survey_text(QUESTIONS + textwrap.indent(textwrap.dedent(questions), "  "))


def marked_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if "# HERE" in line]


def problems_of(text: str | bytes) -> tuple[Problem, ...]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return check_bytes(raw, "survey.yaml").problems


def test_the_base_file_is_valid() -> None:
    assert problems_of(survey_text()) == ()


CASES: dict[str, tuple[str, str]] = {
    "typo in a top-level field": (survey_text(tail="tittle: Oops  # HERE\n"), "unknown field 'tittle'"),
    "unknown question kind": (
        survey_text("""\
        questions:
          - id: first
            kind: scael  # HERE
            text: First?
        """),
        "'scael' is not allowed",
    ),
    "duplicate question id": (
        with_more("""\
          - id: first  # HERE
            kind: free_text
            text: Again?
        """),
        "used twice",
    ),
    "show_if on a later question": (
        survey_text("""\
        questions:
          - id: first
            kind: free_text
            text: First?
            show_if: {question: second, any_of: [4]}  # HERE
          - id: second
            kind: scale
            text: Second?
            promise: P-A
            positive: [5]
            scale: [{label: a}, {label: b}, {label: c}, {label: d}, {label: e}]
        """),
        "later question 'second'",
    ),
    "show_if on an unknown question": (
        with_more("""\
          - id: third
            kind: free_text
            text: Third?
            show_if: {question: sekond, any_of: [4]}  # HERE
        """),
        "unknown question 'sekond'",
    ),
    "show_if value that is not an answer": (
        with_more("""\
          - id: third
            kind: free_text
            text: Third?
            show_if:
              question: first
              any_of:
                - maybe  # HERE
        """),
        "'maybe' is not an answer of 'first'",
    ),
    "show_if on a free-text question": (
        with_more("""\
          - id: third
            kind: free_text
            text: Third?
          - id: fourth
            kind: info
            text: Fourth.
            show_if: {question: third, any_of: [x]}  # HERE
        """),
        "a free_text question",
    ),
    "choice question without choices": (
        with_more("""\
          - id: third  # HERE
            kind: single_choice
            text: Third?
        """),
        "needs at least 2 choices",
    ),
    "scale with four labels": (
        survey_text("""\
        questions:
          - id: first
            kind: scale
            promise: P-A
            positive: [4, 5]
            text: First?
            scale: [{label: a}, {label: b}, {label: c}, {label: d}]  # HERE
        """),
        "exactly 5 labels, found 4",
    ),
    "scale point as a bare word": (
        survey_text("""\
        questions:
          - id: first
            kind: scale
            promise: P-A
            positive: [4, 5]
            text: First?
            scale:
              - {label: a}
              - {label: b}
              - sometimes  # HERE
              - {label: d}
              - {label: e}
        """),
        "questions[0].scale[2]",
    ),
    "promise question without positive": (
        survey_text("""\
        questions:
          - id: first  # HERE
            kind: yes_no_not_sure
            promise: P-A
            text: First?
        """),
        "has no 'positive'",
    ),
    "unknown promise code": (
        with_more("""\
          - id: third
            kind: yes_no_not_sure
            promise: P-B  # HERE
            positive: [yes]
            text: Third?
        """),
        "unknown promise code 'P-B'",
    ),
    "promise never measured": (
        survey_text(
            head=HEAD.replace(
                "  - code: P-A\n",
                "  - code: P-Z  # HERE\n    promise: Z.\n    kept_when: Z.\n  - code: P-A\n",
            )
        ),
        "no question measures promise 'P-Z'",
    ),
    "every answer positive": (
        survey_text("""\
        questions:
          - id: first
            kind: yes_no_not_sure
            promise: P-A
            positive: [yes, no, not_sure]  # HERE
            text: First?
        """),
        "every answer counts as positive",
    ),
    "positive that is not an answer": (
        survey_text("""\
        questions:
          - id: first
            kind: scale
            promise: P-A
            positive:
              - 4
              - 7  # HERE
            text: First?
            scale: [{label: a}, {label: b}, {label: c}, {label: d}, {label: e}]
        """),
        "not an answer code",
    ),
    "positive on free text": (
        with_more("""\
          - id: third
            kind: free_text
            positive: [x]  # HERE
            text: Third?
        """),
        "cannot have 'positive'",
    ),
    "reserved choice code": (
        with_more("""\
          - id: third
            kind: single_choice
            text: Third?
            choices:
              - {code: ok, label: OK}
              - {code: rather_not_say, label: Pass}  # HERE
        """),
        "reserved",
    ),
    "age band that does not exist for the care status": (
        survey_text(
            head=HEAD.replace('  age_bands: ["11-15", "16-17"]', '  age_bands: ["11-15", "16-25"]  # HERE')
        ),
        "'16-25' does not exist for in_care",
    ),
    "variant for a band outside the audience": (
        with_more("""\
          - id: third
            kind: free_text
            text: Third?
            variants:
              "8-10": {text: "Small third?"}  # HERE
        """),
        "not in the audience",
    ),
    "max_length on a scale": (
        survey_text("""\
        questions:
          - id: first
            kind: scale
            promise: P-A
            positive: [4, 5]
            text: First?
            max_length: 10  # HERE
            scale: [{label: a}, {label: b}, {label: c}, {label: d}, {label: e}]
        """),
        "max_length only applies to free_text",
    ),
    "question missing its text": (
        with_more("""\
          - id: third  # HERE
            kind: free_text
        """),
        "'text' is missing",
    ),
    "questions as text": (survey_text("questions: hello  # HERE\n"), "questions"),
    "version as a word": (survey_text(head=HEAD.replace("version: 1", "version: two  # HERE")), "version"),
    "id with capitals": (survey_text(head=HEAD.replace("id: tiny", "id: Tiny  # HERE")), "not a valid id"),
    "empty title": (survey_text(head=HEAD.replace("title: Tiny", "title: ''  # HERE")), "title"),
    "wrong phrase key": (
        survey_text(tail="phrases:\n  rather_not: Pass  # HERE\n"),
        "'rather_not' is not allowed as a key",
    ),
    "no built-in buttons for the base language": (
        survey_text(head=HEAD.replace("languages: [en]", "languages: [fr]  # HERE")),
        "no built-in button wording in 'fr'",
    ),
    "language without a translation": (
        survey_text(head=HEAD.replace("languages: [en]", "languages:\n  - en\n  - cy  # HERE")),
        "no translation for",
    ),
    "translation missing keys": (
        survey_text(
            head=HEAD.replace("languages: [en]", "languages: [en, cy]"),
            tail="""\
        translations:
          cy:  # HERE
            title: Bach
            questions.first.text: Cyntaf?
        """,
        ),
        "missing 'questions.second.scale.3'",
    ),
    "translation with an unknown key": (
        survey_text(
            head=HEAD.replace("languages: [en]", "languages: [en, cy]"),
            tail="""\
        translations:
          cy:
            title: Bach
            questions.first.text: Cyntaf?
            questions.second.text: Ail?
            questions.second.scale.1: a
            questions.second.scale.2: b
            questions.second.scale.3: c
            questions.second.scale.4: d
            questions.second.scale.5: e
            questions.third.text: Trydydd?  # HERE
        """,
        ),
        "unknown text key 'questions.third.text'",
    ),
    "translation for a language not listed": (
        survey_text(
            tail="""\
        translations:
          cy:  # HERE
            title: Bach
        """
        ),
        "not in 'languages'",
    ),
    "tab indentation": ("id: tiny\nquestions:\n\t- id: x  # HERE\n", "not valid YAML"),
    "unclosed bracket": (
        with_more("""\
          - id: third
            kind: free_text
            text: [unclosed  # HERE
        """),
        "not valid YAML",
    ),
    "anchors and aliases": (
        survey_text("""\
        questions:
          - id: first
            kind: scale
            promise: P-A
            positive: [4, 5]
            text: First?
            scale: &five [{label: a}, {label: b}, {label: c}, {label: d}, {label: e}]
          - id: second
            kind: scale
            text: Second?
            scale: *five  # HERE
        """),
        "aliases",
    ),
    "a list instead of a survey": ("- id: tiny  # HERE\n- version: 1\n", "'key: value' lines"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_file_reports_the_problem_on_its_line(name: str) -> None:
    text, expected = CASES[name]
    problems = problems_of(text)
    (line,) = marked_lines(text)
    matching = [p for p in problems if expected in p.message]
    assert matching, [str(p) for p in problems]
    assert [p.line for p in matching] == [line], [str(p) for p in problems]
    assert all(p.hint and p.file == "survey.yaml" for p in problems)
    with pytest.raises(SurveyInvalid) as caught:
        survey_from_bytes(text.encode(), "survey.yaml")
    assert caught.value.problems == problems


def test_hints_point_at_the_fix() -> None:
    (typo,) = problems_of(survey_text(tail="tittle: Oops\n"))
    assert "did you mean 'title'" in typo.hint
    kinds = problems_of(survey_text("questions:\n  - {id: a, kind: scael, text: 'A?'}\n"))
    assert any("free_text" in p.hint and "scale" in p.hint for p in kinds)
    (flow,) = problems_of(survey_text("questions:\n  - {id: a, kind: info, text: Why?}\n"))
    assert "quotes" in flow.hint


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = survey_text("""\
        questions:
          - id: first
            kind: yes_no_not_sure
            promise: P-A
            positive: [yes]
            text: First?
          - id: first  # HERE
            kind: free_text
            text: Again?
          - id: third  # HERE
            kind: multiple_choice
            text: Third?
          - id: fourth
            kind: info
            text: Fourth.
            show_if: {question: fifth, any_of: [yes]}  # HERE
          - id: fifth
            kind: yes_no_not_sure
            text: Fifth?
        """)
    assert sorted(p.line for p in problems_of(text)) == marked_lines(text)


def test_shape_problems_are_all_reported_together() -> None:
    text = survey_text("""\
        questions:
          - id: first
            kind: yes_no_not_sure
            promise: P-A
            positive: [yes]
            text: First?
            colour: blue  # HERE
          - id: Second  # HERE
            kind: free_text
            text: Second?
          - id: third
            kind: nonsense  # HERE
            text: Third?
        """)
    assert sorted(p.line for p in problems_of(text)) == marked_lines(text)


def test_yes_and_no_stay_words_not_booleans() -> None:
    text = survey_text("""\
        questions:
          - id: first
            kind: yes_no_not_sure
            promise: P-A
            positive: [no]
            text: Did anything go wrong?
          - id: second
            kind: free_text
            text: What?
            show_if: {question: first, any_of: [yes]}
        """)
    survey = survey_from_bytes(text.encode(), "survey.yaml")
    assert survey.questions[0].positive == ["no"]
    assert survey.questions[1].show_if is not None
    assert survey.questions[1].show_if.any_of == ["yes"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "empty"),
        (b"   \n# only a comment\n", "empty"),
        (b"\x00\x01\x02binary\xff\xfe", "not UTF-8"),
        (b"id: tiny\ntitle: caf\xe9\n", "not UTF-8"),
        (b"id: tiny\x00\n", "not valid YAML"),
        (b"[" * 5000, "YAML"),
        ("- " * 200 + "x\n", "nested too deeply"),
        (b"x" * 1_000_001, "larger than"),
        (b"just a sentence", "'key: value' lines"),
        (b"42", "'key: value' lines"),
    ],
)
def test_junk_gives_one_readable_problem(raw: bytes | str, expected: str) -> None:
    data = raw.encode() if isinstance(raw, str) else raw
    problems = problems_of(data)
    assert problems and expected in problems[0].message, problems
    assert problems[0].line >= 1


def test_bad_utf8_is_reported_on_its_line() -> None:
    (problem,) = problems_of(b"id: tiny\nversion: 1\ntitle: caf\xe9\n")
    assert problem.line == 3


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(raw: bytes) -> None:
    checked = check_bytes(raw, "fuzz.yaml")
    assert checked.survey is None or not checked.problems


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_damaged_copies_of_a_good_file_never_raise(data: st.DataObject) -> None:
    lines = survey_text().splitlines(keepends=True)
    cut = data.draw(st.integers(0, len(lines) - 1))
    junk = data.draw(st.text(max_size=20))
    damaged = "".join(lines[:cut]) + junk + "".join(lines[cut + 1 :])
    checked = check_bytes(damaged.encode("utf-8", "surrogatepass"), "fuzz.yaml")
    for problem in checked.problems:
        assert 1 <= problem.line <= damaged.count("\n") + 2
        assert problem.message and problem.hint
