"""The dependency rules (bot → feedback → surveys, anonymiser; the conversation's flows) are checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


def test_each_package_names_its_entry_points_and_loads_them_only_when_asked() -> None:
    code = (
        "import sys, bot, feedback;"
        "early = sorted(m for m in sys.modules if m.startswith(('bot.', 'feedback.')));"
        "assert not early, early;"
        "names = [getattr(p, n) for p in (bot, feedback) for n in p.__all__];"
        "assert feedback.Database.__module__ == 'feedback.db' and bot.Settings.__module__ == 'bot.settings';"
        "assert not {'pseudonym', 'chat_id_sealed'} & set(feedback.Member.__dataclass_fields__);"
        "print(len(names))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "8"


def test_an_unknown_name_is_a_plain_attribute_error() -> None:
    import feedback

    with pytest.raises(AttributeError, match="Nothing"):
        feedback.Nothing
