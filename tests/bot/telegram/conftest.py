"""Telegram channel tests run on SQLite; tests/bot/workers covers PostgreSQL too."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite database URL (the ``db`` fixture migrates it)."""
    return f"sqlite:///{tmp_path / 'heard.db'}"
