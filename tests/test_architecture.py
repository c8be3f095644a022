"""The dependency rules (bot → feedback → surveys, anonymiser; the conversation's flows) are checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_layers_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "4 kept, 0 broken" in result.stdout


def test_pure_packages_import_nothing_of_ours_at_runtime() -> None:
    code = (
        "import sys, surveys, anonymiser, anonymiser.risk;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('bot', 'feedback')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
