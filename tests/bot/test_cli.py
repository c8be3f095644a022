"""The `heard` command line as people run it: help, keys, migrate, serve."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.cli import main

HEARD = [sys.executable, "-m", "bot"]


def heard(
    *args: str, env: dict[str, str], timeout: float = 60, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HEARD, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_help_lists_every_command_with_one_line_each(
    heard_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = heard("--help", env=heard_env)
    assert result.returncode == 0
    listed = re.findall(r"^    (\w[\w-]*)\s{2,}\S", result.stdout, flags=re.M)
    assert {"serve", "migrate", "keys"} <= set(listed)
    for command in listed:  # in-process: one subprocess per command would be slow
        with pytest.raises(SystemExit) as exited:
            main([command, "--help"])
        assert exited.value.code == 0
        out = capsys.readouterr().out
        assert "usage: heard " + command in out, command


def test_unknown_command_is_one_clear_line(heard_env: dict[str, str]) -> None:
    result = heard("frobnicate", env=heard_env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice: 'frobnicate'" in result.stderr


def test_keys_generate_prints_usable_keys(heard_env: dict[str, str]) -> None:
    result = heard("keys", "generate", env=heard_env)
    assert result.returncode == 0
    values = dict(
        line.split("=", 1) for line in result.stdout.splitlines() if "=" in line and not line.startswith("#")
    )
    assert set(values) == {"HEARD_SECRET_KEYS", "HEARD_PSEUDONYM_KEY", "HEARD_WEBHOOK_SECRET"}
    env = {**heard_env, **values, "HEARD_ENV": "production"}
    assert heard("migrate", env=env).returncode == 0


def test_bad_configuration_is_reported_without_traceback(heard_env: dict[str, str]) -> None:
    result = heard("migrate", env={**heard_env, "HEARD_PORT": "abc", "HEARD_ENV": "production"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "HEARD_PORT='abc' is not a whole number" in result.stderr
    assert "HEARD_SECRET_KEYS is required in production" in result.stderr


def test_serve_refuses_a_missing_or_unmigrated_database(heard_env: dict[str, str]) -> None:
    result = heard("serve", "--port", "1", env=heard_env)
    assert result.returncode == 2
    assert "there is no database at" in result.stderr and "heard migrate" in result.stderr
    db_file = Path(heard_env["HEARD_DATA_DIR"]) / "heard.db"
    assert not db_file.exists()
    db_file.touch()  # an empty file is an empty SQLite database
    result = heard("serve", "--port", "1", env=heard_env)
    assert result.returncode == 2
    assert "never been migrated" in result.stderr and "heard migrate" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


METRICS_TOKEN = "prometheus-scrape-token-0123456789"


def test_migrate_then_serve_answers_health_ready_and_metrics(heard_env: dict[str, str]) -> None:
    assert heard("migrate", env=heard_env).returncode == 0
    assert heard("migrate", env=heard_env).returncode == 0  # idempotent
    assert heard("migrate", "--check", env=heard_env).returncode == 0
    port = _free_port()
    proc = subprocess.Popen(
        [*HEARD, "serve", "--port", str(port)],
        env={**heard_env, "HEARD_METRICS_TOKEN": METRICS_TOKEN},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        body = ""
        while time.monotonic() < deadline:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert '"ok"' in body
        ready = urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5).read().decode()
        assert "ready" in ready
        scrape = urllib.request.Request(
            f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
        )
        metrics = urllib.request.urlopen(scrape, timeout=5).read().decode()
        assert "heard_updates_received_total" in metrics
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    keys = Path(heard_env["HEARD_DATA_DIR"]) / "keys.json"
    assert keys.exists() and oct(keys.stat().st_mode & 0o777) == "0o600"


def test_version_names_heard_and_python(heard_env: dict[str, str]) -> None:
    result = heard("--version", env=heard_env)
    assert result.returncode == 0
    assert re.fullmatch(r"heard \d+\.\d+\.\d+ \(Python 3\.\d+\.\d+ on \S+ \S+\)\n", result.stdout)


def _round_stored_in_a_shape_heard_cannot_read(heard_env: dict[str, str]) -> None:
    """Store a round as the old demo seed did (cohorts as "status:band" strings), behind the services."""
    import sqlite3

    assert heard("migrate", env=heard_env).returncode == 0
    assert heard("survey", "install", env=heard_env).returncode == 0
    with sqlite3.connect(Path(heard_env["HEARD_DATA_DIR"]) / "heard.db") as conn:
        conn.execute(
            "INSERT INTO campaign (name, survey_version_id, cohorts_json, opens_at, closes_at, "
            "reminder_days_json, status, created_at, created_by) VALUES ('RAWMARK round', 1, "
            "'[\"in_care:11-15\"]', '2026-01-01 09:00:00', '2026-02-01 09:00:00', '[]', 'closed', "
            "'2025-12-01 09:00:00', 'demo')"
        )


def test_a_bug_is_one_line_and_a_hint_and_the_traceback_only_with_debug(heard_env: dict[str, str]) -> None:
    _round_stored_in_a_shape_heard_cannot_read(heard_env)

    result = heard("campaign", "list", env=heard_env)
    assert result.returncode == 70, result.stderr
    line, hint = result.stderr.splitlines()
    assert re.fullmatch(r"heard: error: unexpected TypeError at feedback/campaigns\.py:\d+", line)
    assert hint == (
        "heard: this is a bug; please report it with the output of 'heard --version' "
        "(run the command again as 'heard --debug ...' to log the traceback too)"
    )
    assert result.stdout == "" and "RAWMARK" not in result.stderr

    debugged = heard("--debug", "campaign", "list", env=heard_env)
    assert debugged.returncode == 70
    assert "Traceback (most recent call last)" in debugged.stderr
    assert 'feedback/campaigns.py", line' in debugged.stderr
    assert debugged.stderr.splitlines()[-1].endswith("and the traceback above")
