"""Staff accounts: roles, argon2 password hashes, and lock-out after repeated failed sign-ins.

Hashing is deliberately slow, so it runs in a worker thread and never blocks
the event loop. An unknown username costs the same hash as a known one, so
response times do not reveal which accounts exist.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import StaffUser, table_of
from feedback.password_policy import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, password_problem

__all__ = [
    "LOCK_AFTER_FAILURES",
    "LOCK_FOR",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "AccountProblem",
    "Passwords",
    "Role",
    "SignIn",
    "StaffAccount",
    "add_staff",
    "change_password",
    "check_new_password",
    "check_password",
    "count_failure",
    "end_sessions",
    "find_staff",
    "get_staff",
    "list_staff",
    "lock_state",
    "set_active",
    "set_password",
    "set_role",
]

# Consecutive failures, from anywhere, that lock an account: a backstop against guessing spread over
# many addresses. It is high on purpose, so that nobody can lock a colleague out with a few wrong
# tries; the portal stops each address after a few failures per account (``bot.portal.throttle``).
LOCK_AFTER_FAILURES = 30
LOCK_FOR = timedelta(minutes=15)
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,119}$")

_staff = table_of(StaffUser)
_c = _staff.c


class Role(StrEnum):
    """What a member of staff may do; every portal route names the roles it allows."""

    PARTICIPATION_WORKER = "participation_worker"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    BOARD_VIEWER = "board_viewer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """Return the role as staff say it, e.g. "Participation worker"."""
        return self.value.replace("_", " ").capitalize()


class AccountProblem(ValueError):
    """An account cannot be created or changed as asked; the message says why and how to fix it."""


@dataclass(frozen=True)
class StaffAccount:
    """A staff account as the rest of the service sees it: never the password hash."""

    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    session_generation: int = 0
    second_factor: bool = False  # a TOTP secret is enrolled and confirmed
    has_password: bool = True  # False: signs in only through single sign-on

    @property
    def actor(self) -> str:
        """Return how the audit log names this person."""
        return self.username


@dataclass(frozen=True)
class SignIn:
    """The outcome of a password check: the account, or why not (``locked``, ``refused``)."""

    account: StaffAccount | None
    reason: str = ""


class Passwords:
    """Argon2id hashing with tunable cost (tests may lower it; production keeps the defaults)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        self._dummy = self._hasher.hash("not a real password, used to even out timing")

    async def hash(self, password: str) -> str:
        """Return an argon2id hash of ``password``, computed off the event loop."""
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, stored: str | None, password: str) -> bool:
        """Return True when ``password`` matches ``stored`` (a missing hash still costs a check)."""

        def check() -> bool:
            try:
                return self._hasher.verify(stored or self._dummy, password) and stored is not None
            except (VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)


def _account(row: StaffUser) -> StaffAccount:
    assert row.id is not None
    return StaffAccount(
        id=row.id,
        username=row.username,
        display_name=row.display_name or row.username,
        role=Role(row.role),
        active=row.active,
        locked_until=row.locked_until,
        last_login_at=row.last_login_at,
        session_generation=row.session_generation,
        second_factor=row.totp_enabled_at is not None,
        has_password=row.password_hash is not None,
    )


def check_new_password(password: str, username: str) -> None:
    """Raise ``AccountProblem`` unless ``password`` meets the policy in ``feedback.password_policy``."""
    problem = password_problem(password, username)
    if problem is not None:
        raise AccountProblem(problem)


def normalise_username(username: str) -> str:
    """Return the username lower-cased, or raise ``AccountProblem`` if it has odd characters."""
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        raise AccountProblem("a username is 2-120 characters: letters, digits, dot, dash, underscore or @")
    return name


