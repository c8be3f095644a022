"""`heard risk` end to end, as a co-process: the JSON Lines contract in ARCHITECTURE.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEARD = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]


def _run(stdin: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*HEARD, "risk", *args], input=stdin, capture_output=True, timeout=60, check=False)


def test_one_answer_per_line_in_order_with_bad_lines_answered() -> None:
    lines = [
        json.dumps({"text": "i want to kms"}),
        "this is not json",
        json.dumps({"text": "my best mate self harms"}),
        json.dumps({"nope": 1}),
        json.dumps(["text"]),
        "",
        json.dumps({"text": "i love my foster carers"}),
        json.dumps({"text": 42}),
    ]
    stdin = ("\n".join(lines) + "\n").encode() + b"\xff\xfe\n"
    done = _run(stdin)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert len(answers) == len(lines) + 1
    assert answers[0] == {"level": "urgent", "categories": ["suicide_self_harm"]}
    assert answers[2] == {"level": "concern", "categories": ["suicide_self_harm"]}
    assert answers[6] == {"level": "none", "categories": []}
    for i in (1, 3, 4, 5, 7, 8):
        assert set(answers[i]) == {"error"}, answers[i]


def test_answers_stream_before_input_ends() -> None:
    proc = subprocess.Popen(
        [*HEARD, "risk"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for text, level in [("nowhere to sleep tonight", "urgent"), ("good day", "none")]:
            proc.stdin.write(json.dumps({"text": text}).encode() + b"\n")
            proc.stdin.flush()
            assert json.loads(proc.stdout.readline())["level"] == level
    finally:
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0


def test_evidence_option_gives_offsets_into_the_input() -> None:
    text = "honestly i wanna k!ll myself"
    done = _run(json.dumps({"text": text}).encode() + b"\n", "--evidence")
    answer = json.loads(done.stdout)
    assert answer["level"] == "urgent"
    spans = [text[e["start"] : e["end"]] for e in answer["evidence"]]
    assert any("k!ll myself" in s for s in spans)


def test_a_missing_rules_folder_is_a_readable_error(tmp_path: Path) -> None:
    done = _run(b"", "--rules", str(tmp_path))
    assert done.returncode == 2
    assert b"patterns" in done.stderr
    assert b"Traceback" not in done.stderr
