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


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One real Heard server for a module of browser tests."""
    from tests.bot.webchat.server import start_server

    server = start_server(tmp_path_factory.mktemp("webchat-server"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One headless Chromium for the browser tests; skipped (or failed in CI) without one.

    Module-scoped on purpose: Playwright's sync API holds an event loop on the main thread while
    it runs, which async tests in later modules could not start under.
    """
    from tests.bot.webchat.browser import CHROMIUM_ARGS, chromium_path, in_ci, missing_browser_reason

    path = chromium_path()
    if path is None:
        if in_ci():
            pytest.fail(missing_browser_reason())
        pytest.skip(missing_browser_reason())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
