"""The staff portal at /staff: sign-in, roles, issues inbox and threads, alerts, rounds, invites, papers."""

from bot.portal.access import Pages, Rule
from bot.portal.auth import Authenticator, PasswordAuthenticator
from bot.portal.config import PORTAL, PortalConfig
from bot.portal.setup import PORTAL_APP, default_config, setup_portal

__all__ = [
    "PORTAL",
    "PORTAL_APP",
    "Authenticator",
    "Pages",
    "PasswordAuthenticator",
    "PortalConfig",
    "Rule",
    "default_config",
    "setup_portal",
]
