"""Liveness, readiness and metrics endpoints for load balancers and Prometheus."""

from __future__ import annotations

from aiohttp import web

from bot.appkeys import DATABASE
from bot.metrics_access import metrics_response
from bot.operations import DISK_FULL
from bot.supervisor import SUPERVISOR

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(_request: web.Request) -> web.Response:
    """The process is up and its event loop answers."""
    return web.json_response({"status": "ok"})


@routes.get("/readyz")
async def readyz(request: web.Request) -> web.Response:
    """The service can take traffic: the database answers and takes writes, and every worker is up.

    Each worker is listed with its state (codes only), so an operator sees
    which one is down; any worker down answers 503. A database that answers
    the ping but refused a write for want of space lately is ``full``: 503 too.
    """
    database_up = await request.app[DATABASE].ping()
    disk = request.app.get(DISK_FULL)
    database_full = database_up and disk is not None and disk.recent()
    supervisor = request.app.get(SUPERVISOR)
    workers = supervisor.states() if supervisor is not None else []
    body = {
        "status": "ready",
        "database": ("full" if database_full else "up") if database_up else "unavailable",
        "workers": {
            w.name: {"state": w.state, "restarts": w.restarts, "last_error": w.last_error} for w in workers
        },
    }
    if not database_up:
        body["status"] = "database unavailable"
    elif database_full:
        body["status"] = "database full"
    elif not all(w.up for w in workers):
        body["status"] = "worker down"
    return web.json_response(body, status=200 if body["status"] == "ready" else 503)


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    """Prometheus text exposition, for a bearer token only (``bot.metrics_access``)."""
    return await metrics_response(request)
