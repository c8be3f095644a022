"""Rendering portal pages with what every page needs: the account, form token, menu, alert banner."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.appkeys import DATABASE
from bot.portal.access import ADMIN, ALL_STAFF, BOARD, SAFEGUARDING, WORKER, Rule
from bot.portal.config import PORTAL
from bot.portal.context import SESSION, STAFF
from bot.portal.safeguarding import waiting_counts
from feedback.staff import Role

__all__ = ["MENU", "form_text", "page"]

MENU: tuple[tuple[str, str, Rule], ...] = (
    ("Dashboard", "/staff/dashboard", ALL_STAFF),
    ("Alerts", "/staff/alerts", SAFEGUARDING),
    ("Issues", "/staff/issues", WORKER),
    ("Rounds", "/staff/rounds", WORKER),
    ("Invites", "/staff/invites", WORKER),
    ("Board papers", "/staff/papers", BOARD),
    ("Accounts", "/staff/accounts", ADMIN),
    ("Settings", "/staff/settings", ADMIN),
    ("Audit log", "/staff/audit", ADMIN),
)


async def page(request: web.Request, template: str, http_status: int = 200, **context: Any) -> web.Response:
    """Return ``template`` rendered with the common context plus ``context``."""
    staff = request.get(STAFF)
    config = request.app[PORTAL]
    banner = None
    if staff is not None and staff.role is Role.SAFEGUARDING_LEAD:
        async with request.config_dict[DATABASE].session() as session:
            banner = await waiting_counts(session, now=config.clock(), renotify_after=config.renotify_after)
    common = {
        "staff": staff,
        "csrf": request[SESSION].csrf,
        "menu": [(label, href) for label, href, rule in MENU if staff and rule.allows(staff.role)],
        "path": request.path,
        "alerts_banner": banner,
        "now": config.clock(),
        "theme_names": config.theme_names,
    }
    return aiohttp_jinja2.render_template(template, request, {**common, **context}, status=http_status)


async def form_text(request: web.Request, name: str, *, limit: int = 4000) -> str:
    """Return one posted field, stripped and cut to ``limit`` characters."""
    form = await request.post()
    value = form.get(name, "")
    return str(value).strip()[:limit] if isinstance(value, str) else ""
