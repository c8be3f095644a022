"""Replies queued in the outbox come back intact, sealed at rest, and dedup keys hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.conversation.types import Button, Link, Reply
from bot.outgoing import open_outgoing, queue_replies, queued_replies
from feedback import outbox
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def test_queue_then_claim_returns_the_same_replies_sealed(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    replies = [
        Reply("Hello 👋 — private marker QZ81", buttons=((Button("OK", "consent:ok"),),)),
        Reply("Need help now?", link=Link("Childline", "https://www.childline.org.uk")),
    ]
    async with db.session() as session:
        ids = await queue_replies(
            session,
            sealer=sealer,
            pseudonymiser=pseudonymiser,
            channel="telegram",
            address="555000111",
            replies=replies,
            now=NOW,
            dedup_prefix="in:1",
        )
        again = await queue_replies(
            session,
            sealer=sealer,
            pseudonymiser=pseudonymiser,
            channel="telegram",
            address="555000111",
            replies=replies,
            now=NOW,
            dedup_prefix="in:1",
        )
    assert len(ids) == 2
    assert again == []
    async with db.session() as session:
        raw = " ".join(str(v) for v in (await session.execute(text("SELECT * FROM outbox"))).all())
        assert "QZ81" not in raw and "555000111" not in raw
        items = await outbox.claim_due(session, now=NOW)
    assert [open_outgoing(sealer, i).reply for i in items] == replies
    assert {open_outgoing(sealer, i).address for i in items} == {"555000111"}
    assert len({i.chat_key for i in items}) == 1


async def test_replies_for_many_chats_are_queued_at_once_in_order_and_only_once(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    def rows(address: str, texts: list[str], prefix: str) -> list[outbox.Queued]:
        replies = [Reply(t) for t in texts]
        return queued_replies(
            sealer=sealer,
            pseudonymiser=pseudonymiser,
            channel="telegram",
            address=address,
            replies=replies,
            dedup_prefix=prefix,
        )

    batch = rows("111", ["first for 111", "second for 111"], "in:1") + rows("222", ["only for 222"], "in:2")
    async with db.session() as session:
        await outbox.enqueue_many(session, batch, now=NOW)
        await outbox.enqueue_many(session, batch, now=NOW)  # a retried batch adds nothing
        await outbox.enqueue_many(session, [], now=NOW)
        items = await outbox.claim_due(session, now=NOW)
    sent = [(open_outgoing(sealer, i).address, open_outgoing(sealer, i).reply.text) for i in items]
    assert sent == [("111", "first for 111"), ("111", "second for 111"), ("222", "only for 222")]
    async with db.session() as session:
        await outbox.mark_sent_many(session, [i.id or 0 for i in items], now=NOW)
        statuses = (await session.execute(text("SELECT DISTINCT status FROM outbox"))).scalars().all()
        assert statuses == ["sent"]
        assert await outbox.claim_due(session, now=NOW) == []


async def test_replies_written_claimed_are_recovered_like_any_claimed_row(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    rows = queued_replies(
        sealer=sealer,
        pseudonymiser=pseudonymiser,
        channel="telegram",
        address="333",
        replies=[Reply("one"), Reply("two")],
        dedup_prefix="in:9",
    )
    async with db.session() as session:
        claimed = await outbox.enqueue_claimed(session, rows, now=NOW)
        assert await outbox.enqueue_claimed(session, rows, now=NOW) == []  # queued before: skipped
        assert [(i.status, i.attempts) for i in claimed] == [("sending", 0), ("sending", 0)]  # no send yet
        assert [open_outgoing(sealer, i).reply.text for i in claimed] == ["one", "two"]
        assert await outbox.claim_due(session, now=NOW) == []  # already in a sender's hands
    async with db.session() as session:  # the process died before sending: a claim later takes them
        again = await outbox.claim_due(session, now=NOW + timedelta(minutes=6))
        assert [i.id for i in again] == [i.id for i in claimed]
        await outbox.release(session)  # or a single process's start-up gives them back at once
        assert await outbox.pending_count(session) == 2
