"""``POST /telegram/webhook``: check the secret, store the update, and only then say 200.

Telegram retries anything but a 2xx, so a 503 when the database is down is
how an update survives an outage; a 200 is a promise that it is stored.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.logs import log_failure
from bot.telegram.intake import TelegramIntake
from bot.telegram.updates import MalformedUpdateError
from feedback.db import DATABASE_FAILED

__all__ = ["SECRET_HEADER", "WEBHOOK_PATH", "webhook_handler"]

# What storing an update may raise when it was not stored, so Telegram is asked to send it again.
_NOT_STORED: tuple[type[Exception], ...] = (*DATABASE_FAILED, TimeoutError)

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name  # nosec B105


def webhook_handler(intake: TelegramIntake, secret: str) -> Handler:
    """Return the request handler for the webhook route."""
    expected = secret.encode("utf-8")

    async def telegram_webhook(request: web.Request) -> web.StreamResponse:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not expected or not hmac.compare_digest(given, expected):
            log.warning("telegram.webhook_forbidden", extra={"event": "telegram.webhook_forbidden"})
            return web.json_response({"error": "forbidden"}, status=403)
        try:
            raw = json.loads(await request.read())
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; RecursionError: nesting
            return web.json_response({"error": "body is not JSON"}, status=400)
        if not isinstance(raw, dict):
            return web.json_response({"error": "body is not a Telegram update"}, status=400)
        try:
            await intake.take(raw)
        except MalformedUpdateError:
            return web.json_response({"error": "body is not a Telegram update"}, status=400)
        except _NOT_STORED as exc:
            log_failure(log, "telegram.store_failed", exc, logging.ERROR)
            return web.json_response({"error": "try again"}, status=503, headers={"Retry-After": "5"})
        return web.Response(status=200)

    return telegram_webhook
