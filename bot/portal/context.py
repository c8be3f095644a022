"""What the middleware puts on each portal request: the session and the signed-in account."""

from __future__ import annotations

from aiohttp import web

from bot.portal.session import StaffSession
from feedback.staff import StaffAccount

__all__ = ["NEW_SESSION", "PENDING_STAFF", "SESSION", "STAFF", "TIMED_OUT", "current_staff"]

SESSION = web.RequestKey("portal_session", StaffSession)
NEW_SESSION = web.RequestKey("portal_new_session", StaffSession)  # set by sign-in and sign-out
STAFF = web.RequestKey("portal_staff", StaffAccount)
# Passed the password, still owes the second factor: allowed only on the second-factor pages.
PENDING_STAFF = web.RequestKey("portal_pending_staff", StaffAccount)
TIMED_OUT = web.RequestKey("portal_timed_out", bool)


def current_staff(request: web.Request) -> StaffAccount:
    """Return the signed-in account (the access table guarantees one on non-public routes)."""
    return request[STAFF]
