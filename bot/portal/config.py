"""What the portal holds while it runs: sign-in methods, throttling, clock, time-outs, notifiers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aiohttp import web

from bot.notifier import AlertNotifier
from bot.portal.auth import Authenticator
from bot.portal.oidc import OidcSignIn
from bot.portal.throttle import LoginThrottle
from feedback.safeguarding import RENOTIFY_AFTER
from feedback.staff import Passwords, Role

__all__ = ["PORTAL", "PortalConfig", "system_clock"]


def system_clock() -> datetime:
    """Return the current time in UTC (the portal's edge; everything below takes ``now``)."""
    return datetime.now(UTC)


@dataclass
class PortalConfig:
    """The portal's collaborators; tests pass their own clock, cheaper hashing and fake notifiers."""

    passwords: Passwords
    authenticators: tuple[Authenticator, ...]
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    notifiers: tuple[AlertNotifier, ...] = ()
    clock: Callable[[], datetime] = system_clock
    idle_timeout: timedelta = timedelta(minutes=30)
    max_age: timedelta = timedelta(hours=12)
    secure_cookies: bool = True
    renotify_after: timedelta = RENOTIFY_AFTER
    alert_check_seconds: int = 60
    theme_names: dict[str, str] = field(default_factory=dict)
    sso: OidcSignIn | None = None  # OpenID Connect single sign-on, when configured
    # Roles that must use a second factor (TOTP) with a password; anyone may choose to.
    second_factor_roles: frozenset[Role] = frozenset({Role.SAFEGUARDING_LEAD, Role.ADMIN})
    language: str = "en"  # the portal catalogue staff read (bot/locale/<language>/LC_MESSAGES/portal.po)


PORTAL = web.AppKey("portal", PortalConfig)
