"""bandit finds nothing in the shipped packages (``make lint`` runs the same; CI runs only the tests)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_is_clean() -> None:
    bandit = shutil.which("bandit", path=str(Path(sys.executable).parent))
    if bandit is None:
        pytest.skip("bandit is not installed (make install adds it)")
    packages = ["anonymiser", "bot", "feedback", "surveys"]
    report = ["-f", "custom", "--msg-template", "{relpath}:{line}: {test_id} {msg}"]
    done = subprocess.run(
        [bandit, "-q", "-c", "pyproject.toml", "-r", *packages, *report],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, (
        "bandit found something; fix it, or add `# nosec BXXX` with the reason before it:\n" + done.stdout
    )
