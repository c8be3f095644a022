"""Every `heard …` command in README.md and docs/*.md works on a freshly seeded demo council.

A new user runs `make run` (which migrates and offers the demo council), then
the commands the docs show, in the order they read them. Each must exit 0, or
fail the way the docs say it does (``DELIBERATE``), and none may print a
traceback. Commands that use the database run on SQLite and, where
``HEARD_TEST_DATABASE_URL`` is set, PostgreSQL, each on one demo council
seeded once by the documented ``heard migrate`` and ``heard demo seed`` (both
seeded at once, in their own processes, while the commands that need no
database run). Most commands run in order, in-process, through the CLI's
entry point, ``bot.cli.main``, which is all that the ``heard`` script does;
a real process is used where one matters: ``heard serve`` (started, asked
``/readyz``, stopped), shell pipelines and environment prefixes, the
installed ``heard`` script, and the seeding. The board-paper commands
(``heard report``) each run in a process of their own on a copy of the
freshly seeded council, started first and alongside the rest: their
disclosure check is most of the time the commands take, and a copy keeps
each paper from being checked against the papers the other commands wrote.
"""

from __future__ import annotations

import asyncio
import getpass
import io
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.cli import build_parser, main
from tests.conftest import PG_SKIP_REASON, create_pg_database, drop_pg_database
from tests.docs_commands import DELIBERATE, Shown, as_run, database_command, heard_words, shown_commands

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "plum kettle orbit ninety-three"
SAMPLE = '{"text": "my sw dionne says i can see my brother on saturday"}\n'
JSON_LINES = {"anonymise", "risk", "themes"}  # commands that answer JSON Lines on stdin


@dataclass
class Ran:
    """What a command did."""

    status: int
    out: str
    err: str


@dataclass
class Council:
    """A seeded demo council: its environment for `heard`, and a folder to work in."""

    backend: str
    env: dict[str, str]
    workdir: Path
    files: dict[str, Path] = field(default_factory=dict)


class _Tty(io.TextIOWrapper):
    """Standard input that says it is a terminal, for commands that ask for a password."""

    def isatty(self) -> bool:
        return True


def _clean_env(**extra: str) -> dict[str, str]:
    """Return this environment without Heard's settings; child processes import the code under test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARD_")}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def _files(folder: Path) -> dict[str, Path]:
    """Prepare the safe values that stand in for the docs' placeholders and example files."""
    from anonymiser.themes.corpus import HELDOUT_PATH, TRAINING_PATH
    from anonymiser.themes.taxonomy import DEFAULT_TAXONOMY_PATH
    from surveys.bank import shipped_bank_dir

    folder.mkdir()
    surveys = folder / "surveys"
    shutil.copytree(shipped_bank_dir(), surveys, ignore=shutil.ignore_patterns("__*"))
    rules = folder / "rules"
    shutil.copytree(ROOT / "anonymiser" / "risk" / "data", rules)
    train, heldout = folder / "ours.tsv", folder / "ours-heldout.tsv"
    for source, target, lines in ((TRAINING_PATH, train, 61), (HELDOUT_PATH, heldout, 31)):  # header and some
        target.write_text(
            "".join(source.read_text(encoding="utf-8").splitlines(True)[:lines]), encoding="utf-8"
        )
    edited = folder / "my-edited-file.yaml"
    original = (surveys / "check-in.yaml").read_text(encoding="utf-8")
    edited.write_text(original.replace("title:", "title: Edited", 1), encoding="utf-8")
    taxonomy = folder / "ours.json"
    shutil.copyfile(DEFAULT_TAXONOMY_PATH, taxonomy)
    return {
        "surveys": surveys,
        "rules": rules,
        "train": train,
        "heldout": heldout,
        "edited": edited,
        "taxonomy": taxonomy,
        "model": folder / "themes-model",
        "shipped_model": folder / "shipped-model",
        "council_model": folder / "council-model",
    }


async def _correct_some_themes(env: dict[str, str]) -> None:
    """Tag some demo issues as a participation worker would, so the council has corrections to learn from."""
    from bot.settings import Settings
    from feedback import issues
    from feedback.db import Database

    codes = {"SW", "HOUSE", "FAMILY", "MONEY", "EDU", "HEALTH", "PLACE", "VOICE", "CARER", "LEAVE"}
    db = Database(Settings.from_env(env).resolved_database_url)
    try:
        async with db.session() as session:
            found = await issues.list_issues(session)
        for number, summary in enumerate(found[:40]):
            themes = [t for t in summary.themes if t in codes][:2] or ["VOICE"]
            if number % 3 == 0:  # some changed, the rest confirmed
                themes = ["SW", "CARER"] if themes[0] == "SW" else [themes[0], "SW"]
            async with db.session() as session:
                await issues.tag(
                    session, reference=summary.reference, themes=themes, known=codes, now=datetime.now(UTC)
                )
    finally:
        await db.dispose()


