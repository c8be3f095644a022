"""Signing in and out, with a second factor where the role needs one. Each outcome is audited.

Failures never record what was typed as a password; they record the username
only when such an account exists (a username box sometimes receives a
password), and the address the attempt came from. Every refusal looks the
same (wrong password, unknown user, locked account, address limit for that
account), so the sign-in page tells nobody which usernames exist.
"""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from bot.appkeys import DATABASE, SEALER
from bot.client_address import client_address
from bot.portal.config import PORTAL
from bot.portal.context import NEW_SESSION, PENDING_STAFF, SESSION, STAFF
from bot.portal.middlewares import SIGNED_OUT
from bot.portal.render import page, refuse
from bot.portal.session import new_session
from bot.portal.words import N_, _
from feedback import audit
from feedback.second_factor import check_code, confirm_enrolment, start_enrolment
from feedback.staff import StaffAccount, count_failure, find_staff

__all__ = ["home", "second_factor", "second_factor_form", "sign_in", "sign_in_form", "sign_out"]

REFUSED = N_(
    "That username and password did not match, or there have been too many tries. "
    "Check them and try again in a few minutes. If it keeps happening, ask an admin."
)


def _safe_next(target: str | None) -> str:
    """Return a local portal path to go to after sign-in (never another site)."""
    if target and target.startswith("/staff/") and not target.startswith("/staff//") and "\\" not in target:
        return target
    return "/staff/dashboard"


def _address(request: web.Request) -> str:
    return client_address(request)


async def home(request: web.Request) -> web.StreamResponse:
    """Send /staff to the dashboard."""
    raise web.HTTPSeeOther("/staff/dashboard")


async def sign_in_form(request: web.Request) -> web.StreamResponse:
    """Show the sign-in form (or go straight on if already signed in)."""
    if request.get(STAFF) is not None:
        raise web.HTTPSeeOther(_safe_next(request.query.get("next")))
    config = request.app[PORTAL]
    return await page(
        request,
        "signin.html",
        next=_safe_next(request.query.get("next")),
        timed_out=request.query.get("timeout") == "1",
        methods=config.authenticators,
        sso=config.sso,
        problem=None,
    )


def needs_second_factor(request: web.Request, account: StaffAccount) -> bool:
    """Return True when ``account`` must give a code after its password (its role, or its own choice)."""
    return account.second_factor or account.role in request.app[PORTAL].second_factor_roles


async def sign_in(request: web.Request) -> web.StreamResponse:
    """Check the credentials; on success start a brand-new session (pending if a code is still owed)."""
    config = request.app[PORTAL]
    now = config.clock()
    address = _address(request)
    form = await request.post()
    fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    target = _safe_next(fields.get("next"))
    username = fields.get("username", "").strip()[:120]
    if config.throttle.blocked(address, now):
        raise refuse(request, _("Too many failed sign-ins from here. Wait 15 minutes and try again."), 429)
    method = config.authenticators[0]
    async with request.config_dict[DATABASE].session() as session:
        if config.throttle.blocked(address, now, username):
            result = None
            reason = "address_limit"
        else:
            signed = await method.sign_in(session, fields, now)
            result, reason = signed.account, signed.reason
        if result is None:
            known = await find_staff(session, username) if username else None
            await audit.record(
                session,
                actor="anonymous",
                action="staff.sign_in_failed",
                now=now,
                target_type="staff" if known else None,
                target_id=known.id if known else None,
                detail={
                    "method": method.name,
                    "reason": reason,
                    "address": address,
                    "username": known.username if known else "(no such account)",
                },
            )
        else:
            await audit.record(
                session,
                actor=result.actor,
                action="staff.password_accepted"
                if needs_second_factor(request, result)
                else "staff.signed_in",
                now=now,
                target_type="staff",
                target_id=result.id,
                detail={"method": method.name, "address": address},
            )
    if result is None:
        config.throttle.failed(address, now, username)
        return await page(
            request,
            "signin.html",
            http_status=401,
            next=target,
            timed_out=False,
            methods=config.authenticators,
            sso=config.sso,
            problem=_(REFUSED),
        )
    if needs_second_factor(request, result):
        request[NEW_SESSION] = new_session(now, result.id, generation=result.session_generation, pending=True)
        raise web.HTTPSeeOther(f"/staff/login/code?next={quote(target, safe='/')}")
    request[NEW_SESSION] = new_session(now, result.id, generation=result.session_generation)
    raise web.HTTPSeeOther(target)


