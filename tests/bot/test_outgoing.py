"""Replies queued in the outbox come back intact, sealed at rest, and dedup keys hold."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from bot.conversation.types import Button, Link, Reply
from bot.outgoing import open_outgoing, queue_replies
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
