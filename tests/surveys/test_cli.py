"""`heard survey` run as a subprocess, as operators and CI will run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from surveys.bank import shipped_bank_dir

HEARD = str(Path(sys.executable).parent / "heard")
GOOD = (shipped_bank_dir() / "check-in.yaml").read_text(encoding="utf-8")


def heard(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "HEARD_SURVEYS_DIR"}
    full_env.update(env or {})
    return subprocess.run(
        [HEARD, "survey", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=full_env,
        check=False,
    )


def test_validate_the_shipped_bank_passes() -> None:
    result = heard("validate", str(shipped_bank_dir()))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 file(s) OK" in result.stdout


def test_validate_reports_each_problem_with_file_line_and_fix(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = GOOD.replace("kind: single_choice", "kind: single-choice").replace("id: worry_help", "id: life")
    broken.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    kind_line = next(n for n, line in enumerate(lines, 1) if "single-choice" in line)
    result = heard("validate", str(broken), str(shipped_bank_dir() / "charter-16-25.yaml"))
    assert result.returncode == 1
    assert f"{broken}:{kind_line}: 'single-choice' is not allowed" in result.stdout
    assert "fix: use one of" in result.stdout
    assert "1 of 2 file(s)" in result.stdout
    assert "Traceback" not in result.stderr

    # Once the shape is right, the cross-field check finds the duplicate id.
    broken.write_text(GOOD.replace("id: worry_help", "id: life"), encoding="utf-8")
    dup_line = next(n for n, line in enumerate(GOOD.splitlines(), 1) if "id: worry_help" in line)
    result = heard("validate", str(broken))
    assert result.returncode == 1
    assert f"{broken}:{dup_line}: question id 'life' is used twice" in result.stdout


def test_validate_reports_junk_without_a_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.yaml"
    data = bytes(range(256)) * 4
    junk.write_bytes(data)
    bad_line = data[: data.index(0x80)].count(b"\n") + 1
    empty = tmp_path / "empty.yml"
    empty.write_text("", encoding="utf-8")
    result = heard("validate", str(tmp_path))
    assert result.returncode == 1
    assert f"{junk}:{bad_line}: file is not UTF-8 text" in result.stdout
    assert f"{empty}:1: file is empty" in result.stdout
    assert "Traceback" not in result.stderr


def test_validate_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = heard("validate", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert result.stderr.startswith("heard: error: no such file")


def test_list_shows_the_shipped_surveys() -> None:
    result = heard("list")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert set(rows) == {"charter-16-25", "check-in", "promise-11-17", "promise-8-10"}
    assert "en, cy" in rows["check-in"]
    as_json = [json.loads(line) for line in heard("list", "--json").stdout.splitlines()]
    check_in = next(row for row in as_json if row["id"] == "check-in")
    assert check_in["version"] == 1 and check_in["languages"] == ["en", "cy"]
    assert check_in["questions"] == 4
    assert "care_leaver 16-25" in check_in["audience"]
    assert "care_leaver 8-10" not in check_in["audience"]


def test_list_adds_the_extra_directory(tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text(GOOD.replace("id: check-in", "id: our-check-in"), encoding="utf-8")
    result = heard("list", "--json", env={"HEARD_SURVEYS_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "our-check-in" in {json.loads(line)["id"] for line in result.stdout.splitlines()}

    (tmp_path / "bad.yaml").write_text("id: [", encoding="utf-8")
    result = heard("list", env={"HEARD_SURVEYS_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "our-check-in" in result.stdout
    assert f"skipped {tmp_path / 'bad.yaml'}" in result.stderr


@pytest.mark.parametrize("value", ["/no/such/dir"])
def test_list_with_a_wrong_extra_directory_says_how_to_fix(value: str) -> None:
    result = heard("list", env={"HEARD_SURVEYS_DIR": value})
    assert result.returncode == 2
    assert "HEARD_SURVEYS_DIR" in result.stderr and "Traceback" not in result.stderr


def test_schema_prints_the_committed_schema() -> None:
    result = heard("schema")
    assert result.returncode == 0
    committed = (shipped_bank_dir().parent / "schema" / "survey.schema.json").read_text("utf-8")
    assert result.stdout == committed
