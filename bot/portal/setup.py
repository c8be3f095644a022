"""Plugging the portal into the service: the /staff sub-application, templates, and the alert watch."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.appkeys import DATABASE, SETTINGS
from bot.notifier import check_alerts
from bot.portal.access import ACCESS, QUIET, Pages
from bot.portal.auth import PasswordAuthenticator
from bot.portal.config import PORTAL, PortalConfig
from bot.portal.middlewares import portal_middleware
from bot.portal.names import FILTERS, short_date
from bot.portal.oidc import OidcSignIn
from bot.portal.routes import add_pages
from bot.portal.words import _, has_portal_catalogue, install, translations
from bot.scheduler import SCHEDULER
from bot.settings import Settings
from feedback.staff import Passwords

__all__ = ["PORTAL_APP", "default_config", "setup_portal"]

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")
PORTAL_APP = web.AppKey("portal_app", web.Application)


def default_config(settings: Settings) -> PortalConfig:
    """Return the production configuration: argon2 defaults, notifiers from the environment."""
    from anonymiser.themes.taxonomy import load_taxonomy

    passwords = Passwords()
    notifiers = settings.notifier.build(
        telegram_api_url=settings.telegram_api_url, telegram_token=settings.telegram_token
    )
    taxonomy = load_taxonomy(settings.taxonomy_path)
    return PortalConfig(
        passwords=passwords,
        authenticators=(PasswordAuthenticator(passwords),),
        notifiers=notifiers,
        secure_cookies=settings.production or settings.public_url.startswith("https://"),
        theme_names={theme.code: theme.name for theme in taxonomy.themes},
        sso=OidcSignIn(settings.oidc) if settings.oidc.enabled else None,
        language=settings.portal_language,
    )


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{short_date(local)} {local:%H:%M}"


def _day(value: datetime | None) -> str:
    return short_date(value.astimezone(LONDON)) if value else ""


def _age(value: datetime | None, now: datetime) -> str:
    if value is None:
        return ""
    minutes = int((now - value).total_seconds() // 60)
    if minutes < 60:
        return _("%(minutes)s min", minutes=max(minutes, 0))
    if minutes < 48 * 60:
        return _("%(hours)s h", hours=minutes // 60)
    return _("%(days)s days", days=minutes // (24 * 60))


def _cohort(care_status: str, age_band: str) -> str:
    group = _("In care") if care_status == "in_care" else _("Care leaver")
    return _("%(group)s, %(ages)s", group=group, ages=age_band)


async def _redirect_to_portal(_request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther("/staff/")


def setup_portal(app: web.Application, config: PortalConfig | None = None) -> None:
    """Mount the staff portal at /staff and start the alert watch with the app."""
    portal = web.Application(middlewares=[portal_middleware])
    portal[PORTAL] = config or default_config(app[SETTINGS])
    env = aiohttp_jinja2.setup(
        portal,
        loader=jinja2.PackageLoader("bot.portal", "templates"),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        undefined=jinja2.StrictUndefined,
    )
    if not has_portal_catalogue(portal[PORTAL].language):
        raise ValueError(f"no portal catalogue for {portal[PORTAL].language!r} (docs/languages.md)")
    translations(portal[PORTAL].language)  # read now: a broken catalogue stops start-up, not a page
    install(env)
    env.filters.update(when=_when, day=_day, age=_age, cohort=_cohort, short_date=short_date, **FILTERS)
    pages = Pages(portal)
    add_pages(pages)
    portal[ACCESS] = pages.table
    portal[QUIET] = pages.quiet
    app.router.add_get("/staff", _redirect_to_portal, allow_head=False)
    app.add_subapp("/staff", portal)
    app[PORTAL_APP] = portal
    app.cleanup_ctx.append(_alert_watch)


async def _alert_watch(app: web.Application) -> AsyncIterator[None]:
    """Register the alert check as a scheduler job (only the leading replica runs jobs)."""
    config = app[PORTAL_APP][PORTAL]
    if not config.notifiers:
        log.warning("alerts.no_notifier", extra={"event": "alerts.no_notifier"})
        yield
        return
    settings = app[SETTINGS]
    portal_url = f"{settings.public_url or f'http://{settings.host}:{settings.port}'}/staff/alerts"

    async def job(now: datetime) -> None:
        await check_alerts(
            app[DATABASE],
            config.notifiers,
            now=now,
            portal_url=portal_url,
            renotify_after=config.renotify_after,
        )

    app[SCHEDULER].every("alert-watch", job, seconds=config.alert_check_seconds)
    yield
