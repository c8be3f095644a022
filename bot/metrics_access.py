"""Who may read ``/metrics``: Prometheus with a bearer token, or anyone on an internal listener.

The metrics say how the service is doing, and some of them move when a young
person says something (alerts raised, messages handled), so they are not for
the public internet. On the public port ``/metrics`` answers only a request
carrying ``Authorization: Bearer $HEARD_METRICS_TOKEN`` (compared in constant
time) and is not found without a token configured. ``HEARD_METRICS_PORT``
starts a second listener, on the same host, that serves ``/metrics`` alone
without a token: keep that port inside the cluster or host (never publish it
through the load balancer). See docs/security.md for Prometheus settings.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.appkeys import METRICS, SETTINGS

__all__ = ["metrics_allowed", "metrics_response", "setup_metrics_listener"]

log = logging.getLogger(__name__)


def metrics_allowed(request: web.Request) -> bool:
    """Return True when the request carries the configured metrics token."""
    token = request.app[SETTINGS].metrics_token
    sent = request.headers.get("Authorization", "")
    if not token or not sent.startswith("Bearer "):
        return False
    return hmac.compare_digest(sent[len("Bearer ") :].strip().encode(), token.encode())


def _exposition(app: web.Application) -> web.Response:
    body = app[METRICS].render()
    return web.Response(body=body, content_type="text/plain", charset="utf-8")


async def metrics_response(request: web.Request) -> web.Response:
    """Answer ``GET /metrics`` on the public port: the metrics with the token, otherwise a refusal."""
    if metrics_allowed(request):
        return _exposition(request.app)
    if not request.app[SETTINGS].metrics_token:
        raise web.HTTPNotFound(text="not found")
    log.info("metrics.refused", extra={"event": "metrics.refused"})
    raise web.HTTPUnauthorized(text="a bearer token is needed", headers={"WWW-Authenticate": "Bearer"})


def setup_metrics_listener(app: web.Application) -> None:
    """Start the internal ``/metrics`` listener with ``app`` when ``HEARD_METRICS_PORT`` is set."""
    if not app[SETTINGS].metrics_port:
        return

    async def listener(main: web.Application) -> AsyncIterator[None]:
        internal = web.Application()

        async def metrics(_request: web.Request) -> web.Response:
            return _exposition(main)

        internal.router.add_get("/metrics", metrics)
        runner = web.AppRunner(internal, access_log=None)
        await runner.setup()
        settings = main[SETTINGS]
        await web.TCPSite(runner, settings.host, settings.metrics_port).start()
        log.info("metrics.listening", extra={"event": "metrics.listening", "port": settings.metrics_port})
        yield
        await runner.cleanup()

    app.cleanup_ctx.append(listener)
