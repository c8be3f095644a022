"""The independent attack (``bench/disclosure/attack.py``, kept as its author wrote it) finds nothing.

Its author never read Heard's code: it reads only the published CSV ZIPs and
solves every hidden cell's smallest and largest value with integer programming,
flagging a cell *pinned* (one value) or *narrowed* (fewer than five); no small
count (1 to 5) may be either. Here it
reads what a demo council publishes for one quarter: the paper for everyone,
for each care status and for each age band, two overlapping whole-month ranges
and ``heard campaign show`` for every round (which the attack reads but models
no equations from). Each paper is recorded in the release ledger as ``heard
report`` records it, and the ranges are checked against the ledger.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest

from anonymiser.themes.taxonomy import load_taxonomy
from bot.cli.campaign import rate_lines
from feedback.aggregate import parse_period
from feedback.aggregate.queries import read_council
from feedback.campaigns import get_round, list_rounds, response_counts
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.demo import seed_demo
from feedback.papers.build import ALL_PAPERS, build_content, protect_period, shown_numbers
from feedback.papers.draft import PreparedPaper, prepare_paper, record_files
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
    """Write every paper as ``heard report --format csv`` does, each into its own folder, into the ledger.

    Every paper of a period comes from one protected release whichever is asked for, so the quarter's
    six are laid out from one (as ``heard report`` would six times over); the two ranges then go
    through ``prepare_paper`` itself, checked against the ledger.
    """
    folders = []
    taxonomy = load_taxonomy()
    quarter = parse_period("2026-Q3")
    async with db.session() as session:
        facts = await read_council(session, quarter)
    release = protect_period(facts, taxonomy)
    for cohort in ALL_PAPERS:
        content = build_content(
            facts, taxonomy, council="Demo", generated_on=NOW.date(), cohort=cohort, release=release
        )
        numbers = shown_numbers(facts, taxonomy, cohort, release, 5)
        label = f"{quarter.label}, {cohort.key or 'everyone'}"
        prepared = PreparedPaper(content, numbers, quarter.start, quarter.last, label)
        folders.append(_write(out, f"2026-Q3-{cohort.key or 'all'}", prepared))
        await record_files(db, prepared, now=NOW, by="test")
    for first, last in ((date(2026, 7, 1), date(2026, 8, 31)), (date(2026, 8, 1), date(2026, 9, 30))):
        prepared = await prepare_paper(
            db, period=parse_period(start=first, last=last), now=NOW, council="Demo"
        )
        folders.append(_write(out, f"{first}-{last}", prepared))
        await record_files(db, prepared, now=NOW, by="test")
    async with db.session() as session:
        for survey_round in await list_rounds(session):
            counts = await response_counts(session, await get_round(session, survey_round.id))
            lines = rate_lines(counts, threshold=5, round_id=survey_round.id)
            (folders[0] / f"campaign_{survey_round.id}.txt").write_text("\n".join(lines))
    return folders


def _write(out: Path, name: str, prepared: PreparedPaper) -> Path:
    folder = out / name.replace(":", "_")
    folder.mkdir(parents=True)
    (folder / "tables.zip").write_bytes(render_csv_bundle(prepared.content))
    return folder


# The numbers do not depend on the database; one backend is enough for a test this long.
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
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