def _seed(env: dict[str, str]) -> subprocess.Popen[str]:
    """Start `heard migrate && heard demo seed` as `make run` does on an empty database (answering yes)."""
    script = f'"{sys.executable}" -m bot migrate && "{sys.executable}" -m bot demo seed'
    return subprocess.Popen(
        ["bash", "-c", script], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture(scope="session")
def seeding(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[Council, subprocess.Popen[str]]]]:
    """Start seeding a demo council on each backend, at once, in their own processes.

    The councils come back before they are ready, so the commands that need
    no database can run meanwhile; ``councils`` waits for them.
    """
    started: dict[str, tuple[Council, subprocess.Popen[str]]] = {}
    pg_url = create_pg_database() if os.environ.get("HEARD_TEST_DATABASE_URL") else None
    try:
        for backend in ("sqlite", "postgres") if pg_url else ("sqlite",):
            council = _council(tmp_path_factory.mktemp(f"docs-{backend}"), backend)
            if pg_url and backend == "postgres":
                council.env["HEARD_DATABASE_URL"] = pg_url
            started[backend] = (council, _seed(council.env))
        yield started
    finally:
        for _council_, process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()
        if pg_url:
            drop_pg_database(pg_url)


@pytest.fixture(scope="session")
def councils(seeding: dict[str, tuple[Council, subprocess.Popen[str]]]) -> dict[str, Council]:
    """Wait until every demo council is seeded."""
    for backend, (_council_, process) in seeding.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, f"{backend}: heard demo seed failed:\n{err}"
        assert "Traceback" not in err and "seeded 820 young people" in out
    for council, _process in seeding.values():
        asyncio.run(_correct_some_themes(council.env))
    return {backend: council for backend, (council, _process) in seeding.items()}


@pytest.fixture(scope="session")
def no_database(tmp_path_factory: pytest.TempPathFactory) -> Council:
    """A folder of its own (and keys of its own) for the commands that use no database."""
    return _council(tmp_path_factory.mktemp("docs-no-database"), "none")


def _council(home: Path, backend: str) -> Council:
    council = Council(backend, _clean_env(HEARD_DATA_DIR=str(home / "var")), home / "work")
    council.workdir.mkdir()
    council.files = _files(home / "files")
    return council


