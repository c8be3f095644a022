"""Ways staff prove who they are with a form: username and password (then a code, where needed).

Every method ends the same way: a ``SignIn`` naming an existing, active staff
account, after which the portal starts a fresh session (pending, if a second
factor is still owed). Single sign-on is a redirect flow rather than a form, so
it lives in ``bot.portal.oidc`` and ``bot.portal.views.sso``; there the role
comes from the provider's groups through ``HEARD_OIDC_ROLE_MAP``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from bot.portal.words import N_
from feedback.db import Session
from feedback.staff import Passwords, SignIn, check_password

__all__ = ["Authenticator", "PasswordAuthenticator"]


class Authenticator(Protocol):
    """A sign-in method: turns what the browser sent into an account, or a refusal."""

    name: str  # used in URLs (/staff/login/<name>) and in the audit log
    label: str  # shown on the sign-in page, through the portal's catalogue (mark it with ``N_``)

    async def sign_in(self, session: Session, form: Mapping[str, str], now: datetime) -> SignIn:
        """Return the account the credentials belong to, or why not."""
        ...


class PasswordAuthenticator:
    """Username and password, checked against argon2 hashes, with lock-out on repeated failure."""

    name = "password"
    label = N_("Sign in")

    def __init__(self, passwords: Passwords) -> None:
        self._passwords = passwords

    async def sign_in(self, session: Session, form: Mapping[str, str], now: datetime) -> SignIn:
        """Return the account if the username and password match and it is not locked."""
        username = form.get("username", "").strip()
        password = form.get("password", "")
        if not username or not password or len(password) > 1024:
            return SignIn(None, "refused")
        return await check_password(
            session, username=username, password=password, passwords=self._passwords, now=now
        )
