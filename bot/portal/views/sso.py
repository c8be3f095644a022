"""Single sign-on pages: off to the council's identity provider, and back with a verified identity.

The pending sign-in (state, nonce, PKCE verifier, where to go next) travels in
a sealed, HttpOnly cookie limited to these two addresses. It is SameSite=Lax,
not Strict, because the provider sends the browser back with a cross-site
top-level GET, which a Strict cookie would not come with; the ``state`` check
is what stops a forged callback. The first sign-in makes the account (no
password: it can only sign in through the provider); every sign-in brings its
role in step with the provider's groups, and a disabled account stays out.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.appkeys import DATABASE, SEALER, SETTINGS
from bot.client_address import client_address
from bot.portal.config import PORTAL
from bot.portal.context import NEW_SESSION
from bot.portal.oidc import OidcRefused, OidcSignIn, Pending
from bot.portal.render import refuse
from bot.portal.session import new_session
from bot.portal.views.signin import _safe_next
from bot.portal.words import _
from feedback import audit, staff
from feedback.crypto import UnsealableError
from feedback.db import Session
from feedback.staff import Passwords, Role, StaffAccount

__all__ = ["callback", "start"]

PENDING_COOKIE = "heard_sso"
PENDING_PATH = "/staff/login/oidc"
PENDING_SECONDS = 600


def _sso(request: web.Request) -> OidcSignIn:
    sso = request.app[PORTAL].sso
    if sso is None:
        raise web.HTTPNotFound(text="Single sign-on is not set up.")
    return sso


def _redirect_uri(request: web.Request) -> str:
    base = request.config_dict[SETTINGS].public_url.rstrip("/") or f"{request.scheme}://{request.host}"
    return f"{base}{PENDING_PATH}/callback"


async def start(request: web.Request) -> web.StreamResponse:
    """Send the browser to the provider with a fresh state, nonce and PKCE challenge."""
    sso = _sso(request)
    try:
        url, pending = await sso.start(_redirect_uri(request), _safe_next(request.query.get("next")))
    except (OidcRefused, OSError, TimeoutError):
        raise refuse(
            request, _("Your council's sign-in service did not answer. Try again in a minute."), 503
        ) from None
    response = web.HTTPSeeOther(url)
    response.set_cookie(
        PENDING_COOKIE, request.config_dict[SEALER].seal(pending.to_json()), max_age=PENDING_SECONDS,
        path=PENDING_PATH, httponly=True, secure=request.app[PORTAL].secure_cookies, samesite="Lax",
    )  # fmt: skip
    raise response


def _pending(request: web.Request) -> Pending | None:
    sealed = request.cookies.get(PENDING_COOKIE, "")
    if not sealed:
        return None
    try:
        pending = Pending.from_json(request.config_dict[SEALER].open(sealed))
    except (UnsealableError, ValueError):
        return None
    return pending if time.time() - pending.started < PENDING_SECONDS else None


async def callback(request: web.Request) -> web.StreamResponse:
    """Check the provider's answer, find or make the account, and start a session."""
    sso = _sso(request)
    config = request.app[PORTAL]
    now = config.clock()
    address = client_address(request)
    pending = _pending(request)
    state = request.query.get("state", "")
    code = request.query.get("code", "")
    reason = ""
    claims = None
    if pending is None or not hmac.compare_digest(state.encode(), pending.state.encode()):
        reason = "state_mismatch"
    elif request.query.get("error") or not code:
        reason = "provider_refused"
    else:
        try:
            claims = await sso.finish(code[:2048], pending, _redirect_uri(request))
        except OidcRefused as exc:
            reason = exc.reason
        except (OSError, TimeoutError):
            reason = "provider_unavailable"
    username = sso.username_for(claims) if claims is not None else None
    role = sso.role_for(claims) if claims is not None else None
    if claims is not None and (username is None or role is None):
        reason = "no_username" if username is None else "no_role"
    account = None
    async with request.config_dict[DATABASE].session() as session:
        if not reason:
            assert username is not None and role is not None and claims is not None
            account, reason = await _account(session, username, role, claims, now, config.passwords)
        if account is None:
            await audit.record(
                session,
                actor="anonymous",
                action="staff.sign_in_failed",
                now=now,
                detail={"method": "oidc", "reason": reason, "address": address},
            )
        else:
            await audit.record(
                session,
                actor=account.actor,
                action="staff.signed_in",
                now=now,
                target_type="staff",
                target_id=account.id,
                detail={"method": "oidc", "address": address},
            )
    if account is None:
        message = {
            "no_role": _("Your council account is not in a group that may use Heard. Ask your Heard admin."),
            "disabled": _("This Heard account is disabled. Ask your Heard admin."),
        }.get(reason, _("Signing in with your council account did not work. Please try again."))
        raise refuse(request, message, 403)
    response = web.HTTPSeeOther(pending.next if pending else "/staff/dashboard")
    response.del_cookie(PENDING_COOKIE, path=PENDING_PATH)
    request[NEW_SESSION] = new_session(now, account.id, generation=account.session_generation)
    raise response


async def _account(
    session: Session,
    username: str,
    role: Role,
    claims: Mapping[str, Any],
    now: datetime,
    passwords: Passwords,
) -> tuple[StaffAccount | None, str]:
    """Return the account for a verified identity (made on first sign-in), or None and why not."""
    found = await staff.find_staff(session, username)
    if found is None:
        try:
            found = await staff.add_staff(
                session,
                username=username,
                role=role,
                password=None,
                passwords=passwords,
                now=now,
                display_name=str(claims.get("name") or "")[:120] or None,
            )
        except staff.AccountProblem:
            return None, "bad_username"
        await audit.record(
            session,
            actor="oidc",
            action="staff.added",
            now=now,
            target_type="staff",
            target_id=found.id,
            detail={"role": role.value, "method": "oidc"},
        )
        return found, ""
    if not found.active:
        return None, "disabled"
    if found.role is not role:
        await audit.record(
            session,
            actor="oidc",
            action="staff.role_changed",
            now=now,
            target_type="staff",
            target_id=found.id,
            detail={"from": found.role.value, "to": role.value},
        )
        found = await staff.set_role(session, staff_id=found.id, role=role)
    return found, ""
