"""The release ledger: what has left Heard, so every new paper is checked against all of it.

A paper's numbers are recorded when a worker approves it (``paper_approved``)
or when ``heard report`` writes its files (``report_files``); a draft's numbers
wait beside it (``draft``) and count for nothing until approved. What is
recorded is what a reader saw (sums of atoms with their published values or
``c``), never a hidden value.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.disclosure import Release
from feedback.models import DisclosureRelease, table_of

__all__ = [
    "DRAFT",
    "RELEASED_KINDS",
    "draft_numbers",
    "mark_released",
    "record",
    "referenced",
    "released",
]

DRAFT = "draft"
RELEASED_KINDS = ("paper_approved", "report_files")
_release = table_of(DisclosureRelease)


def _payload(release: Release, start: date, last: date) -> str:
    return json.dumps(
        {"period": [start.isoformat(), last.isoformat()], "numbers": release.to_json()},
        sort_keys=True,
        separators=(",", ":"),
    )


async def released(session: AsyncSession, *, leave_out: int | None = None) -> Release:
    """Return everything released so far, as one release (what a reader holding it all sees)."""
    query = select(_release.c.id, _release.c.numbers_json).where(_release.c.kind.in_(RELEASED_KINDS))
    merged = Release()
    for row_id, text in (await session.execute(query.order_by(_release.c.id))).all():
        if row_id != leave_out:
            merged = merged.merged(Release.from_json(json.loads(text)["numbers"]))
    return merged


_MONTHLY = ("iss", "men", "out", "alr", "wb", "wbn")
_BY_ROUND = ("rsp", "pos", "ans", "ppl")


def referenced(release: Release) -> tuple[set[str], set[int]]:
    """Return the months (``2026-07``) and round ids a release's numbers are made of."""
    months: set[str] = set()
    rounds: set[int] = set()
    shapes = [*release.counts, *(n + b for n, b in release.shares)]
    for shape in shapes:
        for atom, _ in shape:
            family, _, rest = atom.partition("|")
            parts = rest.split("|")
            if family in _MONTHLY and len(parts) > 1:
                months.add(parts[1])
            elif family in _BY_ROUND and parts[0].startswith("r") and parts[0][1:].isdigit():
                rounds.add(int(parts[0][1:]))
    return months, rounds


async def record(
    session: AsyncSession,
    *,
    release: Release,
    start: date,
    last: date,
    kind: str,
    label: str,
    now: datetime,
    by: str,
    paper_id: int | None = None,
) -> int:
    """Record numbers as released (or as a draft's); the same released numbers are kept once."""
    text = _payload(release, start, last)
    digest = hashlib.sha256(text.encode()).hexdigest()
    if kind != DRAFT:
        found = await session.execute(
            select(_release.c.id).where(_release.c.digest == digest, _release.c.kind.in_(RELEASED_KINDS))
        )
        existing = found.scalar()
        if existing is not None:
            return int(existing)
    row = DisclosureRelease(
        kind=kind,
        label=label[:120],
        paper_id=paper_id,
        digest=digest,
        numbers_json=text,
        released_at=now,
        released_by=by[:120],
    )
    session.add(row)
    await session.flush()
    assert row.id is not None
    return row.id


async def draft_numbers(session: AsyncSession, paper_id: int) -> tuple[int, Release, date, date] | None:
    """Return a draft paper's numbers (id, release, first and last day), None when it has none."""
    found = await session.execute(
        select(_release.c.id, _release.c.numbers_json)
        .where(_release.c.paper_id == paper_id, _release.c.kind == DRAFT)
        .order_by(_release.c.id.desc())
    )
    row = found.first()
    if row is None:
        return None
    data = json.loads(row[1])
    start, last = (date.fromisoformat(d) for d in data["period"])
    return int(row[0]), Release.from_json(data["numbers"]), start, last


async def mark_released(session: AsyncSession, release_id: int, *, now: datetime, by: str) -> None:
    """Turn a draft's numbers into released ones (the paper was approved)."""
    await session.execute(
        update(_release)
        .where(_release.c.id == release_id)
        .values(kind="paper_approved", released_at=now, released_by=by[:120])
    )
