"""`heard invite create|list` as an operator runs it: codes printed once, only hashes stored, right links."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from feedback.crypto import Pseudonymiser
from feedback.invites import CODE_ALPHABET, canonical_code, display_code

ROOT = Path(__file__).resolve().parents[3]
LINE = re.compile(rf"^([{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}})\t(\S+)$")
PSEUDONYM_KEY = "k" * 8 + "0123456789abcdefghijklmnopqrstuvwxyz"


def heard(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    import os

    data = tmp_path_factory.mktemp("invite-cli")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARD_")}
    env.update(
        HEARD_DATA_DIR=str(data),
        HEARD_PSEUDONYM_KEY=PSEUDONYM_KEY,
        HEARD_PUBLIC_URL="https://heard.example.org",
    )
    assert heard("migrate", env=env).returncode == 0
    return env


def _stored(env: dict[str, str]) -> list[tuple[str, str, str, int, str | None]]:
    with sqlite3.connect(Path(env["HEARD_DATA_DIR"]) / "heard.db") as conn:
        return conn.execute("SELECT code_hash, care_status, age_band, max_uses, batch FROM invite").fetchall()


def test_create_prints_codes_with_web_links_for_under_16s_and_stores_only_hashes(env: dict[str, str]) -> None:
    result = heard(
        "invite",
        "create",
        "--status",
        "in-care",
        "--age-band",
        "11-15",
        "--count",
        "3",
        "--batch",
        "spring",
        "--max-uses",
        "2",
        env={**env, "HEARD_TELEGRAM_BOT_USERNAME": "HeardBot"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    codes = []
    for line in lines:
        match = LINE.match(line)
        assert match, line
        code = canonical_code(match[1])
        assert code is not None
        assert match[2] == f"https://heard.example.org/chat?code={code}"  # under 16: never Telegram
        codes.append(code)
    assert len(set(codes)) == 3
    assert "shown only now" in result.stderr
    stored = _stored(env)
    key = Pseudonymiser.from_setting(PSEUDONYM_KEY)
    assert {row[0] for row in stored} >= {key.code_hash(c) for c in codes}
    raw = " ".join(str(v) for row in stored for v in row)
    assert not any(c in raw for c in codes)
    assert all(
        row[1:] == ("in_care", "11-15", 2, "spring")
        for row in stored
        if row[0] in {key.code_hash(c) for c in codes}
    )

    listed = heard("invite", "list", env=env)
    batch_line = r"^spring\s+in_care 11-15\s+\d{4}-\d\d-\d\d\s+\d{4}-\d\d-\d\d\s+3\s+0$"
    assert re.search(batch_line, listed.stdout, re.M)
    assert not any(c in listed.stdout or display_code(c) in listed.stdout for c in codes)

    assert asyncio.run(_card_button(env, display_code(codes[0]).lower())) == f"consent:ok:{codes[0]}"


async def _card_button(env: dict[str, str], typed: str) -> str:
    """Return the privacy card's OK action after typing a printed code into the web chat."""
    from bot.conversation import ConversationEngine
    from bot.conversation.collecting import CollectingChannel
    from feedback.crypto import Sealer, generate_fernet_key
    from feedback.db import Database

    db = Database(f"sqlite:///{Path(env['HEARD_DATA_DIR']) / 'heard.db'}")
    engine = ConversationEngine(
        sealer=Sealer([generate_fernet_key()]), pseudonymiser=Pseudonymiser.from_setting(PSEUDONYM_KEY)
    )
    try:
        card = await CollectingChannel(engine, db, channel="web").send(typed)
        return card[0].buttons[0][0].action
    finally:
        await db.dispose()


def test_create_gives_telegram_deep_links_for_16_plus_when_a_bot_is_set_up(env: dict[str, str]) -> None:
    with_bot = heard(
        "invite",
        "create",
        "--status",
        "care-leaver",
        "--age-band",
        "16-25",
        env={**env, "HEARD_TELEGRAM_BOT_USERNAME": "@HeardBot"},
    )
    match = LINE.match(with_bot.stdout.strip())
    assert match and match[2] == f"https://t.me/HeardBot?start={canonical_code(match[1])}"
    without = heard("invite", "create", "--status", "in-care", "--age-band", "16-17", env=env)
    match = LINE.match(without.stdout.strip())
    assert match and match[2].startswith("https://heard.example.org/chat?code=")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "care-leaver", "--age-band", "11-15"], "use 16-25"),
        (["--status", "in-care", "--age-band", "16-25"], "use 8-10, 11-15 or 16-17"),
        (["--status", "in-care", "--age-band", "8-10", "--count", "0"], "--count must be"),
        (["--status", "in-care", "--age-band", "8-10", "--expires-days", "9999"], "--expires-days must be"),
    ],
)
def test_mistakes_are_one_readable_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    assert main(["invite", "create", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
