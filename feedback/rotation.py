"""Key rotation: re-seal every sealed column under the current key, in resumable batches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, func, select, update
from sqlmodel import SQLModel

import feedback.models  # noqa: F401  (registers every table)
from feedback.crypto import Sealer
from feedback.db import Database

__all__ = ["RotationProgress", "rotate_sealed", "sealed_columns"]


@dataclass(frozen=True)
class RotationProgress:
    """How far rotation has got through one table."""

    table: str
    done: int
    total: int


def sealed_columns() -> dict[str, list[str]]:
    """Return every table's sealed columns, found from the ``sealed`` column flag."""
    found: dict[str, list[str]] = {}
    for table in SQLModel.metadata.sorted_tables:
        cols = [c.name for c in table.columns if c.info.get("sealed")]
        if cols:
            found[table.name] = cols
    return found


async def _rotate_table(
    db: Database,
    sealer: Sealer,
    table: Table,
    columns: list[str],
    batch_size: int,
    progress: Callable[[RotationProgress], None],
) -> int:
    pk = next(iter(table.primary_key.columns))
    async with db.sessions() as session:
        total = (await session.execute(select(func.count()).select_from(table))).scalar_one()
    progress(RotationProgress(table.name, 0, total))
    changed = done = 0
    last = None
    while True:
        query = select(pk, *[table.c[c] for c in columns]).order_by(pk).limit(batch_size)
        if last is not None:
            query = query.where(pk > last)
        async with db.sessions() as session:
            rows = (await session.execute(query)).all()
            if not rows:
                break
            for row in rows:
                values = {}
                for name, token in zip(columns, row[1:], strict=True):
                    # Tokens already under the current key are left alone, which is
                    # what makes an interrupted rotation cheap to resume.
                    if token and not sealer.is_current(token):
                        values[name] = sealer.reseal(token)
                if values:
                    await session.execute(update(table).where(pk == row[0]).values(**values))
                    changed += len(values)
            await session.commit()
        last = rows[-1][0]
        done += len(rows)
        progress(RotationProgress(table.name, done, total))
    return changed


async def rotate_sealed(
    db: Database,
    sealer: Sealer,
    *,
    batch_size: int = 500,
    progress: Callable[[RotationProgress], None] | None = None,
) -> int:
    """Re-seal every value not yet under the current key; return how many were changed."""
    report = progress or (lambda _p: None)
    changed = 0
    for name, columns in sealed_columns().items():
        table = SQLModel.metadata.tables[name]
        changed += await _rotate_table(db, sealer, table, columns, batch_size, report)
    return changed
