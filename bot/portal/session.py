"""Staff sessions in an encrypted cookie: who is signed in, since when, last seen, and the form token.

The cookie is sealed with the service's keys, so it can be neither read nor
forged. It holds no role (that is read from the account on every request, so a
disabled account stops at once) and expires after ``idle`` without activity or
``max_age`` after sign-in, whichever comes first. Signing in issues a new
session id, so a session fixed before sign-in is worthless after it.

It also holds the account's session generation at sign-in. A password reset
or change, disabling or enabling, and "sign out everywhere" raise the
account's generation, so every older cookie is refused on its next request,
wherever it is. ``pending`` marks a session that has passed the password but
still owes its second factor: it opens nothing but the second-factor pages.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from feedback.crypto import Sealer, UnsealableError

__all__ = ["COOKIE_NAME", "StaffSession", "new_session", "open_session", "seal_session", "token_matches"]

COOKIE_NAME = "heard_staff"


@dataclass(frozen=True)
class StaffSession:
    """One browser's session; ``staff_id`` is None before sign-in."""

    sid: str
    csrf: str
    staff_id: int | None
    issued_at: datetime
    last_seen: datetime
    generation: int = 0
    pending: bool = False  # password accepted, second factor (enrolment or code) still to come

    def seen(self, now: datetime) -> StaffSession:
        """Return the session touched at ``now`` (for the idle time-out)."""
        return replace(self, last_seen=now)


def new_session(
    now: datetime, staff_id: int | None = None, *, generation: int = 0, pending: bool = False
) -> StaffSession:
    """Return a fresh session with new random id and form token."""
    return StaffSession(
        secrets.token_urlsafe(18), secrets.token_urlsafe(24), staff_id, now, now, generation, pending
    )


def seal_session(sealer: Sealer, session: StaffSession) -> str:
    """Return the cookie value for ``session``."""
    data = {
        "sid": session.sid,
        "csrf": session.csrf,
        "uid": session.staff_id,
        "iat": int(session.issued_at.timestamp()),
        "seen": int(session.last_seen.timestamp()),
        "gen": session.generation,
        "mfa": 1 if session.pending else 0,
    }
    return sealer.seal(json.dumps(data, separators=(",", ":")))


def open_session(
    sealer: Sealer, cookie: str | None, *, now: datetime, idle: timedelta, max_age: timedelta
) -> tuple[StaffSession | None, bool]:
    """Return the session in ``cookie`` and whether it had timed out (then the session is None)."""
    if not cookie:
        return None, False
    try:
        data = json.loads(sealer.open(cookie))
        session = StaffSession(
            sid=str(data["sid"]),
            csrf=str(data["csrf"]),
            staff_id=None if data["uid"] is None else int(data["uid"]),
            issued_at=datetime.fromtimestamp(int(data["iat"]), UTC),
            last_seen=datetime.fromtimestamp(int(data["seen"]), UTC),
            generation=int(data.get("gen", -1)),
            pending=bool(data.get("mfa", 0)),
        )
    except (UnsealableError, ValueError, KeyError, TypeError):
        return None, False
    if now - session.last_seen > idle or now - session.issued_at > max_age:
        return None, session.staff_id is not None
    return session, False


def token_matches(session: StaffSession | None, submitted: str | None) -> bool:
    """Return True when a submitted form token is this session's, compared in constant time."""
    if session is None or not submitted:
        return False
    return hmac.compare_digest(session.csrf.encode(), submitted.encode())