async def second_factor_form(request: web.Request) -> web.StreamResponse:
    """Ask for the authenticator code, or set the authenticator up first if this account has none."""
    account = request.get(PENDING_STAFF)
    if account is None:
        raise web.HTTPSeeOther("/staff/login")
    return await _code_page(request, account)


async def _code_page(
    request: web.Request, account: StaffAccount, problem: str | None = None, status: int = 200
) -> web.Response:
    enrolment = None
    if not account.second_factor:
        async with request.config_dict[DATABASE].session() as session:
            sealer = request.config_dict[SEALER]
            enrolment = await start_enrolment(session, staff_id=account.id, sealer=sealer)
    return await page(
        request,
        "second_factor.html",
        http_status=status,
        enrolment=enrolment,
        next=_safe_next(request.query.get("next")),
        problem=problem,
        action="/staff/login/code",
        qr=_qr(enrolment.uri) if enrolment else "",
    )


def _qr(uri: str) -> str:
    """Return the enrolment link as a QR code image (a data: URI, allowed by the portal's CSP)."""
    import segno

    return str(segno.make(uri, error="m").svg_data_uri(scale=5))


async def second_factor(request: web.Request) -> web.StreamResponse:
    """Check the code; on success replace the pending session with a full one."""
    config = request.app[PORTAL]
    now = config.clock()
    account = request.get(PENDING_STAFF)
    if account is None:
        raise web.HTTPSeeOther("/staff/login")
    address = _address(request)
    form = await request.post()
    code = str(form.get("code", ""))[:16]
    target = _safe_next(str(form.get("next", "")))
    sealer = request.config_dict[SEALER]
    async with request.config_dict[DATABASE].session() as session:
        if config.throttle.blocked(address, now, account.username):
            ok = False
        elif account.second_factor:
            ok = await check_code(session, staff_id=account.id, code=code, sealer=sealer, now=now)
        else:
            ok = await confirm_enrolment(session, staff_id=account.id, code=code, sealer=sealer, now=now)
            if ok:
                await audit.record(
                    session,
                    actor=account.actor,
                    action="staff.second_factor_enrolled",
                    now=now,
                    target_type="staff",
                    target_id=account.id,
                )
        if not ok:  # also counted against the account, so guessing spread over many addresses stops
            await count_failure(session, staff_id=account.id, now=now)
        await audit.record(
            session,
            actor=account.actor if ok else "anonymous",
            now=now,
            action="staff.signed_in" if ok else "staff.second_factor_failed",
            target_type="staff",
            target_id=account.id,
            detail={"method": "password+totp", "address": address},
        )
    if not ok:
        config.throttle.failed(address, now, account.username)
        if config.throttle.blocked(address, now, account.username):
            request[NEW_SESSION] = new_session(now)  # start again from the password, later
            return await page(
                request,
                "signin.html",
                http_status=401,
                next=target,
                timed_out=False,
                methods=config.authenticators,
                sso=config.sso,
                problem=_(REFUSED),
            )
        return await _code_page(
            request,
            account,
            "That code did not match. Codes change every 30 seconds: type the one your app shows now.",
            401,
        )
    request[NEW_SESSION] = new_session(now, account.id, generation=account.session_generation)
    raise web.HTTPSeeOther(target)


async def sign_out(request: web.Request) -> web.StreamResponse:
    """End this session: the old cookie is refused even if replayed."""
    config = request.app[PORTAL]
    now = config.clock()
    staff = request[STAFF]
    async with request.config_dict[DATABASE].session() as session:
        await audit.record(
            session,
            actor=staff.actor,
            action=SIGNED_OUT,
            now=now,
            target_type="session",
            target_id=request[SESSION].sid,
        )
    request[NEW_SESSION] = new_session(now)
    raise web.HTTPSeeOther("/staff/login")
