"""Disclosure bench: on the demo council, how much is hidden and how many small counts an attack pins.

Usage: ``heard demo seed`` into a database, then
``PYTHONPATH=. .venv/bin/python bench/disclosure/run.py sqlite+aiosqlite:///var/heard.db 2026-Q3``.

"Before" is what Heard did until issue 15: each table of each paper suppressed on its own (small
counts and the exact per-table secondary suppression). "After" is the joint release. Both are attacked
by the independent attacker of the tests (``tests/feedback/attack.py``), reading the three papers for
the quarter (everyone, children in care, care leavers) and the staff pages' round numbers.
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import date

from anonymiser.themes.taxonomy import load_taxonomy
from feedback.aggregate import parse_period
from feedback.aggregate.queries import read_council
from feedback.db import Database
from feedback.disclosure import SUPPRESSED, Release
from feedback.disclosure.collect import Numbers
from feedback.disclosure.linked import value_of
from feedback.papers.build import TOP_PAPERS, _lay_out, build_content, council_atoms, protect_period
from feedback.round_rates import round_view
from tests.feedback.attack import Attacker, read_links, read_paper, read_round_view


def attack(facts, taxonomy, release: Release, views: bool) -> tuple[int, int, int]:
    attacker = Attacker(truth=council_atoms(facts, taxonomy))
    now = [m.label for m in facts.period.months()]
    before = [m.label for m in facts.previous.months()]
    rounds = {r.name: r.campaign_id for r in facts.rounds}
    shown = hidden = 0
    for cohort in TOP_PAPERS:
        content = build_content(
            facts, taxonomy, council="Demo", generated_on=date(2026, 12, 5), cohort=cohort, release=release
        )
        read_paper(
            attacker,
            content,
            cohorts=cohort.cohorts(),
            months=now,
            before=before,
            taxonomy=taxonomy,
            rounds=rounds,
        )
    read_links(attacker, taxonomy, {*now, *before})
    if views:
        for r in facts.rounds:
            read_round_view(attacker, r.campaign_id, round_view(r.campaign_id, r.counts))
    hidden = len(attacker.hidden)
    shown = sum(1 for w, lo, hi in attacker.rows if lo == hi)
    return shown, hidden, len(attacker.pinned())


async def main(url: str, label: str) -> None:
    db = Database(url)
    async with db.session() as session:
        facts = await read_council(session, parse_period(label))
    taxonomy = load_taxonomy()
    truth = council_atoms(facts, taxonomy)
    first = Numbers(truth)
    for cohort in TOP_PAPERS:
        _lay_out(first, facts, cohort, taxonomy, council="", generated_on=date(2026, 12, 5))
    naive = Release(
        {
            f: SUPPRESSED
            if (1 <= value_of(f, truth) <= 5 or f in first.start_hidden) and value_of(f, truth)
            else value_of(f, truth)
            for f in first.counts
        }
    )
    naive = Release(
        naive.counts,
        {
            k: (lambda n, b: None if b < 10 else ((200 * n + b) // (2 * b),) * 2)(
                value_of(k[0], truth), value_of(k[1], truth)
            )
            for k in first.shares
        },
    )
    naive = Release(naive.counts, {k: (v[0], v[0] + 1) if v else None for k, v in naive.shares.items()})
    started = time.monotonic()
    joint = protect_period(facts, taxonomy)
    took = time.monotonic() - started
    print(f"{label}: {len(first.counts)} distinct published counts across the three papers")
    for name, release in (("before (each table alone)", naive), ("after (joint, checked)", joint)):
        cells = [v for f, v in release.counts.items() if f in first.counts]
        small = sum(1 for f in first.counts if 1 <= value_of(f, truth) <= 5)
        print(
            f"  {name}: hidden {sum(1 for v in cells if v == SUPPRESSED)} of {len(cells)} "
            f"(small {small}); attack pins {attack(facts, taxonomy, release, views=True)[2]}"
        )
    print(f"  joint protection took {took:.1f} s")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
