"""A council retrains its theme model from workers' corrections and switches it on, through the CLI."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from anonymiser.themes.taxonomy import DEFAULT_TAXONOMY_PATH
from feedback import issues
from feedback.db import Database
from feedback.models import Issue, IssueMessage

HEARD = [str(Path(sys.executable).parent / "heard")]
NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
KNOWN = {"SW", "HOUSE", "FAMILY", "MONEY", "EDU"}
# What a council's young people wrote and the themes its workers chose.
CORRECTED = [
    ("my pa never rings me back", ["SW"]),
    ("had four workers this year and none of them stayed", ["SW"]),
    ("the hostel has mice and nobody fixes it", ["HOUSE"]),
    ("still waiting on a flat from the council", ["HOUSE"]),
    ("i only see my little sister once a month", ["FAMILY"]),
    ("want to see my nan more", ["FAMILY"]),
    ("my setting up home grant ran out before i had a bed", ["MONEY", "HOUSE"]),
    ("bursary came late again so no bus fare", ["MONEY", "EDU"]),
    ("college is going well, got a merit", ["EDU"]),
    ("my new worker actually listens", ["SW"]),
]


def heard(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEARD, *args], env=env, capture_output=True, text=True, timeout=600, check=False)


async def _seed(url: str) -> None:
    db = Database(url)
    try:
        for number in range(3):  # each text three times, as separate issues, so some are held out
            for index, (text, themes) in enumerate(CORRECTED):
                reference = f"T{number}{index:02d}"
                async with db.session() as session:
                    issue = Issue(
                        reference=reference,
                        care_status="care_leaver",
                        age_band="18-25",
                        created_at=NOW,
                        updated_at=NOW,
                    )
                    session.add(issue)
                    await session.flush()
                    session.add(
                        IssueMessage(
                            issue_id=int(issue.id or 0),
                            author="young_person",
                            text_anonymised=f"{text} ({number})",
                            themes_json='["VOICE"]',
                            redaction_status="done",
                            created_at=NOW,
                        )
                    )
                async with db.session() as session:
                    await issues.tag(session, reference=reference, themes=themes, known=KNOWN, now=NOW)
    finally:
        await db.dispose()


def test_retrain_from_corrections_then_switch_on_only_with_the_report(
    heard_env: dict[str, str], tmp_path: Path
) -> None:
    assert heard("migrate", env=heard_env).returncode == 0
    data_dir = Path(heard_env["HEARD_DATA_DIR"])
    asyncio.run(_seed(f"sqlite:///{data_dir / 'heard.db'}"))
    model = tmp_path / "council-model"

    trained = heard(
        "themes", "train", "--from-corrections", "--limit", "120", "--out", str(model), env=heard_env
    )
    assert trained.returncode == 0, trained.stderr
    assert "corrections" in trained.stderr and "held out" in trained.stderr
    report = trained.stdout
    assert "What changes from the shipped model to the new model" in report
    assert "real-words test split (174 texts)" in report and "held-out corrections" in report
    assert "micro-F1" in report and "sentiment accuracy" in report
    saved = json.loads((model / "heard-report.json").read_text())
    held_out = next(s for s in saved["sets"] if s["name"].startswith("held-out corrections"))
    assert 0 < held_out["texts"] < len(CORRECTED) * 3
    assert held_out["after"]["sentiment accuracy"] is None  # corrections say nothing of feeling

    refused = heard("themes", "use", str(model), env=heard_env)
    assert refused.returncode == 2 and "--report" in refused.stderr
    assert not (data_dir / "themes-model.json").exists()

    switched = heard("themes", "use", str(model), "--report", env=heard_env)
    assert switched.returncode == 0, switched.stderr
    assert "What changes" in switched.stdout and "switched on" in switched.stdout
    choice = json.loads((data_dir / "themes-model.json").read_text())
    assert choice["model"] == str(model.resolve())

    served = subprocess.run(
        [*HEARD, "themes"],
        input='{"text": "my pa never rings me back"}\n',
        env=heard_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert served.returncode == 0, served.stderr
    assert "SW" in json.loads(served.stdout)["themes"]

    other = json.loads(DEFAULT_TAXONOMY_PATH.read_text())
    other["themes"].append(dict(other["themes"][0], code="TRANSPORT", name="Getting about"))
    (tmp_path / "other.json").write_text(json.dumps(other))
    wrong = heard(
        "themes",
        "use",
        str(model),
        "--report",
        env={**heard_env, "HEARD_TAXONOMY": str(tmp_path / "other.json")},
    )
    assert wrong.returncode == 2 and "could not use this model" in wrong.stderr

    (model / "vocabulary.txt").write_text("changed\n")  # a model changed after its report
    tampered = heard("themes", "use", str(model), "--report", env=heard_env)
    assert tampered.returncode == 2 and "changed after its report" in tampered.stderr

    back = heard("themes", "use", "shipped", "--report", env=heard_env)
    assert back.returncode == 0 and "back to the shipped model" in back.stdout
    assert not (data_dir / "themes-model.json").exists()
    assert asyncio.run(_audited(f"sqlite:///{data_dir / 'heard.db'}")) == [
        ("themes.model_switched", "council-model"),
        ("themes.model_shipped", "shipped"),
    ]


async def _audited(url: str) -> list[tuple[str, str]]:
    from sqlalchemy import text

    db = Database(url)
    try:
        async with db.session() as session:
            rows = await session.execute(
                text("SELECT action, target_id FROM audit_log WHERE target_type = 'themes_model' ORDER BY id")
            )
            return [(str(a), str(t)) for a, t in rows.all()]
    finally:
        await db.dispose()


def test_retraining_with_no_corrections_says_where_they_come_from(heard_env: dict[str, str]) -> None:
    assert heard("migrate", env=heard_env).returncode == 0
    done = heard("themes", "train", "--from-corrections", env=heard_env)
    assert done.returncode == 2 and "staff portal" in done.stderr


def test_the_service_loads_the_switched_on_model_unless_the_variable_pins_one(tmp_path: Path) -> None:
    from bot.settings import Settings
    from bot.themes_choice import switch_on

    model, pinned = tmp_path / "council", tmp_path / "pinned"
    model.mkdir()
    pinned.mkdir()
    data_dir = tmp_path / "var"
    assert Settings.from_env({"HEARD_DATA_DIR": str(data_dir)}).themes_model_dir is None
    switch_on(data_dir, model, model / "heard-report.json", NOW)
    assert Settings.from_env({"HEARD_DATA_DIR": str(data_dir)}).themes_model_dir == model.resolve()
    both = {"HEARD_DATA_DIR": str(data_dir), "HEARD_THEMES_MODEL": str(pinned)}
    assert Settings.from_env(both).themes_model_dir == pinned
