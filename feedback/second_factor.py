"""A second factor for staff accounts: time-based one-time codes (TOTP, RFC 6238) from an authenticator app.

The shared secret is sealed at rest like every other secret, so a copied
database does not hand out codes. Enrolment has two steps: a secret is made
and shown once, and only a correct code from the app switches the factor on,
so nobody is locked out by a mistyped secret. A code is accepted in the
previous, current or next 30-second step (clock drift), and each step only
once, so a code seen over someone's shoulder cannot be replayed.
"""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.crypto import Sealer
from feedback.models import StaffUser

__all__ = [
    "ISSUER",
    "Enrolment",
    "check_code",
    "confirm_enrolment",
    "forget_second_factor",
    "start_enrolment",
]

ISSUER = "Heard"
_DRIFT_STEPS = 1


class Enrolment:
    """A secret waiting to be confirmed: what the person types into, or scans with, their app."""

    def __init__(self, secret: str, username: str) -> None:
        self.secret = secret
        self.uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)

    @property
    def grouped(self) -> str:
        """Return the secret in groups of four, easier to type."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


async def _row(session: AsyncSession, staff_id: int) -> StaffUser:
    row = await session.get(StaffUser, staff_id)
    if row is None:
        raise LookupError("no such staff account")
    return row


async def start_enrolment(session: AsyncSession, *, staff_id: int, sealer: Sealer) -> Enrolment:
    """Return the pending secret for an account, making one if it has none; the factor stays off."""
    row = await _row(session, staff_id)
    if row.totp_enabled_at is not None:
        raise ValueError("a second factor is already set up for this account")
    if row.totp_secret_sealed is None:
        row.totp_secret_sealed = sealer.seal(pyotp.random_base32())
        await session.flush()
    return Enrolment(sealer.open(row.totp_secret_sealed), row.username)


def _step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """Return the time step ``code`` belongs to (within the drift allowed, after ``last_step``), or None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - _DRIFT_STEPS, current + _DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


async def confirm_enrolment(
    session: AsyncSession, *, staff_id: int, code: str, sealer: Sealer, now: datetime
) -> bool:
    """Switch the second factor on if ``code`` comes from the pending secret; return whether it did."""
    row = await _row(session, staff_id)
    if row.totp_secret_sealed is None or row.totp_enabled_at is not None:
        return False
    step = _step(sealer.open(row.totp_secret_sealed), code, now, None)
    if step is None:
        return False
    row.totp_enabled_at, row.totp_last_step = now, step
    await session.flush()
    return True


async def check_code(
    session: AsyncSession, *, staff_id: int, code: str, sealer: Sealer, now: datetime
) -> bool:
    """Return True when ``code`` is the account's current code, not used before (then it is spent)."""
    row = await _row(session, staff_id)
    if row.totp_secret_sealed is None or row.totp_enabled_at is None:
        return False
    if row.locked_until is not None and row.locked_until > now:
        return False  # locked by guessing (see ``feedback.staff.count_failure``): even a right code waits
    step = _step(sealer.open(row.totp_secret_sealed), code, now, row.totp_last_step)
    if step is None:
        return False
    row.totp_last_step, row.failed_logins = step, 0
    await session.flush()
    return True


async def forget_second_factor(session: AsyncSession, *, staff_id: int) -> None:
    """Remove an account's second factor (a lost phone); the next sign-in enrols a new one."""
    row = await _row(session, staff_id)
    row.totp_secret_sealed, row.totp_enabled_at, row.totp_last_step = None, None, None
    row.session_generation += 1
    await session.flush()
