"""Finding and launching Chromium for Playwright, or saying clearly why a test cannot run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Return the Debian Chromium binary, or None when there is none."""
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium") or "",
        shutil.which("chromium-browser") or "",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def missing_browser_reason() -> str:
    """Return why browser tests cannot run here (and how to fix it)."""
    return "no Chromium found (install the Debian 'chromium' package: apt-get install -y chromium)"


def in_ci() -> bool:
    """Return True in CI, where a missing browser is a failure rather than a skip."""
    return bool(os.environ.get("CI"))