async def add_staff(
    session: AsyncSession,
    *,
    username: str,
    role: Role,
    password: str | None,
    passwords: Passwords,
    now: datetime,
    display_name: str | None = None,
) -> StaffAccount:
    """Create an account and return it; ``password=None`` leaves it for another sign-in method."""
    name = normalise_username(username)
    if await find_staff(session, name) is not None:
        raise AccountProblem(f"there is already an account called {name!r}")
    password_hash = None
    if password is not None:
        check_new_password(password, name)
        password_hash = await passwords.hash(password)
    row = StaffUser(
        username=name,
        display_name=(display_name or "").strip()[:120] or None,
        password_hash=password_hash,
        role=role.value,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return _account(row)


async def _row(session: AsyncSession, username: str) -> StaffUser | None:
    result = await session.execute(select(StaffUser).where(_c.username == username.strip().lower()))
    return result.scalars().first()


async def find_staff(session: AsyncSession, username: str) -> StaffAccount | None:
    """Return the account with ``username``, or None."""
    row = await _row(session, username)
    return None if row is None else _account(row)


async def get_staff(session: AsyncSession, staff_id: int) -> StaffAccount | None:
    """Return the account with id ``staff_id``, or None."""
    row = await session.get(StaffUser, staff_id)
    return None if row is None else _account(row)


async def list_staff(session: AsyncSession) -> Sequence[StaffAccount]:
    """Return every account, by username."""
    result = await session.execute(select(StaffUser).order_by(_c.username))
    return [_account(row) for row in result.scalars().all()]


async def set_active(session: AsyncSession, *, username: str, active: bool) -> StaffAccount:
    """Enable or disable an account; either way every existing session of it ends."""
    row = await _row(session, username)
    if row is None:
        raise AccountProblem(f"there is no account called {username.strip().lower()!r}")
    row.active = active
    row.session_generation += 1
    if active:
        row.failed_logins = 0
        row.locked_until = None
    await session.flush()
    return _account(row)


async def set_role(session: AsyncSession, *, staff_id: int, role: Role) -> StaffAccount:
    """Give an account another role (single sign-on keeps it in step with the provider's groups)."""
    row = await session.get(StaffUser, staff_id)
    if row is None:
        raise AccountProblem("there is no such account")
    row.role = role.value
    await session.flush()
    return _account(row)


async def end_sessions(session: AsyncSession, *, staff_id: int) -> StaffAccount:
    """End every session of an account ("sign out everywhere"): they carry an older generation."""
    row = await session.get(StaffUser, staff_id)
    if row is None:
        raise AccountProblem("there is no such account")
    row.session_generation += 1
    await session.flush()
    return _account(row)


async def set_password(
    session: AsyncSession, *, username: str, password: str, passwords: Passwords, now: datetime | None = None
) -> StaffAccount:
    """Replace an account's password, clear any lock, and end every session signed in with the old one."""
    row = await _row(session, username)
    if row is None:
        raise AccountProblem(f"there is no account called {username.strip().lower()!r}")
    check_new_password(password, row.username)
    row.password_hash = await passwords.hash(password)
    row.failed_logins = 0
    row.locked_until = None
    row.session_generation += 1
    row.password_changed_at = now
    await session.flush()
    return _account(row)


async def change_password(
    session: AsyncSession,
    *,
    staff_id: int,
    current: str,
    new: str,
    passwords: Passwords,
    now: datetime,
) -> StaffAccount:
    """Change one's own password after checking the current one; every session of the account ends."""
    row = await session.get(StaffUser, staff_id)
    if row is None or not row.active:
        raise AccountProblem("there is no such account")
    if len(current) > MAX_PASSWORD_LENGTH * 8 or not await passwords.verify(row.password_hash, current):
        raise AccountProblem("the current password is not right")
    if current == new:
        raise AccountProblem("the new password must be different from the current one")
    return await set_password(session, username=row.username, password=new, passwords=passwords, now=now)


def lock_state(failures: int, now: datetime) -> datetime | None:
    """Return until when an account with ``failures`` consecutive failures stays locked, or None."""
    if failures >= LOCK_AFTER_FAILURES:
        return now + LOCK_FOR
    return None


async def check_password(
    session: AsyncSession, *, username: str, password: str, passwords: Passwords, now: datetime
) -> SignIn:
    """Return the account if the password is right and the account usable; count failures.

    After ``LOCK_AFTER_FAILURES`` consecutive failures the account is locked for
    ``LOCK_FOR``; while locked even the right password is refused, so guessing
    cannot continue.
    """
    row = await _row(session, username)
    if row is None or not row.active:
        await passwords.verify(None, password)
        return SignIn(None, "refused")
    if row.locked_until is not None and row.locked_until > now:
        await passwords.verify(None, password)
        return SignIn(None, "locked")
    if await passwords.verify(row.password_hash, password):
        await session.execute(
            update(_staff)
            .where(_c.id == row.id)
            .values(failed_logins=0, locked_until=None, last_login_at=now)
        )
        await session.refresh(row)
        return SignIn(_account(row))
    assert row.id is not None
    return SignIn(None, "locked" if await count_failure(session, staff_id=row.id, now=now) else "refused")


async def count_failure(session: AsyncSession, *, staff_id: int, now: datetime) -> bool:
    """Count one failed password or second-factor code; return True when the account is now locked.

    Counted in the database, so simultaneous guesses (from any number of
    addresses or replicas) cannot slip past the limit.
    """
    result = await session.execute(
        update(_staff)
        .where(_c.id == staff_id)
        .values(failed_logins=_c.failed_logins + 1)
        .returning(_c.failed_logins)
    )
    locked_until = lock_state(int(result.scalar_one()), now)
    if locked_until is None:
        return False
    await session.execute(
        update(_staff).where(_c.id == staff_id).values(failed_logins=0, locked_until=locked_until)
    )
    return True
