"""The shipped surveys load, cover what the issue asks for, and run from start to finish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from surveys.bank import Bank, check_files, fingerprint, load_bank, shipped_bank_dir, survey_files
from surveys.cohorts import ALL_COHORTS
from surveys.definition import Survey
from surveys.json_schema import published_schema_path, schema_text
from surveys.runner import Ask, Continue, Done, OptOut, apply, next_step, start
from surveys.texts import required_translation_keys, text_keys

IN_CARE_PROMISES = {
    "CIC-LISTEN",
    "CIC-SAFE",
    "CIC-FAMILY",
    "CIC-SCHOOL",
    "CIC-SOCIAL-WORKER",
    "CIC-STORY",
    "CIC-RIGHTS",
    "CIC-HEALTH",
    "CIC-FUN",
}
CHARTER_PROMISES = {
    "CLC-IDENTITY",
    "CLC-BELIEVE",
    "CLC-LISTEN",
    "CLC-INFORM",
    "CLC-HOME",
    "CLC-INDEPENDENCE",
    "CLC-CHAMPION",
}


def test_every_shipped_file_is_valid() -> None:
    results = check_files(survey_files([shipped_bank_dir()]))
    assert len(results) >= 4
    assert [str(p) for c in results for p in c.problems] == []


def test_the_bank_has_the_surveys_the_councils_need(bank: Bank) -> None:
    assert bank.problems == ()
    by_id = {s.id: s for s in bank.surveys}
    young, older = by_id["promise-8-10"], by_id["promise-11-17"]
    assert young.audience.age_bands == ["8-10"]
    assert set(older.audience.age_bands) == {"11-15", "16-17"}
    for survey in (young, older):
        assert survey.purpose == "promise"
        assert {p.code for p in survey.promises} == IN_CARE_PROMISES
    charter = by_id["charter-16-25"]
    assert charter.audience.care_status == ["care_leaver"]
    assert {p.code for p in charter.promises} == CHARTER_PROMISES
    check_in = by_id["check-in"]
    assert 3 <= sum(q.answerable for q in check_in.questions) <= 4
    assert {"en", "cy"} <= set(check_in.languages)


def test_every_promise_has_its_outcome_line_and_a_measuring_question(bank: Bank) -> None:
    for survey in bank.surveys:
        for item in survey.promises:
            assert item.kept_when.strip()
            measuring = [q for q in survey.questions if q.promise == item.code and q.positive]
            assert measuring, (survey.id, item.code)


def test_the_check_in_is_for_every_cohort_and_fully_easy_read(bank: Bank) -> None:
    check_in = bank.get("check-in")
    cohorts = {(c.care_status, c.age_band) for c in ALL_COHORTS}
    offered = {(s, b) for s in check_in.audience.care_status for b in check_in.audience.age_bands}
    assert cohorts <= offered
    assert all(q.easy_read is not None for q in check_in.questions)
    assert check_in.easy_read is not None


def test_the_welsh_translation_is_complete(bank: Bank) -> None:
    check_in = bank.get("check-in")
    welsh = check_in.translations["cy"]
    assert required_translation_keys(check_in) <= set(welsh)
    english = text_keys(check_in)
    copied = [key for key in required_translation_keys(check_in) if welsh[key] == english[key]]
    assert copied == []  # translated, not copied across


@pytest.mark.parametrize("survey_id", ["promise-8-10", "promise-11-17", "charter-16-25", "check-in"])
def test_every_shipped_survey_is_complete_in_english_easy_read_and_welsh(bank: Bank, survey_id: str) -> None:
    """Easy read: the survey and every question have it. Welsh: every text, easy read included, translated."""
    survey = bank.get(survey_id)
    assert survey.easy_read is not None
    assert None not in (survey.easy_read.title, survey.easy_read.intro, survey.easy_read.outro)
    assert [q.id for q in survey.questions if q.easy_read is None] == []
    assert {"en", "cy"} <= set(survey.languages)
    welsh = survey.translations["cy"]
    assert sorted(required_translation_keys(survey) - set(welsh)) == []
    english = text_keys(survey)
    copied = [key for key in required_translation_keys(survey) if welsh[key] == english[key]]
    assert copied == []  # translated, not copied across


def test_a_survey_missing_one_welsh_text_is_refused(bank: Bank, tmp_path: Path) -> None:
    """What keeps the bank complete: the validator names the missing key (and the file does not load)."""
    source = (shipped_bank_dir() / "charter-16-25.yaml").read_text(encoding="utf-8")
    line = next(ln for ln in source.splitlines() if ln.startswith("    questions.home_safe.easy_read.text:"))
    broken = tmp_path / "charter-16-25.yaml"
    broken.write_text(source.replace(line + "\n", ""), encoding="utf-8")
    [checked] = check_files([broken])
    assert checked.survey is None
    assert any("questions.home_safe.easy_read.text" in str(p) for p in checked.problems)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("easy_read", [False, True])
def test_every_shipped_survey_runs_to_the_end_with_opt_outs(
    bank: Bank, language: str, easy_read: bool
) -> None:
    for survey in bank.surveys:
        if language not in survey.languages:
            continue
        for band in survey.audience.age_bands:
            state = start(survey, language=language, age_band=band, easy_read=easy_read)
            seen: list[str] = []
            step = next_step(survey, state)
            while isinstance(step, Ask):
                assert step.text and (step.opt_out is not None) == (step.kind != "info")
                seen.append(step.question_id)
                move = Continue(step.question_id) if step.kind == "info" else OptOut(step.question_id)
                state = apply(survey, state, move)
                step = next_step(survey, state)
            assert isinstance(step, Done)
            assert len(step.answers) == sum(survey.question(q).answerable for q in seen)


def test_shipped_wording_avoids_pressure(bank: Bank) -> None:
    pressure = ("streak", "hurry", "last chance", "you must", "don't miss", "everyone else")
    for survey in bank.surveys:
        texts = json.dumps(survey.model_dump(mode="json"), ensure_ascii=False).lower()
        assert not [word for word in pressure if word in texts], survey.id


def test_committed_schema_matches_the_models() -> None:
    committed = published_schema_path().read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "surveys/schema/survey.schema.json is stale: run "
        "'heard survey schema > surveys/schema/survey.schema.json'"
    )


def test_schema_describes_every_top_level_field_of_a_shipped_file(bank: Bank) -> None:
    schema = json.loads(schema_text())
    assert schema["additionalProperties"] is False
    for survey in bank.surveys:
        used = set(survey.model_dump(exclude_defaults=True))
        assert used <= set(schema["properties"])
        assert set(schema["required"]) <= used


def test_extra_directory_adds_surveys_and_reports_clashes(tmp_path: Path, bank: Bank) -> None:
    own = bank.get("check-in").model_copy(update={"version": 2})
    (tmp_path / "check-in-v2.yaml").write_text(
        json.dumps(own.model_dump(mode="json"), ensure_ascii=False), encoding="utf-8"
    )
    loaded = load_bank(tmp_path)
    assert loaded.get("check-in").version == 2
    assert loaded.get("check-in", 1).version == 1
    shipped = (shipped_bank_dir() / "check-in.yaml").read_bytes()
    (tmp_path / "copy.yml").write_bytes(shipped)
    (tmp_path / "broken.yaml").write_text("id: [", encoding="utf-8")
    clashing = load_bank(tmp_path)
    messages = [p.message for p in clashing.problems]
    assert any("also defined in" in m for m in messages)
    assert {Path(p.file).name for p in clashing.problems} == {"copy.yml", "broken.yaml"}
    assert {s.id for s in clashing.surveys} == {s.id for s in bank.surveys}
    with pytest.raises(KeyError):
        clashing.get("no-such-survey")


def test_fingerprint_changes_with_any_edit(bank: Bank) -> None:
    survey: Survey = bank.get("promise-8-10")
    edited = survey.model_copy(update={"title": survey.title + "!"})
    assert fingerprint(survey) == fingerprint(survey.model_copy())
    assert fingerprint(survey) != fingerprint(edited)
