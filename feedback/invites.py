"""Invite codes: made for a cohort, stored only as keyed hashes, checked and used up when someone joins.

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
shown as ``K7MX-Q2PD`` so it can be read out over the phone or copied from
paper. Whatever a young person types (``k7mx q2pd``, ``K7MXQ2PD``) is brought
to the same canonical form before hashing.

Failed tries are counted per pseudonym (``JoinAttempt``) so codes cannot be
guessed quickly; that counter is the only thing kept about someone who has
not joined.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import case, delete, func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.crypto import Pseudonymiser
from feedback.db import insert_for
from feedback.models import Invite, JoinAttempt, table_of

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "JOIN_FAILURE_LIMIT",
    "JOIN_FAILURE_WINDOW",
    "InviteBatch",
    "InviteCheck",
    "InviteProblem",
    "canonical_code",
    "check_invite",
    "clear_join_failures",
    "create_invites",
    "display_code",
    "join_blocked_until",
    "list_batches",
    "record_join_failure",
    "use_invite",
]

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
JOIN_FAILURE_LIMIT = 5
JOIN_FAILURE_WINDOW = timedelta(minutes=15)

_CODE_RE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
_SEPARATORS = re.compile(r"[\s\-_.]+")

_invite = table_of(Invite).c
_attempt_table = table_of(JoinAttempt)
_attempt = _attempt_table.c


def canonical_code(text: str) -> str | None:
    """Return the code someone typed in canonical form (``K7MXQ2PD``), or None if it cannot be one."""
    cleaned = _SEPARATORS.sub("", text).upper()
    return cleaned if _CODE_RE.match(cleaned) else None


def display_code(code: str) -> str:
    """Return a canonical code grouped for reading: ``K7MX-Q2PD``."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class InviteProblem(StrEnum):
    """Why a code cannot be used; each has its own kind message."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"


@dataclass(frozen=True)
class InviteCheck:
    """The verdict on a code: the cohort it admits to, or the problem with it."""

    invite_id: int | None
    care_status: str | None
    age_band: str | None
    problem: InviteProblem | None

    @property
    def ok(self) -> bool:
        """Return True when the code can be used to join."""
        return self.problem is None


async def create_invites(
    session: AsyncSession,
    *,
    pseudonymiser: Pseudonymiser,
    care_status: str,
    age_band: str,
    count: int,
    expires_at: datetime,
    max_uses: int,
    batch: str | None,
    now: datetime,
    created_by: str = "cli",
) -> list[str]:
    """Store ``count`` new invites and return their canonical codes (the only time they exist)."""
    codes: dict[str, str] = {}  # code hash -> code
    while len(codes) < count:
        for code in (_new_code() for _ in range(count - len(codes))):
            codes.setdefault(pseudonymiser.code_hash(code), code)
        taken = select(_invite.code_hash).where(_invite.code_hash.in_(list(codes)))
        for code_hash in (await session.execute(taken)).scalars():
            del codes[code_hash]  # astronomically unlikely: make a fresh one instead
    for code_hash in codes:
        session.add(
            Invite(
                code_hash=code_hash,
                care_status=care_status,
                age_band=age_band,
                expires_at=expires_at,
                max_uses=max_uses,
                uses=0,
                batch=batch,
                created_at=now,
                created_by=created_by,
            )
        )
    await session.flush()
    return list(codes.values())


async def check_invite(
    session: AsyncSession, *, pseudonymiser: Pseudonymiser, code: str, now: datetime
) -> InviteCheck:
    """Return whether canonical ``code`` admits someone now, without using it up."""
    row = (
        await session.execute(
            select(
                _invite.id,
                _invite.care_status,
                _invite.age_band,
                _invite.expires_at,
                _invite.uses,
                _invite.max_uses,
            ).where(_invite.code_hash == pseudonymiser.code_hash(code))
        )
    ).first()
    if row is None:
        return InviteCheck(None, None, None, InviteProblem.UNKNOWN)
    invite_id, care_status, age_band, expires_at, uses, max_uses = row
    problem: InviteProblem | None = None
    if expires_at is not None and expires_at <= now:
        problem = InviteProblem.EXPIRED
    elif uses >= max_uses:
        problem = InviteProblem.USED_UP
    return InviteCheck(invite_id, care_status, age_band, problem)


async def use_invite(session: AsyncSession, *, invite_id: int, now: datetime) -> bool:
    """Count one use of an invite; return False if it expired or was used up meanwhile."""
    result = await session.execute(
        update(table_of(Invite))
        .where(
            _invite.id == invite_id,
            _invite.uses < _invite.max_uses,
            (_invite.expires_at.is_(None)) | (_invite.expires_at > now),
        )
        .values(uses=_invite.uses + 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def join_blocked_until(session: AsyncSession, *, pseudonym: str, now: datetime) -> datetime | None:
    """Return when this pseudonym may try a code again, or None if it may try now."""
    row = (
        await session.execute(
            select(_attempt.failures, _attempt.window_started_at).where(_attempt.pseudonym == pseudonym)
        )
    ).first()
    if row is None:
        return None
    failures, started = row
    if started is None or failures < JOIN_FAILURE_LIMIT:
        return None
    until: datetime = started + JOIN_FAILURE_WINDOW
    return until if until > now else None


async def record_join_failure(session: AsyncSession, *, pseudonym: str, now: datetime) -> None:
    """Count one failed code for this pseudonym; a fresh window starts after the old one ends."""
    insert = insert_for(session)
    stmt = insert(_attempt_table).values(pseudonym=pseudonym, failures=1, window_started_at=now)
    cutoff = now - JOIN_FAILURE_WINDOW
    in_window = _attempt.window_started_at > cutoff
    stmt = stmt.on_conflict_do_update(
        index_elements=["pseudonym"],
        set_={
            "failures": case((in_window, _attempt.failures + 1), else_=1),
            "window_started_at": case((in_window, _attempt.window_started_at), else_=now),
        },
    )
    await session.execute(stmt)


async def clear_join_failures(session: AsyncSession, *, pseudonym: str) -> None:
    """Forget the failure count for a pseudonym (after joining, or when they ask to be forgotten)."""
    await session.execute(delete(_attempt_table).where(_attempt.pseudonym == pseudonym))


@dataclass(frozen=True)
class InviteBatch:
    """What a participation worker sees about a batch of codes: never the codes themselves."""

    batch: str | None
    care_status: str
    age_band: str
    created_on: str
    expires_at: datetime | None
    codes: int
    uses: int
    capacity: int


async def list_batches(session: AsyncSession) -> Sequence[InviteBatch]:
    """Return invite batches, newest first, with how many of their places were used."""
    created_on = func.min(_invite.created_at)
    stmt = (
        select(
            _invite.batch,
            _invite.care_status,
            _invite.age_band,
            created_on,
            func.max(_invite.expires_at),
            func.count(),
            func.sum(_invite.uses),
            func.sum(_invite.max_uses),
        )
        .group_by(_invite.batch, _invite.care_status, _invite.age_band)
        .order_by(created_on.desc())
    )
    rows = (await session.execute(stmt)).all()
    return [
        InviteBatch(
            batch=batch,
            care_status=care_status,
            age_band=age_band,
            created_on=str(created)[:10],
            expires_at=expires,
            codes=int(codes),
            uses=int(uses or 0),
            capacity=int(capacity or 0),
        )
        for batch, care_status, age_band, created, expires, codes, uses, capacity in rows
    ]
