"""Which theme model a council has switched on: a small record in the data directory.

A council's retrained model is switched on with ``heard themes use MODEL
--report`` and stays on across restarts, for ``heard serve``'s background
worker and for ``heard themes`` alike. ``HEARD_THEMES_MODEL`` still wins when
set, so an operator can pin a model in deployment files. The record names the
report that was shown, so anyone can later see on what evidence it was
switched on.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

CHOICE_FILE = "themes-model.json"


def switched_on_model(data_dir: Path) -> Path | None:
    """Return the model directory switched on in ``data_dir``, if one is and it still exists."""
    record = read_choice(data_dir)
    if record is None:
        return None
    model = Path(str(record.get("model", "")))
    return model if model.is_dir() else None


def read_choice(data_dir: Path) -> dict[str, object] | None:
    """Return the record of the last switch, or ``None`` when the shipped model is in use."""
    try:
        record = json.loads((data_dir / CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def switch_on(data_dir: Path, model: Path, report: Path, now: datetime) -> Path:
    """Record ``model`` as the council's theme model, with the report shown; return the record's path."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / CHOICE_FILE
    record = {
        "model": str(model.resolve()),
        "report": str(report.resolve()),
        "switched_on": now.isoformat(timespec="seconds"),
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)  # atomic: a worker starting now reads the old or the new record
    return path


def switch_to_shipped(data_dir: Path) -> bool:
    """Go back to the shipped model; return whether a council model had been on."""
    path = data_dir / CHOICE_FILE
    if not path.exists():
        return False
    path.unlink()
    return True