def _in_process(council: Council, argv: list[str], *, tty: bool) -> Ran:
    """Run ``heard ARGV`` through the CLI's entry point, with the council's environment and files."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    # A real pipe, as a shell gives: JSON Lines commands wait on its file descriptor.
    read_end, write_end = os.pipe()
    os.write(write_end, SAMPLE.encode())
    os.close(write_end)
    stdin = (_Tty if tty else io.TextIOWrapper)(io.FileIO(read_end, "r"), encoding="utf-8")
    handlers = logging.getLogger().handlers[:]
    with pytest.MonkeyPatch.context() as patch:
        for name in [k for k in os.environ if k.startswith("HEARD_")]:
            patch.delenv(name)
        for name, value in council.env.items():
            if name.startswith("HEARD_"):
                patch.setenv(name, value)
        patch.chdir(council.workdir)
        patch.setattr(sys, "stdin", stdin)
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        patch.setattr(getpass, "getpass", lambda prompt="": PASSWORD)  # a person typing at the terminal
        if argv[:2] == ["themes", "train"] and "--out" not in argv:
            # "rebuild the shipped model": into a copy, so the test never changes the source tree
            patch.setattr("anonymiser.themes.tagger.DEFAULT_MODEL_DIR", council.files["shipped_model"])
        try:
            status = main(argv)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        finally:
            logging.getLogger().handlers[:] = handlers
            sys.stdout.flush()
            sys.stderr.flush()
            stdin.close()
    return Ran(status, out.buffer.getvalue().decode(), err.buffer.getvalue().decode())  # type: ignore[attr-defined]


def _in_shell(council: Council, text: str) -> Ran:
    """Run the line in bash as it is shown, with `heard` being this Python's `heard` script."""
    heard = f'heard() {{ "{sys.executable}" -m bot "$@"; }}; '
    env = {**council.env, "PASSWORD": PASSWORD}
    done = subprocess.run(
        ["bash", "-c", heard + text],
        env=env,
        cwd=council.workdir,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def _script(council: Council, argv: list[str]) -> Ran:
    """Run the installed `heard` script itself (what `.venv/bin/heard` is)."""
    script = Path(sys.executable).with_name("heard")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot"]
    done = subprocess.run(
        [*command, *argv],
        env=council.env,
        cwd=council.workdir,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


@contextmanager
def _copies(council: Council, count: int) -> Iterator[list[Council]]:
    """Yield ``count`` copies of the council as it is now: its data directory and PostgreSQL database."""
    home = council.workdir.parent
    made: list[str] = []
    copies = []
    try:
        for number in range(count):
            copy = Council(
                council.backend, dict(council.env), home / f"copy-{number}" / "work", council.files
            )
            copy.workdir.mkdir(parents=True)
            var = copy.workdir.parent / "var"
            shutil.copytree(council.env["HEARD_DATA_DIR"], var)
            copy.env["HEARD_DATA_DIR"] = str(var)
            if "HEARD_DATABASE_URL" in council.env:
                source = make_url(council.env["HEARD_DATABASE_URL"]).database
                copy.env["HEARD_DATABASE_URL"] = create_pg_database(template=source)
                made.append(copy.env["HEARD_DATABASE_URL"])
            copies.append(copy)
        yield copies
    finally:
        for url in made:
            drop_pg_database(url)


def _start(council: Council, argv: list[str]) -> subprocess.Popen[str]:
    """Start ``heard ARGV`` in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *argv],
        env=council.env,
        cwd=council.workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(council: Council) -> Ran:
    """Start `heard serve`, wait until /readyz says ready, then stop it as systemd would (SIGTERM)."""
    port = _free_port()
    env = {**council.env, "HEARD_PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        cwd=council.workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready = ""
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None and '"ready"' not in ready:
            try:
                ready = urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2).read().decode()
            except OSError:
                time.sleep(0.2)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            out, err = process.communicate(timeout=60)
            stopped = True
        except subprocess.TimeoutExpired:
            process.kill()  # never left running after the test
            out, err = process.communicate()
            stopped = False
    if not stopped:
        return Ran(1, out, f"heard serve did not stop within 60 s of SIGTERM\n{err}")
    if '"ready"' not in ready:
        return Ran(process.returncode or 1, out, f"/readyz never said ready\n{err}")
    return Ran(process.returncode, out, err)


def _complete(argv: list[str]) -> bool:
    """Return True when the words make a whole command (argparse accepts them)."""
    with open(os.devnull, "w") as quiet, pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stderr", quiet)
        patch.setattr(sys, "stdout", quiet)
        try:
            build_parser().parse_args(argv)
        except SystemExit as exc:
            return exc.code == 0  # --help and --version end here, having done their job
    return True


def _named_only(item: Shown) -> bool:
    """Return True when the words only name a command: no option, no argument."""
    return all(re.fullmatch(r"[a-z][a-z-]*", word) for word in item.argv)


def _longer(block: Shown, named: Shown) -> bool:
    """Return True when the block shows the named command with more words."""
    return _covering(named, [block]) is not None and block.argv != named.argv


def _covering(mention: Shown, complete: list[Shown]) -> Shown | None:
    """Return the first full command shown that has the mention's command and options, if any."""
    words = mention.argv
    path = [w for w in words if not w.startswith("-")]
    for other in complete:
        theirs = other.argv
        if [w for w in theirs if not w.startswith("-")][: len(path)] == path and set(words) <= set(theirs):
            return other
    return None


def _plan(council: Council, *, database: bool) -> tuple[list[tuple[Shown, str]], list[Shown]]:
    """Return the commands to run (as shown, as run), once each in reading order, and uncovered mentions."""
    today = datetime.now(UTC).date()
    shown = shown_commands()
    whole = [s for s in shown if s.shell or _complete(heard_words(as_run(s.text, council.files, today)))]
    blocks = [s for s in whole if not s.inline]
    # A command named in prose (`heard report` writes files) that a block shows with more words is a mention.
    whole = [s for s in whole if not (s.inline and _named_only(s) and any(_longer(b, s) for b in blocks))]
    plan: list[tuple[Shown, str]] = []
    seen: set[str] = {"heard migrate", "heard demo seed"}  # what seeded the council
    uncovered = []
    for mention in shown:
        # A mention runs as the full command it stands for, where a newcomer first reads it.
        item = mention if mention in whole else _covering(mention, whole)
        if item is None:
            uncovered.append(mention)
            continue
        if database_command(item.argv) != database:
            continue
        runnable = as_run(item.text, council.files, today)
        if runnable in seen:
            continue
        seen.add(runnable)
        plan.append((item, runnable))
    return plan, uncovered


def _run(council: Council, item: Shown, runnable: str) -> Ran:
    if item.shell:
        return _in_shell(council, runnable)
    words = heard_words(runnable)
    if not item.text.startswith("heard"):
        return _script(council, words)
    if words[:1] == ["serve"]:
        return _serve(council)
    interactive = words[:2] in (["staff", "add"], ["staff", "password"]) and "--password-stdin" not in words
    return _in_process(council, words, tty=interactive)


def _problem(item: Shown, runnable: str, ran: Ran) -> str | None:
    """Return what is wrong with how the command ended, or None if it ended as the docs say."""
    said = f"{item.where} `{runnable}` exited {ran.status}\n{ran.err[-2000:]}{ran.out[-500:]}"
    if "Traceback" in ran.out + ran.err:
        return "printed a traceback: " + said
    expected, words = DELIBERATE.get(item.text, (0, ""))
    if ran.status != expected:
        return said
    if expected == 2 and len([x for x in ran.err.splitlines() if x.startswith("heard: error:")]) != 1:
        return "a deliberate error must be one clear line: " + said
    if words and words not in ran.out + ran.err:
        return f"does not say {words!r}: " + said
    if expected == 0 and "heard: error:" in ran.err:
        return "exited 0 but reported an error: " + said
    if item.argv[:1] and item.argv[0] in JSON_LINES and item.argv[1:2] not in (["train"], ["eval"], ["use"]):
        for line in ran.out.splitlines():
            if "error" in json.loads(line):
                return "answered a JSON line with an error: " + said
    return None


def _papers(plan: list[tuple[Shown, str]]) -> list[tuple[Shown, str]]:
    """Return the board-paper commands (run apart, on copies of the council: see the module's docstring)."""
    return [(item, runnable) for item, runnable in plan if not item.shell and item.argv[:1] == ["report"]]


def _check(council: Council, plan: list[tuple[Shown, str]]) -> list[str]:
    problems = []
    apart = _papers(plan) if council.backend != "none" else []
    with _copies(council, len(apart)) as copies:
        started = [_start(copy, heard_words(runnable)) for copy, (_item, runnable) in zip(copies, apart)]
        try:
            ran = [
                (item, runnable, _run(council, item, runnable))
                for item, runnable in plan
                if (item, runnable) not in apart
            ]
            for (item, runnable), process in zip(apart, started):
                out, err = process.communicate(timeout=600)
                ran.append((item, runnable, Ran(process.returncode, out, err)))
        finally:
            for process in started:
                if process.poll() is None:
                    process.kill()
                    process.wait()
    for item, runnable, result in ran:
        problem = _problem(item, runnable, result)
        if problem:
            problems.append(f"[{council.backend}] {problem}")
    return problems


def test_every_mention_of_a_command_is_a_whole_command_or_shown_in_full(
    seeding: object, no_database: Council
) -> None:
    del seeding  # started first, so the councils are seeded while the tests that need none run
    _plan_db, uncovered = _plan(no_database, database=True)
    assert not uncovered, "write these as whole commands, or show them in full somewhere:\n" + "\n".join(
        f"{u.where} `{u.text}`" for u in uncovered
    )


def test_commands_that_need_no_database(seeding: object, no_database: Council) -> None:
    del seeding
    council = no_database
    plan, _ = _plan(council, database=False)
    assert any(runnable == "heard --version" for _, runnable in plan)
    problems = _check(council, plan)
    assert not problems, "\n\n".join(problems)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_council(request: pytest.FixtureRequest) -> Council:
    """The seeded demo council on one backend (PostgreSQL skips in set-up, so it is counted as skipped)."""
    if request.param == "postgres" and not os.environ.get("HEARD_TEST_DATABASE_URL"):
        pytest.skip(PG_SKIP_REASON)
    councils: dict[str, Council] = request.getfixturevalue("councils")
    return councils[request.param]


def test_commands_on_the_demo_council(demo_council: Council) -> None:
    council = demo_council
    plan, _ = _plan(council, database=True)
    runs = [runnable for _, runnable in plan]
    round_commands = [
        "heard survey install",
        "heard campaign list",
        "heard campaign show 1",
        "heard campaign close 1",
    ]
    assert [r for r in runs if r in round_commands] == round_commands, "the README's survey round, in order"
    problems = _check(council, plan)
    assert not problems, "\n\n".join(problems)
