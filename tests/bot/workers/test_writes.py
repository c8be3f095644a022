"""Writes that arrive together: one transaction (GroupCommit), one statement (BatchWrite)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.workers.writes import BatchWrite, GroupCommit
from feedback import inbox
from feedback.db import Database
from tests.feedback.test_inbox import NOW


async def test_items_submitted_together_are_written_in_one_call_with_a_result_each(db: Database) -> None:
    calls: list[int] = []

    async def write(session: AsyncSession, arrivals: Sequence[inbox.Arrival]) -> list[bool]:
        calls.append(len(arrivals))
        return await inbox.accept_many(session, arrivals, now=NOW)

    batches: BatchWrite[inbox.Arrival, bool] = BatchWrite(db, write)
    burst = [inbox.Arrival("telegram", n % 40, f"chat{n % 40}", "sealed") for n in range(60)]
    results = await asyncio.gather(*(batches.submit(a) for a in burst))
    assert results == [True] * 40 + [False] * 20
    assert sum(calls) == 60 and len(calls) <= 2  # the first alone, then everyone who waited behind it
    async with db.session() as session:
        assert await inbox.pending_count(session) == 40


async def test_a_failed_batch_fails_each_of_its_items_and_the_next_batch_still_runs(db: Database) -> None:
    fail = True

    async def write(session: AsyncSession, items: Sequence[int]) -> list[int]:
        if fail:
            raise RuntimeError("database gone")
        return [item * 2 for item in items]

    batches: BatchWrite[int, int] = BatchWrite(db, write)
    outcomes = await asyncio.gather(*(batches.submit(n) for n in range(3)), return_exceptions=True)
    assert all(isinstance(o, RuntimeError) for o in outcomes)
    fail = False
    assert await asyncio.gather(*(batches.submit(n) for n in range(3))) == [0, 2, 4]


async def test_a_write_must_answer_every_item(db: Database) -> None:
    async def short(session: AsyncSession, items: Sequence[int]) -> list[int]:
        return []

    with pytest.raises(RuntimeError, match="one result per item"):
        await BatchWrite(db, short).submit(1)


async def test_steps_that_arrive_together_share_one_commit(db: Database) -> None:
    group = GroupCommit(db)

    async def store(update_id: int) -> bool:
        async def step(session: AsyncSession) -> bool:
            return await inbox.accept(
                session, channel="telegram", update_id=update_id, chat_key="a", payload_sealed="s", now=NOW
            )

        return await group.run(step)

    assert await asyncio.gather(store(1), store(2), store(1)) == [True, True, False]
