"""A real Heard application (``init_app``) on a migrated SQLite database, for web chat tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings
from feedback.crypto import generate_fernet_key, generate_pseudonym_key


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """SQLite only: the web chat's SQL is the engine's and the outbox's, tested on both elsewhere."""
    return f"sqlite:///{tmp_path / 'heard.db'}"


def chat_settings(data_dir: Path, url: str, **overrides: object) -> Settings:
    """Return settings for a test server on ``url``'s database."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "database_url": url,
        "secret_keys": (generate_fernet_key(),),
        "pseudonym_key": generate_pseudonym_key(),
        "webhook_secret": "w" * 8 + "0123456789abcdef",
        "council_name": "Northshire Council",
        "out_of_hours_phone": "01632 960 999",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Iterator[Settings]:
    yield chat_settings(tmp_path, db_url)
