"""The aiohttp application factory used by ``heard serve`` and by the tests."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot import health
from bot.appkeys import DATABASE, METRICS, PSEUDONYMISER, SEALER, SETTINGS
from bot.campaign_jobs import setup_rounds
from bot.metrics import Metrics
from bot.metrics_access import setup_metrics_listener
from bot.middlewares import error_middleware, security_headers_middleware
from bot.operations import setup_operations
from bot.paper_jobs import setup_paper_jobs
from bot.portal import setup_portal
from bot.scheduler import setup_scheduler
from bot.settings import Settings
from bot.supervisor import SUPERVISOR, Supervisor
from bot.telegram import setup_telegram
from bot.textworker import setup_text_worker
from bot.webchat import setup_webchat
from bot.workers.claims import setup_claims
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.migrate import ensure_current

__all__ = ["init_app"]

log = logging.getLogger(__name__)


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    db = Database(settings.resolved_database_url)
    try:
        await ensure_current(db)
    except Exception:
        await db.dispose()
        raise
    app[DATABASE] = db
    log.info("database.ready", extra={"event": "database.ready", "dialect": db.dialect})
    yield
    await db.dispose()


def init_app(settings: Settings) -> web.Application:
    """Return the application for ``settings`` (keys already present: see ``bot.keys``)."""
    app = web.Application(middlewares=[error_middleware, security_headers_middleware])
    app[SETTINGS] = settings
    app[METRICS] = Metrics()
    app[SEALER] = Sealer(settings.secret_keys)
    app[PSEUDONYMISER] = Pseudonymiser.from_setting(settings.pseudonym_key)
    app[SUPERVISOR] = Supervisor(registry=app[METRICS].registry)
    app.cleanup_ctx.append(_database)
    app.add_routes(health.routes)
    setup_claims(app)  # before the workers that claim under its number
    setup_text_worker(app)
    setup_operations(app)
    setup_scheduler(app)
    setup_paper_jobs(app)
    setup_rounds(app)
    setup_telegram(app)
    setup_portal(app)
    setup_webchat(app)
    setup_metrics_listener(app)
    return app
