"""`heard themes` end to end, as a separate process: the JSON Lines contract and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from anonymiser.themes.taxonomy import DEFAULT_TAXONOMY_PATH, SENTIMENT_LABELS

HEARD = [str(Path(sys.executable).parent / "heard")]
CODES = {t["code"] for t in json.loads(DEFAULT_TAXONOMY_PATH.read_text())["themes"]}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"HEARD_TAXONOMY", "HEARD_THEMES_MODEL"}}
    env.update(extra)
    return env


def _run(args: list[str], stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        HEARD + args, input=stdin, capture_output=True, timeout=120, env=_env(**env), check=False
    )


def test_one_answer_per_line_in_order_with_bad_lines_answered() -> None:
    lines = [
        json.dumps({"text": "my social worker keeps changing, had 5 this year"}),
        "this is not json",
        json.dumps({"text": "got the keys to my own flat today 🔑"}),
        "",
        json.dumps(["text"]),
        json.dumps({"message": "no text field"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "[NAME_1] from [SCHOOL] said i could do my gcses again"}),
        json.dumps({"text": ""}),
    ]
    done = _run(["themes"], ("\n".join(lines) + "\n").encode() + b"\xff\xfe\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == len(lines) + 1
    good = [out[0], out[2], out[7], out[8]]
    for answer in good:
        assert set(answer) == {"themes", "sentiment"}
        assert answer["sentiment"] in SENTIMENT_LABELS
        assert set(answer["themes"]) <= CODES and len(answer["themes"]) <= 3
    assert "SW" in out[0]["themes"]
    assert "HOUSE" in out[2]["themes"]
    assert "EDU" in out[7]["themes"]
    assert out[8]["themes"] == []
    for index in (1, 3, 4, 5, 6, 9):
        assert set(out[index]) == {"error"}, out[index]


def test_answers_each_line_before_input_ends() -> None:
    with subprocess.Popen(
        [*HEARD, "themes"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for text in ("miss my little brother so much", "college is going well"):
            proc.stdin.write((json.dumps({"text": text}) + "\n").encode())
            proc.stdin.flush()
            answer: dict[str, Any] = json.loads(proc.stdout.readline())
            assert answer["sentiment"] in SENTIMENT_LABELS
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0


def test_unreadable_taxonomy_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "ours.json"
    bad.write_text('{"themes": [{"code": "VOICE"}]}', encoding="utf-8")
    done = _run(["themes"], b"", HEARD_TAXONOMY=str(bad))
    assert done.returncode == 2
    message = done.stderr.decode().strip()
    assert message.count("\n") == 0
    assert "ours.json" in message and "theme VOICE is missing" in message


def test_taxonomy_with_new_theme_asks_for_retraining(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_TAXONOMY_PATH.read_text())
    extra = dict(data["themes"][0], code="TRANSPORT", name="Getting about")
    data["themes"].append(extra)
    path = tmp_path / "with-transport.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = _run(["themes"], b"", HEARD_TAXONOMY=str(path))
    assert done.returncode == 2
    message = done.stderr.decode()
    assert "TRANSPORT" in message and "heard themes train" in message


def test_train_writes_a_model_the_tagger_then_serves(tmp_path: Path) -> None:
    out = tmp_path / "model"
    trained = _run(
        [
            "themes",
            "train",
            "--kind",
            "spacy",
            "--limit",
            "60",
            "--epochs",
            "2",
            "--seed",
            "3",
            "--out",
            str(out),
        ]
    )
    assert trained.returncode == 0, trained.stderr
    assert "epoch  2/2" in trained.stderr.decode()
    served = _run(["themes"], b'{"text": "hostel again"}\n', HEARD_THEMES_MODEL=str(out))
    assert served.returncode == 0, served.stderr
    assert set(json.loads(served.stdout)) == {"themes", "sentiment"}


def test_training_data_with_unknown_codes_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "ours.tsv"
    data.write_text("themes\tsentiment\ttext\nBUSES\tnegative\tbus never comes\n", encoding="utf-8")
    done = _run(["themes", "train", "--data", str(data), "--out", str(tmp_path / "m")])
    assert done.returncode == 2
    assert "ours.tsv:2" in done.stderr.decode() and "BUSES" in done.stderr.decode()
    assert not (tmp_path / "m").exists()


def test_a_taxonomy_with_other_codes_trains_without_the_real_quotes(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_TAXONOMY_PATH.read_text())
    data["themes"].append(dict(data["themes"][0], code="TRANSPORT", name="Getting about"))
    path = tmp_path / "with-transport.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "model"
    trained = _run(["themes", "train", "--taxonomy", str(path), "--limit", "60", "--out", str(out)])
    assert trained.returncode == 0, trained.stderr
    told = trained.stderr.decode()
    assert "training without them" in told and "60 written lines" in told
    served = _run(
        ["themes"], b'{"text": "bus pass ran out"}\n', HEARD_TAXONOMY=str(path), HEARD_THEMES_MODEL=str(out)
    )
    assert served.returncode == 0, served.stderr
