"""Staff accounts: argon2 hashes, no duplicate names, lock-out after five failures and its expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from feedback import staff
from feedback.db import Database
from feedback.staff import AccountProblem, Passwords, Role

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
GOOD = "correct horse battery staple"


@pytest.fixture(scope="module")
def passwords() -> Passwords:
    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


async def _add(db: Database, passwords: Passwords, name: str = "sam", role: Role = Role.ADMIN) -> None:
    async with db.session() as session:
        await staff.add_staff(session, username=name, role=role, password=GOOD, passwords=passwords, now=NOW)


async def _try(db: Database, passwords: Passwords, password: str, now: datetime) -> staff.SignIn:
    async with db.session() as session:
        return await staff.check_password(
            session, username="sam", password=password, passwords=passwords, now=now
        )


async def test_password_is_stored_as_argon2id_and_checks(db: Database, passwords: Passwords) -> None:
    await _add(db, passwords, "Sam")
    async with db.session() as session:
        stored = (await session.execute(text("SELECT password_hash FROM staff_user"))).scalar_one()
    assert stored.startswith("$argon2id$") and GOOD not in stored
    result = await _try(db, passwords, GOOD, NOW)
    assert result.account is not None and result.account.username == "sam"
    assert result.account.last_login_at == NOW


async def test_duplicate_weak_and_odd_accounts_are_refused(db: Database, passwords: Passwords) -> None:
    await _add(db, passwords)
    async with db.session() as session:
        with pytest.raises(AccountProblem, match="already"):
            await staff.add_staff(
                session, username="SAM", role=Role.ADMIN, password=GOOD, passwords=passwords, now=NOW
            )
        with pytest.raises(AccountProblem, match="at least 12"):
            await staff.add_staff(
                session, username="kim", role=Role.ADMIN, password="short", passwords=passwords, now=NOW
            )
        with pytest.raises(AccountProblem, match="username"):
            await staff.add_staff(
                session, username="kim kim", role=Role.ADMIN, password=GOOD, passwords=passwords, now=NOW
            )


async def test_many_failures_lock_the_account_even_against_the_right_password(
    db: Database, passwords: Passwords
) -> None:
    await _add(db, passwords)
    limit = staff.LOCK_AFTER_FAILURES
    reasons = [(await _try(db, passwords, "wrong guess number", NOW)).reason for _ in range(limit)]
    assert reasons == ["refused"] * (limit - 1) + ["locked"]
    assert (await _try(db, passwords, GOOD, NOW + timedelta(minutes=14))).reason == "locked"
    later = await _try(db, passwords, GOOD, NOW + timedelta(minutes=16))
    assert later.account is not None


async def test_a_success_resets_the_failure_count(db: Database, passwords: Passwords) -> None:
    await _add(db, passwords)
    for _ in range(staff.LOCK_AFTER_FAILURES - 1):
        await _try(db, passwords, "wrong guess number", NOW)
    assert (await _try(db, passwords, GOOD, NOW)).account is not None
    assert (await _try(db, passwords, "wrong guess number", NOW)).reason == "refused"


async def test_disabled_and_unknown_accounts_cannot_sign_in(db: Database, passwords: Passwords) -> None:
    await _add(db, passwords)
    async with db.session() as session:
        account = await staff.set_active(session, username="sam", active=False)
    assert account.active is False
    assert (await _try(db, passwords, GOOD, NOW)).account is None
    async with db.session() as session:
        unknown = await staff.check_password(
            session, username="nobody", password=GOOD, passwords=passwords, now=NOW
        )
    assert unknown.account is None and unknown.reason == "refused"


async def test_set_password_replaces_the_old_one(db: Database, passwords: Passwords) -> None:
    await _add(db, passwords)
    async with db.session() as session:
        await staff.set_password(
            session, username="sam", password="another long passphrase", passwords=passwords
        )
    assert (await _try(db, passwords, GOOD, NOW)).account is None
    assert (await _try(db, passwords, "another long passphrase", NOW)).account is not None
