"""Rendering portal pages with what every page needs: the account, form token, menu, banners."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.appkeys import DATABASE
from bot.portal.access import ADMIN, ALL_STAFF, BOARD, SAFEGUARDING, WORKER, Rule
from bot.portal.config import PORTAL
from bot.portal.context import SESSION, STAFF
from bot.portal.names import theme_names
from bot.portal.words import N_
from feedback import outbox
from feedback.safeguarding import waiting_counts
from feedback.staff import Role

__all__ = ["MENU", "ROLE_LABELS", "form_text", "page", "refuse", "whole_number"]

MENU: tuple[tuple[str, str, Rule], ...] = (
    (N_("Dashboard"), "/staff/dashboard", ALL_STAFF),
    (N_("Alerts"), "/staff/alerts", SAFEGUARDING),
    (N_("Issues"), "/staff/issues", WORKER),
    (N_("Survey comments"), "/staff/comments", WORKER),
    (N_("Rounds"), "/staff/rounds", WORKER),
    (N_("Invites"), "/staff/invites", WORKER),
    (N_("Board papers"), "/staff/papers", BOARD),
    (N_("Accounts"), "/staff/accounts", ADMIN),
    (N_("Settings"), "/staff/settings", ADMIN),
    (N_("Audit log"), "/staff/audit", ADMIN),
    (N_("My account"), "/staff/account", ALL_STAFF),
)
# The roles' names as staff read them (``Role.label``; feedback cannot mark words for the portal's catalogue).
ROLE_LABELS = (N_("Participation worker"), N_("Safeguarding lead"), N_("Board viewer"), N_("Admin"))


def _common(request: web.Request) -> dict[str, Any]:
    staff = request.get(STAFF)
    config = request.app[PORTAL]
    session = request.get(SESSION)
    return {
        "staff": staff,
        "csrf": session.csrf if session else "",
        "menu": [(label, href) for label, href, rule in MENU if staff and rule.allows(staff.role)],
        "path": request.path,
        "alerts_banner": None,
        "failed_deliveries": 0,
        "now": config.clock(),
        "theme_names": theme_names(config.theme_names),
    }


async def page(request: web.Request, template: str, http_status: int = 200, **context: Any) -> web.Response:
    """Return ``template`` rendered with the common context plus ``context``."""
    common = _common(request)
    staff = common["staff"]
    if staff is not None and staff.role is Role.SAFEGUARDING_LEAD:
        config = request.app[PORTAL]
        async with request.config_dict[DATABASE].session() as session:
            common["alerts_banner"] = await waiting_counts(
                session, now=config.clock(), renotify_after=config.renotify_after
            )
    elif staff is not None and staff.role is Role.ADMIN:
        # Messages given up on wait for an administrator to send them again (``views.delivery``).
        async with request.config_dict[DATABASE].session() as session:
            common["failed_deliveries"] = await outbox.failed_count(session)
    return aiohttp_jinja2.render_template(template, request, {**common, **context}, status=http_status)


def refuse(request: web.Request, message: str, status: int = 403) -> web.HTTPException:
    """Return an error page as an exception; the middleware still adds headers and the cookie."""
    context = {**_common(request), "status": status, "message": message}
    text = aiohttp_jinja2.render_string("error.html", request, context)
    return _ERRORS.get(status, web.HTTPForbidden)(text=text, content_type="text/html")


_ERRORS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    409: web.HTTPConflict,
    429: web.HTTPTooManyRequests,
    503: web.HTTPServiceUnavailable,
}


async def form_text(request: web.Request, name: str, *, limit: int = 4000) -> str:
    """Return one posted field, stripped and cut to ``limit`` characters."""
    form = await request.post()
    value = form.get(name, "")
    return str(value).strip()[:limit] if isinstance(value, str) else ""


def whole_number(raw: str) -> int | None:
    """Return ``raw`` as an id, or None unless it is 1-9 ASCII digits.

    ``str.isdigit`` also accepts "²" and other digits ``int`` refuses, and a
    long run of digits overflows the database's integers: both were a 500.
    """
    if 0 < len(raw) < 10 and raw.isascii() and raw.isdigit():
        return int(raw)
    return None
