"""Messages given up on: administrators are told how many, and may queue them again.

A message becomes ``failed`` after the delivery horizon of tries (Telegram
away for a day, say). Each is a reply or invite a young person never got, so
every administrator's page says how many there are until someone acts:
here, with one button, or with ``heard outbox retry --failed`` on the server.
Messages to someone who blocked the bot are neither counted nor sent again.
"""

from __future__ import annotations

from aiohttp import web

from bot.appkeys import DATABASE
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from feedback import audit, outbox

__all__ = ["resend_failed"]


async def resend_failed(request: web.Request) -> web.StreamResponse:
    """Queue every failed message again (a fresh horizon); the running senders deliver them."""
    config = request.app[PORTAL]
    now = config.clock()
    admin = current_staff(request)
    async with request.config_dict[DATABASE].session() as session:
        count = await outbox.retry_failed(session, now=now)
        await audit.record(
            session, actor=admin.actor, action="outbox.resent", now=now, detail={"count": count}
        )
    raise web.HTTPSeeOther("/staff/dashboard?done=resent")
