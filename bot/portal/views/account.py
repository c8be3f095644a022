"""A member of staff's own account: change the password, sign out everywhere, second factor state.

Changing the password and signing out everywhere both raise the account's
session generation, so every other browser signed in as this person is
signed out at its next request; the browser that asked gets a fresh session.
"""

from __future__ import annotations

from aiohttp import web

from bot.appkeys import DATABASE
from bot.portal.config import PORTAL
from bot.portal.context import NEW_SESSION, current_staff
from bot.portal.render import page
from bot.portal.session import new_session
from bot.portal.words import N_, _, one_of
from feedback import audit, staff
from feedback.password_policy import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

__all__ = ["account_page", "change_password", "sign_out_everywhere"]

NOTICES = {
    "changed": N_("Your password is changed. Every other browser signed in as you has been signed out."),
}


async def account_page(request: web.Request, *, problem: str | None = None) -> web.StreamResponse:
    """Show the account's own settings."""
    me = current_staff(request)
    config = request.app[PORTAL]
    return await page(
        request,
        "account.html",
        http_status=400 if problem else 200,
        problem=problem,
        notice=one_of(NOTICES, request.query.get("done", "")),
        min_length=MIN_PASSWORD_LENGTH,
        max_length=MAX_PASSWORD_LENGTH,
        second_factor_required=me.role in config.second_factor_roles,
    )


async def change_password(request: web.Request) -> web.StreamResponse:
    """Change one's own password (the current one is asked for again)."""
    config = request.app[PORTAL]
    now = config.clock()
    me = current_staff(request)
    form = await request.post()
    current, new, again = (str(form.get(k, "")) for k in ("current", "new", "again"))
    if new != again:
        return await account_page(request, problem=_("The two new passwords are not the same."))
    try:
        async with request.config_dict[DATABASE].session() as session:
            account = await staff.change_password(
                session, staff_id=me.id, current=current, new=new, passwords=config.passwords, now=now
            )
            await audit.record(
                session,
                actor=me.actor,
                action="staff.password_changed",
                now=now,
                target_type="staff",
                target_id=me.id,
            )
    except staff.AccountProblem as exc:
        return await account_page(request, problem=str(exc).capitalize() + ".")
    request[NEW_SESSION] = new_session(now, account.id, generation=account.session_generation)
    raise web.HTTPSeeOther("/staff/account?done=changed")


async def sign_out_everywhere(request: web.Request) -> web.StreamResponse:
    """End every session of this account, this one included."""
    config = request.app[PORTAL]
    now = config.clock()
    me = current_staff(request)
    async with request.config_dict[DATABASE].session() as session:
        await staff.end_sessions(session, staff_id=me.id)
        await audit.record(
            session,
            actor=me.actor,
            action="staff.signed_out_everywhere",
            now=now,
            target_type="staff",
            target_id=me.id,
        )
    request[NEW_SESSION] = new_session(now)
    raise web.HTTPSeeOther("/staff/login")
