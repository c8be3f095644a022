"""Who is chatting in this browser: a random cookie, turned into a pseudonym, an address and a CSRF token.

The cookie holds only a random token. Everything Heard stores is derived
from it with the pseudonym key (HMAC), so the database never holds the token
itself and a copied database cannot be used to take over a browser's chat.

The cookie is HttpOnly and SameSite=Strict, and Secure whenever the chat is
served over HTTPS: the connection itself is TLS, or ``HEARD_PUBLIC_URL``
starts with ``https://`` (Heard behind a TLS-terminating proxy).
``X-Forwarded-Proto`` is deliberately not trusted, since anyone can send it.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from aiohttp import web

from bot.outgoing import chat_key
from feedback.crypto import Pseudonymiser

__all__ = ["COOKIE_NAME", "Visitor", "new_token", "read_token", "remember", "visitor_for"]

COOKIE_NAME = "heard_chat"
COOKIE_MAX_AGE = timedelta(days=180)  # renewed on every visit
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
WEB = "web"


@dataclass(frozen=True)
class Visitor:
    """One browser's chat identity, all derived from its cookie token."""

    token: str
    pseudonym: str
    address: str
    chat_key: str
    csrf: str

    def csrf_ok(self, sent: object) -> bool:
        """Return True when ``sent`` is this visitor's CSRF token (constant-time compare)."""
        return isinstance(sent, str) and hmac.compare_digest(sent.encode(), self.csrf.encode())


def new_token() -> str:
    """Return a fresh random cookie token (256 bits)."""
    return secrets.token_urlsafe(32)


def read_token(request: web.Request) -> str | None:
    """Return the cookie token, or None when there is none or it is not one of ours."""
    token = request.cookies.get(COOKIE_NAME, "")
    return token if _TOKEN_RE.match(token) else None


def visitor_for(token: str, pseudonymiser: Pseudonymiser) -> Visitor:
    """Return the identity behind a token."""
    address = pseudonymiser.pseudonym("web-address", token)[:32]
    return Visitor(
        token=token,
        pseudonym=pseudonymiser.pseudonym(WEB, token),
        address=address,
        chat_key=chat_key(pseudonymiser, WEB, address),
        csrf=pseudonymiser.pseudonym("web-csrf", token)[:32],
    )


def remember(response: web.StreamResponse, token: str, *, secure: bool) -> None:
    """Set (or renew) the identity cookie on ``response``."""
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(COOKIE_MAX_AGE.total_seconds()),
        path="/chat",
        httponly=True,
        secure=secure,
        samesite="Strict",
    )
