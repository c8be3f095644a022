"""Liveness, readiness and metrics endpoints for load balancers and Prometheus."""

from __future__ import annotations

from aiohttp import web

from bot.appkeys import DATABASE, METRICS

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(_request: web.Request) -> web.Response:
    """The process is up and its event loop answers."""
    return web.json_response({"status": "ok"})


@routes.get("/readyz")
async def readyz(request: web.Request) -> web.Response:
    """The service can take traffic: the database answers."""
    if await request.app[DATABASE].ping():
        return web.json_response({"status": "ready"})
    return web.json_response({"status": "database unavailable"}, status=503)


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    """Prometheus text exposition."""
    body = request.app[METRICS].render()
    return web.Response(body=body, content_type="text/plain", charset="utf-8")
