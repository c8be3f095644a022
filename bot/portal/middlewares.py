"""The portal's gate: session, access table, CSRF check, and headers that keep pages out of caches.

Order matters and is deliberate: the session is opened first (and dropped if
signed out, timed out, the account disabled, or its generation raised by a
password change, reset or "sign out everywhere"), then every unsafe method
must carry the session's form token, then the route's rule is checked against
the account's role. Anything not in the access table is refused.

Requests a page makes by itself (the alert count it polls each minute) are
"quiet": they are answered, but do not count as activity, so an unattended
tab still signs out after the idle time-out. A session that still owes its
second factor reaches only public pages (sign-in and the second-factor page).
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.appkeys import DATABASE, SEALER
from bot.portal.access import ACCESS, QUIET
from bot.portal.config import PORTAL
from bot.portal.context import NEW_SESSION, PENDING_STAFF, SESSION, STAFF, TIMED_OUT
from bot.portal.render import refuse
from bot.portal.session import COOKIE_NAME, new_session, open_session, seal_session, token_matches
from bot.portal.words import _, speaking
from feedback import audit
from feedback.staff import get_staff

__all__ = ["NO_STORE_HEADERS", "SIGNED_OUT", "portal_middleware"]

log = logging.getLogger(__name__)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SIGNED_OUT = "staff.signed_out"
NO_STORE_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Robots-Tag": "noindex, nofollow",
}


async def _load(request: web.Request) -> None:
    config = request.app[PORTAL]
    now = config.clock()
    session, timed_out = open_session(
        request.config_dict[SEALER],
        request.cookies.get(COOKIE_NAME),
        now=now,
        idle=config.idle_timeout,
        max_age=config.max_age,
    )
    staff_id = session.staff_id if session is not None else None
    if staff_id is not None:
        async with request.config_dict[DATABASE].session() as db:
            if session is None or await audit.find_entry(db, action=SIGNED_OUT, target_id=session.sid):
                session = None
            else:
                account = await get_staff(db, staff_id)
                if account is None or not account.active or account.session_generation != session.generation:
                    session = None
                elif session.pending:
                    request[PENDING_STAFF] = account
                else:
                    request[STAFF] = account
    request[TIMED_OUT] = timed_out
    quiet = request.match_info.route in request.app[QUIET]
    if session is None:
        request[SESSION] = new_session(now)
    else:
        request[SESSION] = session if quiet else session.seen(now)


def _finish(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in NO_STORE_HEADERS.items():
        response.headers[name] = value
    session = request.get(NEW_SESSION) or request.get(SESSION)
    if session is None:
        return
    config = request.app[PORTAL]
    response.set_cookie(
        COOKIE_NAME,
        seal_session(request.config_dict[SEALER], session),
        path="/staff",
        httponly=True,
        secure=config.secure_cookies,
        samesite="Strict",
        max_age=int(config.max_age.total_seconds()),
    )


@web.middleware
async def portal_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Open the session, enforce CSRF and roles, then add no-store headers and refresh the cookie."""
    with speaking(request.app[PORTAL].language):
        return await _answer(request, handler)


async def _answer(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        await _load(request)
        response = await _guarded(request, handler)
    except web.HTTPException as exc:
        if SESSION in request:
            _finish(request, exc)
        raise
    _finish(request, response)
    return response


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    match = request.match_info
    if match.http_exception is not None:
        raise match.http_exception
    rule = request.app[ACCESS].get(match.route)
    account = request.get(STAFF)
    if rule is None:
        log.warning("portal.unlisted_route", extra={"event": "portal.unlisted_route"})
        raise refuse(request, _("This page is not available."))
    if request.method not in SAFE_METHODS:
        form = await request.post()
        submitted = form.get("_csrf") or request.headers.get("X-CSRF-Token")
        if not token_matches(request[SESSION], str(submitted or "")):
            log.info("portal.csrf_refused", extra={"event": "portal.csrf_refused"})
            raise refuse(
                request,
                _(
                    "This form has expired or did not come from Heard. "
                    "Go back, reload the page and try again."
                ),
            )
    if rule.allows(account.role if account else None):
        return await handler(request)
    if PENDING_STAFF in request:  # second factor still owed: only the public pages, which include its own
        if request.method in SAFE_METHODS:
            raise web.HTTPSeeOther("/staff/login/code")
        raise refuse(request, _("Please finish signing in first."))
    if account is None:
        if request.method in SAFE_METHODS:
            target = quote(request.path_qs, safe="/?=&")
            note = "&timeout=1" if request[TIMED_OUT] else ""
            raise web.HTTPSeeOther(f"/staff/login?next={target}{note}")
        raise refuse(request, _("Please sign in first."))
    log.info("portal.role_refused", extra={"event": "portal.role_refused", "role": account.role.value})
    raise refuse(request, _("Your role does not include this page. Ask an admin if you need it."))
