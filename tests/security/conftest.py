"""Fixtures for replaying the independent security test's findings against a real application."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.bot.portal.conftest import cheap_passwords, clock, portal, seeded  # noqa: F401  (shared fixtures)
from tests.bot.webchat.conftest import chat_settings, chromium  # noqa: F401  (shared browser fixture)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """SQLite: the findings are about the HTTP edge, whose SQL is tested on both databases elsewhere."""
    return f"sqlite:///{tmp_path / 'heard.db'}"


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Iterator[Settings]:
    yield chat_settings(tmp_path, db_url)
