"""The independent attack (``bench/disclosure/attack.py``, kept as its author wrote it) finds nothing.

Its author never read Heard's code: it reads only the published CSV ZIPs and
solves every hidden cell's smallest and largest value with integer programming,
flagging a cell *pinned* (one value) or *narrowed* (fewer than five); no small
count (1 to 5) may be either. Here it
reads what a demo council publishes for one quarter: the paper for everyone,
for each care status and for each age band, two overlapping whole-month ranges
and ``heard campaign show`` for every round (which the attack reads but models
no equations from). Each paper goes out as ``heard report`` sends it: protected
against everything already in the release ledger, and recorded there after.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest

from bot.cli.campaign import rate_lines
from feedback.aggregate import parse_period
from feedback.aggregate.period import Period
from feedback.campaigns import get_round, list_rounds, response_counts
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.demo import seed_demo
from feedback.papers.build import ALL_PAPERS
from feedback.papers.draft import prepare_paper, record_files
from feedback.papers.export import render_csv_bundle

pytestmark = pytest.mark.slow

ATTACK = Path(__file__).parents[2] / "bench" / "disclosure" / "attack.py"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _attack_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("independent_attack", ATTACK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _publish(db: Database, out: Path) -> list[Path]:
    """Write every paper as ``heard report --format csv`` does, each into its own folder."""
    folders = []
    ranges = [("2026-Q3", c) for c in ALL_PAPERS] + [
        ("2026-07-01:2026-08-31", None),
        ("2026-08-01:2026-09-30", None),
    ]
    for period, cohort in ranges:
        chosen: Period | str = period
        if ":" in period:
            first, last = (date.fromisoformat(d) for d in period.split(":"))
            chosen = parse_period(start=first, last=last)
        prepared = await prepare_paper(db, period=chosen, cohort=cohort, now=NOW, council="Demo")
        folder = out / f"{period}-{(cohort.key if cohort else None) or 'all'}".replace(":", "_")
        folder.mkdir(parents=True)
        (folder / "tables.zip").write_bytes(render_csv_bundle(prepared.content))
        await record_files(db, prepared, now=NOW, by="test")
        folders.append(folder)
    async with db.session() as session:
        for survey_round in await list_rounds(session):
            counts = await response_counts(session, await get_round(session, survey_round.id))
            lines = rate_lines(counts, threshold=5, round_id=survey_round.id)
            (out / folders[0].name / f"campaign_{survey_round.id}.txt").write_text("\n".join(lines))
    return folders


async def test_the_independent_attack_pins_and_narrows_nothing(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser, tmp_path: Path
) -> None:
    await seed_demo(db, sealer=sealer, pseudonymiser=pseudonymiser, today=NOW.date(), scale=0.1)
    folders = await _publish(db, tmp_path)
    attack = _attack_module()
    model = attack.Model(0)
    for folder in folders:
        attack.parse_paper(model, str(folder))
    assert model.hidden, "the papers hide something, or the attack read nothing"
    found = attack.solve(model)
    assert found is not None, "what is published must be consistent"
    # The attack flags any hidden cell it bounds to fewer than five values. A cell it bounds wholly
    # above the threshold is a larger number hidden to protect a small one, and one it bounds to 0
    # is nobody: neither is a small count. Every other flagged cell could be one, and must not exist.
    flagged = [
        (label, low, high)
        for label, (low, high) in found
        if low is not None and high is not None and high - low + 1 < 5 and low <= 5 and high >= 1
    ]
    assert flagged == []
