"""The write gate inside ``Database.session``: one session at a time on SQLite, none needed on PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from feedback.db import Database


async def test_sqlite_sessions_take_turns(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'gate.db'}")
    inside = 0
    most = 0

    async def write(n: int) -> None:
        nonlocal inside, most
        async with db.session() as session:
            inside += 1
            most = max(most, inside)
            await session.execute(text("INSERT INTO t (n) VALUES (:n)"), {"n": n})
            await asyncio.sleep(0.01)  # another writer would get in here without the gate
            inside -= 1

    try:
        async with db.session() as session:
            await session.execute(text("CREATE TABLE t (n INTEGER)"))
        await asyncio.gather(*(write(n) for n in range(10)))
        async with db.session() as session:
            count = (await session.execute(text("SELECT count(*) FROM t"))).scalar_one()
        assert (most, count) == (1, 10)
    finally:
        await db.dispose()


async def test_a_session_opened_inside_another_by_the_same_task_does_not_wait_for_itself(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'gate.db'}")
    try:
        async with db.session() as outer:
            await outer.execute(text("SELECT 1"))
            async with asyncio.timeout(5), db.session() as inner:
                assert (await inner.execute(text("SELECT 2"))).scalar_one() == 2
    finally:
        await db.dispose()


async def test_a_failed_session_lets_the_next_one_through(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'gate.db'}")
    try:
        try:
            async with db.session() as session:
                await session.execute(text("SELECT no_such_column FROM no_such_table"))
        except Exception:
            pass
        async with asyncio.timeout(5), db.session() as session:
            assert (await session.execute(text("SELECT 1"))).scalar_one() == 1
    finally:
        await db.dispose()


def test_postgresql_has_no_gate() -> None:
    db = Database("postgresql://postgres@127.0.0.1:5432/unused")  # no connection is made
    assert db.gate is None
    assert Database("sqlite://").gate is not None
