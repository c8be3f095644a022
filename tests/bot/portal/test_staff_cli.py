"""`heard staff` as an operator runs it: first admin, list, disable, reset; mistakes are one line."""

from __future__ import annotations

import subprocess
import sys

HEARD = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]


def _heard(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEARD, *args], env=env, input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)


def test_staff_accounts_from_the_command_line(heard_env: dict[str, str]) -> None:
    unmigrated = _heard(heard_env, "staff", "list")
    assert unmigrated.returncode == 2 and "heard migrate" in unmigrated.stderr
    assert "Traceback" not in unmigrated.stderr
    assert _heard(heard_env, "migrate").returncode == 0

    made = _heard(heard_env, "staff", "add", "Admin@Council.gov.uk", "--role", "admin",
                  "--password-stdin", stdin="a long enough passphrase\n")
    assert made.returncode == 0, made.stderr
    assert "created admin@council.gov.uk (Admin)" in made.stdout
    worker = _heard(heard_env, "staff", "add", "ali", "--role", "participation-worker",
                    "--password-stdin", stdin="another long passphrase\n")
    assert worker.returncode == 0, worker.stderr

    again = _heard(heard_env, "staff", "add", "ali", "--role", "admin", "--password-stdin",
                   stdin="another long passphrase\n")
    assert again.returncode == 2 and "Traceback" not in again.stderr
    assert again.stderr.strip().splitlines()[-1].startswith("heard: error: there is already")
    weak = _heard(heard_env, "staff", "add", "kim", "--role", "admin", "--password-stdin", stdin="short\n")
    assert weak.returncode == 2 and "at least 12" in weak.stderr
    no_tty = _heard(heard_env, "staff", "add", "kim", "--role", "admin")
    assert no_tty.returncode == 2 and "--password-stdin" in no_tty.stderr

    assert _heard(heard_env, "staff", "disable", "ali").returncode == 0
    rows = _heard(heard_env, "staff", "list").stdout.splitlines()
    assert [r.split()[:3] for r in rows] == [
        ["admin@council.gov.uk", "admin", "active"],
        ["ali", "participation_worker", "disabled"],
    ]
    missing = _heard(heard_env, "staff", "disable", "nobody")
    assert missing.returncode == 2 and "no account" in missing.stderr
    assert _heard(heard_env, "staff", "password", "ali", "--password-stdin",
                  stdin="a brand new passphrase\n").returncode == 0
