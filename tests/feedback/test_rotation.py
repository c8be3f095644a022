"""Key rotation re-seals every sealed column, resumes after interruption, and lets old keys go."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from feedback.crypto import Sealer, generate_fernet_key
from feedback.db import Database
from feedback.models import ConversationState, InboxItem, IssueMessage, OutboxItem, Participant
from feedback.rotation import RotationProgress, rotate_sealed, sealed_columns

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


class Interrupted(Exception):
    pass


async def _seed(db: Database, sealer: Sealer, people: int = 5) -> None:
    async with db.session() as session:
        for n in range(people):
            person = Participant(
                pseudonym=f"p{n:063d}",
                channel="web",
                care_status="care_leaver",
                age_band="16-25",
                chat_id_sealed=sealer.seal(f"chat-{n}"),
                joined_on=date(2026, 11, 1),
            )
            session.add(person)
            await session.flush()
            session.add(
                ConversationState(
                    participant_id=person.id or 0, state_sealed=sealer.seal(f"s{n}"), updated_at=NOW
                )
            )
            session.add(
                InboxItem(
                    channel="web",
                    update_id=n,
                    chat_key="k",
                    payload_sealed=sealer.seal(f"in{n}"),
                    received_at=NOW,
                )
            )
            session.add(
                OutboxItem(
                    channel="web",
                    chat_key="k",
                    payload_sealed=sealer.seal(f"out{n}"),
                    not_before=NOW,
                    created_at=NOW,
                )
            )


async def _all_tokens(db: Database) -> list[str]:
    tokens: list[str] = []
    async with db.engine.connect() as conn:
        for table, columns in sealed_columns().items():
            for column in columns:
                rows = await conn.execute(text(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"))
                tokens.extend(r[0] for r in rows)
    return tokens


async def test_rotation_moves_everything_to_the_new_key_and_old_key_can_go(db: Database) -> None:
    key_a, key_b = generate_fernet_key(), generate_fernet_key()
    await _seed(db, Sealer([key_a]))
    changed = await rotate_sealed(db, Sealer([key_b, key_a]), batch_size=2)
    assert changed == 20
    only_b = Sealer([key_b])
    opened = sorted(only_b.open(t) for t in await _all_tokens(db))
    assert "chat-0" in opened and "out4" in opened and len(opened) == 20
    assert await rotate_sealed(db, Sealer([key_b, key_a])) == 0


async def test_interrupted_rotation_resumes_without_redoing_work(db: Database) -> None:
    key_a, key_b = generate_fernet_key(), generate_fernet_key()
    await _seed(db, Sealer([key_a]))
    both = Sealer([key_b, key_a])
    batches = 0

    def stop_after_two_batches(p: RotationProgress) -> None:
        nonlocal batches
        if p.done:
            batches += 1
            if batches == 2:
                raise Interrupted

    with pytest.raises(Interrupted):
        await rotate_sealed(db, both, batch_size=2, progress=stop_after_two_batches)
    tokens = await _all_tokens(db)
    done_before = sum(both.is_current(t) for t in tokens)
    assert 0 < done_before < 20
    resumed = await rotate_sealed(db, both, batch_size=2)
    assert resumed == 20 - done_before
    assert all(Sealer([key_b]).open(t) for t in await _all_tokens(db))


def test_every_sealed_column_is_known_to_rotation() -> None:
    found = {(t, c) for t, cols in sealed_columns().items() for c in cols}
    assert ("participant", "chat_id_sealed") in found
    assert ("issue_message", "text_sealed") in found
    assert ("answer", "text_sealed") in found
    assert ("inbox", "payload_sealed") in found
    from sqlmodel import SQLModel

    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            assert column.name.endswith("_sealed") == bool(column.info.get("sealed")), column
    assert IssueMessage is not None
