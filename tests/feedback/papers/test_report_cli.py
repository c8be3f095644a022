"""`heard report` as a user runs it: files on disk, progress on stderr, one-line errors."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path


def heard(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "heard"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)


def test_report_writes_the_tables_of_an_empty_council(heard_env: dict[str, str], tmp_path: Path) -> None:
    assert heard("migrate", env=heard_env).returncode == 0
    out = tmp_path / "papers"
    done = heard("report", "--period", "2026-Q3", "--format", "csv", "--out", str(out), env=heard_env)
    assert done.returncode == 0, done.stderr
    (written,) = done.stdout.split()
    assert Path(written).name == "voice-of-the-child-2026-Q3-tables.zip"
    bundle = zipfile.ZipFile(io.BytesIO(Path(written).read_bytes()))
    assert "codebook.csv" in bundle.namelist()
    assert "reading 2026-Q3" in done.stderr


def test_mistakes_are_one_readable_line(heard_env: dict[str, str], tmp_path: Path) -> None:
    for args, words in [
        (["--period", "2026-Q5"], "2026-Q3"),
        (["--period", "2026-Q3", "--format", "odt"], "docx"),
        (["--period", "2026-Q3", "--cohort", "adults"], "use in-care or care-leaver"),
        (["--period", "2026-Q3", "--cohort", "in-care:16-25"], "not used for in-care"),
        (["--from", "2026-07-01"], "--to"),
    ]:
        done = heard("report", *args, "--out", str(tmp_path), env=heard_env)
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("heard: error:") and words in lines[0], done.stderr


def test_an_unmigrated_database_says_what_to_run(heard_env: dict[str, str], tmp_path: Path) -> None:
    done = heard("report", "--period", "2026-Q3", "--out", str(tmp_path), env=heard_env)
    assert done.returncode == 2 and "heard migrate" in done.stderr


def test_periods_heard_cannot_publish_are_refused_in_one_line(
    heard_env: dict[str, str], tmp_path: Path
) -> None:
    assert heard("migrate", env=heard_env).returncode == 0
    for args, words in [
        (["--period", "2099-Q1"], "has not started yet"),
        (["--from", "2026-07-01", "--to", "2026-08-30"], "whole months"),
        (["--from", "2026-07-02", "--to", "2026-08-31"], "whole months"),
    ]:
        done = heard("report", *args, "--format", "csv", "--out", str(tmp_path), env=heard_env)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("heard: error:") and words in lines[0], done.stderr


def test_a_whole_month_range_is_written_and_recorded(heard_env: dict[str, str], tmp_path: Path) -> None:
    assert heard("migrate", env=heard_env).returncode == 0
    done = heard(
        "report",
        "--from",
        "2026-07-01",
        "--to",
        "2026-08-31",
        "--format",
        "csv",
        "--out",
        str(tmp_path),
        env=heard_env,
    )
    assert done.returncode == 0, done.stderr
    assert "checking it against every release so far" in done.stderr
    again = heard("report", "--period", "2026-Q3", "--format", "csv", "--out", str(tmp_path), env=heard_env)
    assert again.returncode == 0, again.stderr
