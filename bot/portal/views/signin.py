"""Signing in and out. Each outcome is audited; failures never record what was typed."""

from __future__ import annotations

from aiohttp import web

from bot.appkeys import DATABASE
from bot.portal.config import PORTAL
from bot.portal.context import NEW_SESSION, SESSION, STAFF
from bot.portal.middlewares import SIGNED_OUT
from bot.portal.render import page, refuse
from bot.portal.session import new_session
from feedback import audit

__all__ = ["home", "sign_in", "sign_in_form", "sign_out"]


def _safe_next(target: str | None) -> str:
    """Return a local portal path to go to after sign-in (never another site)."""
    if target and target.startswith("/staff/") and not target.startswith("/staff//") and "\\" not in target:
        return target
    return "/staff/dashboard"


async def home(request: web.Request) -> web.StreamResponse:
    """Send /staff to the dashboard."""
    raise web.HTTPSeeOther("/staff/dashboard")


async def sign_in_form(request: web.Request) -> web.StreamResponse:
    """Show the sign-in form (or go straight on if already signed in)."""
    if request.get(STAFF) is not None:
        raise web.HTTPSeeOther(_safe_next(request.query.get("next")))
    config = request.app[PORTAL]
    return await page(
        request, "signin.html",
        next=_safe_next(request.query.get("next")),
        timed_out=request.query.get("timeout") == "1",
        methods=config.authenticators,
        problem=None,
    )


async def sign_in(request: web.Request) -> web.StreamResponse:
    """Check the credentials; on success start a brand-new session."""
    config = request.app[PORTAL]
    now = config.clock()
    address = request.remote or "unknown"
    form = await request.post()
    fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    target = _safe_next(fields.get("next"))
    if config.throttle.blocked(address, now):
        raise refuse(request, "Too many failed sign-ins from here. Wait 15 minutes and try again.", 429)
    method = config.authenticators[0]
    async with request.config_dict[DATABASE].session() as session:
        result = await method.sign_in(session, fields, now)
        if result.account is None:
            await audit.record(session, actor="anonymous", action="staff.sign_in_failed", now=now,
                               detail={"method": method.name, "reason": result.reason})
        else:
            await audit.record(session, actor=result.account.actor, action="staff.signed_in", now=now,
                               target_type="staff", target_id=result.account.id,
                               detail={"method": method.name})
    if result.account is None:
        config.throttle.failed(address, now)
        problem = (
            "This account is locked after too many failed sign-ins. Try again in 15 minutes, "
            "or ask an admin to unlock it."
            if result.reason == "locked"
            else "That username and password did not match. Check them and try again."
        )
        return await page(request, "signin.html", http_status=401, next=target, timed_out=False,
                          methods=config.authenticators, problem=problem)
    assert result.account.id is not None
    request[NEW_SESSION] = new_session(now, result.account.id)
    raise web.HTTPSeeOther(target)


async def sign_out(request: web.Request) -> web.StreamResponse:
    """End the session everywhere: the old cookie is refused even if replayed."""
    config = request.app[PORTAL]
    now = config.clock()
    staff = request[STAFF]
    async with request.config_dict[DATABASE].session() as session:
        await audit.record(session, actor=staff.actor, action=SIGNED_OUT, now=now,
                           target_type="session", target_id=request[SESSION].sid)
    request[NEW_SESSION] = new_session(now)
    raise web.HTTPSeeOther("/staff/login")
