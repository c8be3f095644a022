"""`heard anonymise` keeps the JSON Lines contract of ARCHITECTURE.md, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

LABELS = {"PERSON", "LOCATION", "CONTACT", "ID", "DATE", "ORG"}
COMMAND = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "anonymise"]


def _run(stdin: bytes, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*COMMAND, *args], input=stdin, capture_output=True, timeout=120, env=env or dict(os.environ)
    )


def _lines(*objects: object) -> bytes:
    return b"".join(json.dumps(o).encode() + b"\n" for o in objects)


ODD_TEXTS = [
    "",
    "   ",
    "karen said hi 👋🏽 call 07700 900 123",
    "\u200fmy name is \u202ekaren\u202c and i live in leeds\u200f",  # RTL marks and overrides
    "👨\u200d👩\u200d👧 me and jaz went to sheffield",  # zero-width joiners
    "ca\u0301fe\u0301 with zoe\u0308 in leeds",  # combining accents
    "x" * 4000 + " karen lives at 14 mill lane " + "y" * 60,
    "line one\nline two with an email a.b@c.com\ttab",
    "[NAME_1] typed by me and karen",
]


@pytest.fixture(scope="module")
def batch_output() -> Iterator[list[dict[str, object]]]:
    stdin = _lines(*({"text": t} for t in ODD_TEXTS)) + b"not json\n" + b'{"text": 5}\n' + b"[1]\n" + b"\n"
    stdin += b'{"text": "\xff\xfe bad utf8"}\n' + b'{"text": "last line without newline karen"}'
    proc = _run(stdin)
    assert proc.returncode == 0, proc.stderr.decode()
    yield [json.loads(line) for line in proc.stdout.decode().splitlines()]


def test_one_answer_per_line_in_order(batch_output: list[dict[str, object]]) -> None:
    assert len(batch_output) == len(ODD_TEXTS) + 6
    for answer in batch_output[: len(ODD_TEXTS)]:
        assert set(answer) == {"redacted", "spans"}
    assert all(set(a) == {"error"} for a in batch_output[len(ODD_TEXTS) : -1])
    assert "[NAME_1]" in str(batch_output[-1]["redacted"])


def test_spans_index_the_input_text_and_use_contract_labels(batch_output: list[dict[str, object]]) -> None:
    for text, answer in zip(ODD_TEXTS, batch_output, strict=False):
        spans = answer["spans"]
        assert isinstance(spans, list)
        previous_end = 0
        for span in spans:
            assert set(span) == {"start", "end", "label"}
            assert span["label"] in LABELS
            assert previous_end <= span["start"] < span["end"] <= len(text)
            previous_end = span["end"]
            secret = text[span["start"] : span["end"]]
            assert secret not in str(answer["redacted"]) or secret in text.replace(secret, "", 1)


def test_odd_unicode_and_long_texts_are_redacted(batch_output: list[dict[str, object]]) -> None:
    by_text = dict(zip(ODD_TEXTS, batch_output, strict=False))
    assert by_text[""] == {"redacted": "", "spans": []}
    assert "07700" not in str(by_text[ODD_TEXTS[2]]["redacted"])
    assert "👋🏽" in str(by_text[ODD_TEXTS[2]]["redacted"])
    assert "karen" not in str(by_text[ODD_TEXTS[3]]["redacted"])
    assert "sheffield" not in str(by_text[ODD_TEXTS[4]]["redacted"])
    assert "\u200d" in str(by_text[ODD_TEXTS[4]]["redacted"])
    long_answer = str(by_text[ODD_TEXTS[6]]["redacted"])
    assert "karen" not in long_answer and "mill lane" not in long_answer
    assert "a.b@c.com" not in str(by_text[ODD_TEXTS[7]]["redacted"])
    assert str(by_text[ODD_TEXTS[8]]["redacted"]).startswith("(NAME_1)")


def test_empty_input_gives_empty_output() -> None:
    proc = _run(b"")
    assert proc.returncode == 0
    assert proc.stdout == b""


def test_answers_each_line_before_the_next_is_sent() -> None:
    """Works as a co-process: one line in, one line out, with stdin still open."""
    proc = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for text, gone in [("karen rang me", "karen"), ("my email is zz@yy.com", "zz@yy.com")]:
            proc.stdin.write(_lines({"text": text}))
            proc.stdin.flush()
            answer = json.loads(proc.stdout.readline())
            assert gone not in answer["redacted"]
    finally:
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0


def test_unknown_model_is_a_one_line_user_error() -> None:
    proc = _run(b"", "--model", "no_such_model_pkg")
    assert proc.returncode == 2
    assert proc.stderr.decode().count("\n") == 1
    assert "no_such_model_pkg" in proc.stderr.decode()


def test_missing_council_directory_is_a_user_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = dict(os.environ, HEARD_ANONYMISER_DIR=str(tmp_path / "missing"))
    proc = _run(b"", env=env)
    assert proc.returncode == 2
    assert "HEARD_ANONYMISER_DIR" in proc.stderr.decode()
