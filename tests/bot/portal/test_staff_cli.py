"""`heard staff` as an operator runs it: first admin, list, disable, reset; mistakes are one line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.cli import main

HEARD = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def _subprocess(env: dict[str, str], *args: str, stdin: str = "") -> Ran:
    done = subprocess.run(
        [*HEARD, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )
    return Ran(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def in_process(
    heard_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Ran]:
    """Run `heard` in this process (the same ``main`` the console script calls), for speed."""
    for name in [k for k in os.environ if k.startswith("HEARD_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HEARD_DATA_DIR", heard_env["HEARD_DATA_DIR"])

    def run(*args: str, stdin: str = "") -> Ran:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return run


def test_staff_accounts_from_the_command_line(
    heard_env: dict[str, str], in_process: Callable[..., Ran]
) -> None:
    unmigrated = _subprocess(heard_env, "staff", "list")
    assert unmigrated.returncode == 2 and "heard migrate" in unmigrated.stderr
    assert "Traceback" not in unmigrated.stderr
    assert _subprocess(heard_env, "migrate").returncode == 0

    made = _subprocess(
        heard_env,
        "staff",
        "add",
        "Admin@Council.gov.uk",
        "--role",
        "admin",
        "--password-stdin",
        stdin="a long enough passphrase\n",
    )
    assert made.returncode == 0, made.stderr
    assert "created admin@council.gov.uk (Admin)" in made.stdout
    _heard = lambda _env, *args, stdin="": in_process(*args, stdin=stdin)  # noqa: E731
    worker = _heard(
        heard_env,
        "staff",
        "add",
        "ali",
        "--role",
        "participation-worker",
        "--password-stdin",
        stdin="another long passphrase\n",
    )
    assert worker.returncode == 0, worker.stderr

    again = _heard(
        heard_env,
        "staff",
        "add",
        "ali",
        "--role",
        "admin",
        "--password-stdin",
        stdin="another long passphrase\n",
    )
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
    assert (
        _heard(
            heard_env, "staff", "password", "ali", "--password-stdin", stdin="a brand new passphrase\n"
        ).returncode
        == 0
    )
    common = _heard(heard_env, "staff", "password", "ali", "--password-stdin", stdin="password2024!\n")
    assert common.returncode == 2 and "too common" in common.stderr
    reset = _heard(heard_env, "staff", "second-factor-reset", "admin@council.gov.uk")
    assert reset.returncode == 0 and "second factor reset for admin@council.gov.uk" in reset.stdout
    out = _heard(heard_env, "staff", "sign-out", "ali")
    assert out.returncode == 0 and "signed out everywhere: ali" in out.stdout
    assert _heard(heard_env, "staff", "sign-out", "nobody").returncode == 2
