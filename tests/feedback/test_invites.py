"""Invite codes: readable, hashed, used up exactly once, and slow to guess."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from feedback.crypto import Pseudonymiser
from feedback.db import Database
from feedback.invites import (
    CODE_ALPHABET,
    JOIN_FAILURE_LIMIT,
    JOIN_FAILURE_WINDOW,
    InviteProblem,
    canonical_code,
    check_invite,
    create_invites,
    display_code,
    join_blocked_until,
    list_batches,
    record_join_failure,
    use_invite,
)

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_the_alphabet_has_no_look_alikes() -> None:
    assert not set("0O1IL") & set(CODE_ALPHABET)
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET) >= 30


@given(st.text(alphabet=CODE_ALPHABET, min_size=8, max_size=8))
def test_codes_survive_how_people_type_them(code: str) -> None:
    shown = display_code(code)
    for typed in (shown, shown.lower(), f"  {shown.replace('-', ' ')} ", code.lower()):
        assert canonical_code(typed) == code


def test_things_that_are_not_codes_are_refused() -> None:
    for typed in ("", "hello", "K7MX-Q2P", "K7MX-Q2PDX", "O0O0-1I1I", "K7MX/Q2PD", "кириллица"):
        assert canonical_code(typed) is None


async def _make(db: Database, key: Pseudonymiser, **kw: object) -> list[str]:
    values = {
        "care_status": "in_care",
        "age_band": "8-10",
        "count": 1,
        "expires_at": NOW + timedelta(days=7),
        "max_uses": 1,
        "batch": None,
    }
    values.update(kw)
    async with db.session() as session:
        return await create_invites(session, pseudonymiser=key, now=NOW, **values)  # type: ignore[arg-type]


async def test_codes_are_stored_only_as_keyed_hashes(db: Database, pseudonymiser: Pseudonymiser) -> None:
    codes = await _make(db, pseudonymiser, count=50, batch="b1")
    assert len(set(codes)) == 50
    async with db.session() as session:
        checks = [await check_invite(session, pseudonymiser=pseudonymiser, code=c, now=NOW) for c in codes]
        other_key = Pseudonymiser.from_setting("z" * 40 + "different-key-entirely")
        foreign = await check_invite(session, pseudonymiser=other_key, code=codes[0], now=NOW)
        [batch] = await list_batches(session)
    assert all(c.ok and (c.care_status, c.age_band) == ("in_care", "8-10") for c in checks)
    assert foreign.problem is InviteProblem.UNKNOWN  # a copied database is no use without the key
    assert (batch.batch, batch.codes, batch.uses, batch.capacity) == ("b1", 50, 0, 50)


async def test_expiry_and_use_are_enforced_at_the_moment_of_use(
    db: Database, pseudonymiser: Pseudonymiser
) -> None:
    [code] = await _make(db, pseudonymiser, max_uses=2)
    async with db.session() as session:
        check = await check_invite(session, pseudonymiser=pseudonymiser, code=code, now=NOW)
        assert check.invite_id is not None
        assert await use_invite(session, invite_id=check.invite_id, now=NOW)
        assert await use_invite(session, invite_id=check.invite_id, now=NOW)
        assert not await use_invite(session, invite_id=check.invite_id, now=NOW)
        used = await check_invite(session, pseudonymiser=pseudonymiser, code=code, now=NOW)
    assert used.problem is InviteProblem.USED_UP
    [late] = await _make(db, pseudonymiser)
    later = NOW + timedelta(days=8)
    async with db.session() as session:
        check = await check_invite(session, pseudonymiser=pseudonymiser, code=late, now=later)
        assert check.problem is InviteProblem.EXPIRED and check.invite_id is not None
        assert not await use_invite(session, invite_id=check.invite_id, now=later)


async def test_a_single_use_code_pressed_at_once_by_two_people_is_used_once(
    db: Database, pseudonymiser: Pseudonymiser
) -> None:
    [code] = await _make(db, pseudonymiser)
    async with db.session() as session:
        check = await check_invite(session, pseudonymiser=pseudonymiser, code=code, now=NOW)
    assert check.invite_id is not None

    async def take() -> bool:
        async with db.session() as session:
            return await use_invite(session, invite_id=check.invite_id, now=NOW)  # type: ignore[arg-type]

    results = await asyncio.gather(take(), take(), take())
    assert sorted(results) == [False, False, True]


async def test_failures_block_for_a_window_then_start_afresh(db: Database) -> None:
    async with db.session() as session:
        for n in range(JOIN_FAILURE_LIMIT - 1):
            await record_join_failure(session, pseudonym="p", now=NOW + timedelta(minutes=n))
        assert await join_blocked_until(session, pseudonym="p", now=NOW) is None
        await record_join_failure(session, pseudonym="p", now=NOW + timedelta(minutes=5))
        assert (
            await join_blocked_until(session, pseudonym="p", now=NOW + timedelta(minutes=6))
            == NOW + JOIN_FAILURE_WINDOW
        )
        assert await join_blocked_until(session, pseudonym="someone else", now=NOW) is None
        after = NOW + JOIN_FAILURE_WINDOW + timedelta(seconds=1)
        assert await join_blocked_until(session, pseudonym="p", now=after) is None
        await record_join_failure(session, pseudonym="p", now=after)  # a fresh window with one failure
        assert await join_blocked_until(session, pseudonym="p", now=after) is None
