"""Who is chatting in this browser: a server-issued cookie, turned into a pseudonym, address and CSRF token.

The cookie holds a random token and Heard's signature of it (an HMAC with the
pseudonym key), so only identities Heard issued are accepted: a token a
client makes up is treated as no cookie at all. Everything Heard stores is
derived from the token with the pseudonym key, so the database never holds
the token itself and a copied database cannot be used to take over a chat.

The cookie is HttpOnly and SameSite=Strict. Whenever the chat is served over
HTTPS (the connection is TLS, ``HEARD_PUBLIC_URL`` starts with ``https://``,
or ``HEARD_ENV=production``, where Heard always sits behind TLS) it is also
Secure and named ``__Host-heard_chat``, which browsers accept only from a
secure origin, for the whole host, with no Domain: no sibling site can set or
shadow it. ``X-Forwarded-Proto`` is deliberately not trusted, since anyone
can send it. Plain-http development uses ``heard_chat_local``.
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

__all__ = [
    "COOKIE_NAME",
    "LEGACY_COOKIE_NAME",
    "LOCAL_COOKIE_NAME",
    "Visitor",
    "legacy_token",
    "new_token",
    "read_token",
    "remember",
    "visitor_for",
]

COOKIE_NAME = "__Host-heard_chat"
LOCAL_COOKIE_NAME = "heard_chat_local"  # plain-http development only: __Host- needs a secure origin
LEGACY_COOKIE_NAME = "heard_chat"  # unsigned, before identities were signed; honoured for members only
COOKIE_MAX_AGE = timedelta(days=180)  # renewed on every visit
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
_SIGNED_RE = re.compile(r"^([A-Za-z0-9_-]{43})\.([0-9a-f]{32})$")
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


def _signature(pseudonymiser: Pseudonymiser, token: str) -> str:
    return pseudonymiser.pseudonym("web-cookie", token)[:32]


def read_token(request: web.Request, pseudonymiser: Pseudonymiser) -> str | None:
    """Return the token of a chat identity Heard issued, or None (no cookie, or not signed by us)."""
    for name in (COOKIE_NAME, LOCAL_COOKIE_NAME):
        match = _SIGNED_RE.match(request.cookies.get(name, ""))
        if match and hmac.compare_digest(match[2], _signature(pseudonymiser, match[1])):
            return match[1]
    return None


def legacy_token(request: web.Request) -> str | None:
    """Return the token of an old unsigned cookie (the caller keeps it only for someone who joined)."""
    token = request.cookies.get(LEGACY_COOKIE_NAME, "")
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


def remember(response: web.StreamResponse, token: str, pseudonymiser: Pseudonymiser, *, secure: bool) -> None:
    """Set (or renew) the signed identity cookie on ``response``."""
    response.set_cookie(
        COOKIE_NAME if secure else LOCAL_COOKIE_NAME,
        f"{token}.{_signature(pseudonymiser, token)}",
        max_age=int(COOKIE_MAX_AGE.total_seconds()),
        path="/",
        httponly=True,
        secure=secure,
        samesite="Strict",
    )
