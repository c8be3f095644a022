"""Cross-cutting HTTP concerns: readable errors without leaking internals, and security headers."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@web.middleware
async def security_headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add security headers to every response, including errors."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        for name, value in SECURITY_HEADERS.items():
            exc.headers.setdefault(name, value)
        raise
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn unexpected exceptions into a plain 500 and a log line with the exception type only."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as exc:
        log.error(
            "http.unhandled",
            extra={"event": "http.unhandled", "path": request.path, "exc_type": type(exc).__name__},
        )
        return web.json_response({"error": "something went wrong on our side"}, status=500)
