"""The durable inbox: dedup, per-chat order, crash recovery, and concurrent claiming."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from feedback import inbox
from feedback.db import Database
from feedback.migrate import upgrade

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def _accept(db: Database, update_id: int, chat: str) -> bool:
    async with db.session() as session:
        return await inbox.accept(
            session,
            channel="telegram",
            update_id=update_id,
            chat_key=chat,
            payload_sealed="sealed",
            now=NOW,
        )


async def test_the_same_update_is_stored_once(db: Database) -> None:
    assert await _accept(db, 1, "a") is True
    assert await _accept(db, 1, "a") is False
    async with db.session() as session:
        assert await inbox.pending_count(session) == 1


async def test_one_chat_is_claimed_in_order_and_others_concurrently(db: Database) -> None:
    for update_id, chat in [(1, "a"), (2, "a"), (3, "b"), (4, "a"), (5, "c")]:
        await _accept(db, update_id, chat)
    async with db.session() as session:
        first = await inbox.claim(session, now=NOW)
    assert [(i.update_id, i.chat_key) for i in first] == [(1, "a"), (3, "b"), (5, "c")]
    async with db.session() as session:
        assert await inbox.claim(session, now=NOW) == []  # chat a waits for update 1
        await inbox.mark_done(session, first[0].id or 0, now=NOW)
    async with db.session() as session:
        second = await inbox.claim(session, now=NOW)
    assert [i.update_id for i in second] == [2]


async def test_a_failed_item_is_retried_then_given_up(db: Database) -> None:
    await _accept(db, 7, "a")
    for attempt in range(1, inbox.MAX_ATTEMPTS + 1):
        async with db.session() as session:
            (item,) = await inbox.claim(session, now=NOW)
            assert item.attempts == attempt
            await inbox.mark_failed(
                session, item.id or 0, error="ValueError", now=NOW, attempts=item.attempts
            )
    async with db.session() as session:
        assert await inbox.claim(session, now=NOW) == []
        assert await inbox.pending_count(session) == 0


async def test_items_of_a_dead_worker_come_back(db: Database) -> None:
    await _accept(db, 9, "a")
    async with db.session() as session:
        assert len(await inbox.claim(session, now=NOW)) == 1
    async with db.session() as session:
        assert await inbox.claim(session, now=NOW + timedelta(minutes=1)) == []
        again = await inbox.claim(session, now=NOW + timedelta(minutes=6))
    assert [i.update_id for i in again] == [9]
    async with db.session() as session:
        assert await inbox.release(session) == 1
        assert await inbox.pending_count(session) == 1


async def test_one_claimants_items_are_released_and_others_kept(db: Database) -> None:
    for update_id, chat in [(1, "a"), (2, "b")]:
        await _accept(db, update_id, chat)
    async with db.session() as session:
        [mine] = await inbox.claim(session, now=NOW, limit=1, owner=11)
        [theirs] = await inbox.claim(session, now=NOW, limit=1, owner=22)
        assert await inbox.claimants(session) == {11, 22}
        assert await inbox.release(session, owner=11) == 1
        assert await inbox.claimants(session) == {22}
        assert await inbox.pending_count(session) == 1
    async with db.session() as session:
        assert [i.id for i in await inbox.claim(session, now=NOW, owner=33)] == [mine.id]
    assert theirs.id != mine.id


@pytest.mark.postgres
async def test_two_workers_never_claim_the_same_row(pg_url: str) -> None:
    """1,000 rows, two workers with their own connections: each row is processed exactly once."""
    setup = Database(pg_url)
    await upgrade(setup)
    async with setup.session() as session:
        for n in range(1000):
            await inbox.accept(
                session,
                channel="telegram",
                update_id=n,
                chat_key=f"chat{n % 50}",
                payload_sealed="s",
                now=NOW,
            )
    await setup.dispose()
    processed: Counter[int] = Counter()

    async def worker() -> None:
        db = Database(pg_url, pool_size=2)
        try:
            idle = 0
            while idle < 3:
                async with db.session() as session:
                    items = await inbox.claim(session, now=NOW, limit=20)
                if not items:
                    idle += 1
                    await asyncio.sleep(0.01)
                    continue
                idle = 0
                for item in items:
                    processed[item.update_id] += 1
                async with db.session() as session:
                    for item in items:
                        await inbox.mark_done(session, item.id or 0, now=NOW)
        finally:
            await db.dispose()

    await asyncio.gather(worker(), worker())
    assert len(processed) == 1000
    assert set(processed.values()) == {1}


async def test_a_burst_is_stored_in_one_statement_with_duplicates_told_apart(db: Database) -> None:
    await _accept(db, 7, "a")  # stored before the burst
    arrivals = [
        inbox.Arrival("telegram", 7, "a", "sealed"),  # stored before
        inbox.Arrival("telegram", 8, "b", "sealed"),
        inbox.Arrival("telegram", 9, "c", "sealed"),
        inbox.Arrival("telegram", 8, "b", "sealed"),  # the same update twice in one burst
        inbox.Arrival("webchat", 7, "d", "sealed"),  # same id, another channel
    ]
    async with db.session() as session:
        assert await inbox.accept_many(session, arrivals, now=NOW) == [False, True, True, False, True]
        assert await inbox.accept_many(session, [], now=NOW) == []
        assert await inbox.pending_count(session) == 4


async def test_items_handled_together_are_marked_done_together(db: Database) -> None:
    for update_id, chat in [(1, "a"), (2, "b"), (3, "a")]:
        await _accept(db, update_id, chat)
    async with db.session() as session:
        claimed = await inbox.claim(session, now=NOW)
        assert sorted(i.update_id for i in claimed) == [1, 2]
        await inbox.mark_done_many(session, [i.id or 0 for i in claimed], now=NOW)
    async with db.session() as session:
        assert [i.update_id for i in await inbox.claim(session, now=NOW)] == [3]  # a's next is free
        assert await inbox.pending_count(session) == 0


async def test_claimed_items_are_read_only_copies_of_the_stored_rows(db: Database) -> None:
    await _accept(db, 11, "a")
    async with db.session() as session:
        (item,) = await inbox.claim(session, now=NOW)
    assert (item.update_id, item.chat_key, item.status, item.attempts) == (11, "a", "processing", 1)
    assert item.received_at == NOW and item.claimed_at == NOW  # aware UTC, as stored
    with pytest.raises(AttributeError):
        item.status = "done"  # a copy, not a row that could be written back by mistake


async def test_a_burst_larger_than_one_statement_page_keeps_its_order(db: Database) -> None:
    arrivals = [inbox.Arrival("telegram", n, f"chat-{n}", "sealed") for n in range(1, 1601)]
    async with db.session() as session:
        assert await inbox.accept_many(session, arrivals, now=NOW) == [True] * 1600
        assert await inbox.accept_many(session, arrivals[-3:], now=NOW) == [False] * 3
    async with db.session() as session:
        claimed = await inbox.claim(session, now=NOW, limit=2000)
    assert [i.update_id for i in claimed] == list(range(1, 1601))  # ids follow arrival order
