"""The example in docs/surveys.md is a valid survey, so the guide cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

from surveys.runner import Respond, apply, next_step, start
from surveys.validate import check_bytes

DOC = Path(__file__).resolve().parents[2] / "docs" / "surveys.md"


def test_the_small_example_in_the_guide_validates_and_runs() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## A small example", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    checked = check_bytes(example.group(1).encode(), "docs example")
    assert checked.problems == ()
    survey = checked.survey
    assert survey is not None
    state = start(survey, language="en", age_band="16-17")
    state = apply(survey, state, Respond("listen", 4))
    step = next_step(survey, state)
    assert step.text.endswith("pathway plan?")  # type: ignore[union-attr]
    state = apply(survey, state, Respond("reviews", "no"))
    assert next_step(survey, state).question_id == "reviews_more"  # type: ignore[union-attr]
