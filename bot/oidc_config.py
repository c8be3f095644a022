"""Settings for staff single sign-on with OpenID Connect (Microsoft Entra ID or any OIDC provider).

Read from ``HEARD_OIDC_*`` with the rest of the settings, and checked at
start-up: an issuer without a client id, a role map naming an unknown role, or
a plain-http issuer in production is a configuration error, reported with the
others. Without ``HEARD_OIDC_ISSUER`` single sign-on is off and only local
accounts sign in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["OIDC_ENV_VARS", "ROLE_NAMES", "OidcSettings"]

ROLE_NAMES = ("participation_worker", "safeguarding_lead", "board_viewer", "admin")

OIDC_ENV_VARS: tuple[tuple[str, str, str], ...] = (
    ("HEARD_OIDC_ISSUER", "(none)", "OpenID Connect issuer URL; single sign-on is off without it"),
    ("HEARD_OIDC_CLIENT_ID", "(none)", "the application (client) id registered with the provider"),
    ("HEARD_OIDC_CLIENT_SECRET", "(none)", "its client secret"),
    ("HEARD_OIDC_ROLES_CLAIM", "`groups`", "ID token claim listing the person's groups or app roles"),
    ("HEARD_OIDC_ROLE_MAP", "(none)", "`role=value,…`: which claim value gives which Heard role"),
    ("HEARD_OIDC_USERNAME_CLAIM", "`preferred_username`", "claim used as the Heard username"),
    ("HEARD_OIDC_LABEL", "`your council account`", 'shown on the button: "Sign in with …"'),
)


@dataclass(frozen=True)
class OidcSettings:
    """Where staff sign in, and how the provider's groups or roles become Heard roles."""

    issuer: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    roles_claim: str = "groups"
    # (claim value, Heard role): the first pair whose value the person has decides their role.
    role_map: tuple[tuple[str, str], ...] = ()
    username_claim: str = "preferred_username"
    label: str = "your council account"

    @property
    def enabled(self) -> bool:
        """Return True when single sign-on is configured."""
        return bool(self.issuer)

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, production: bool = False) -> OidcSettings:
        """Return the settings in ``environ``; raise ``ValueError`` listing every problem ("; ")."""

        def get(name: str) -> str:
            return environ.get(name, "").strip()

        problems: list[str] = []
        issuer = get("HEARD_OIDC_ISSUER").rstrip("/")
        role_map: list[tuple[str, str]] = []
        for part in (p.strip() for p in get("HEARD_OIDC_ROLE_MAP").split(",")):
            if not part:
                continue
            role, _, value = part.partition("=")
            role = role.strip().lower().replace("-", "_")
            if role not in ROLE_NAMES or not value.strip():
                roles = ", ".join(ROLE_NAMES)
                problems.append(
                    f"HEARD_OIDC_ROLE_MAP has {part!r}; write role=value with a role from {roles}"
                )
                continue
            role_map.append((value.strip(), role))
        if issuer:
            if not issuer.startswith(("https://", "http://")):
                problems.append("HEARD_OIDC_ISSUER must be the provider's https:// issuer URL")
            elif production and not issuer.startswith("https://"):
                problems.append("HEARD_OIDC_ISSUER must use https:// in production")
            if not get("HEARD_OIDC_CLIENT_ID"):
                problems.append("HEARD_OIDC_CLIENT_ID is needed with HEARD_OIDC_ISSUER")
            if not role_map:
                problems.append("HEARD_OIDC_ROLE_MAP is needed with HEARD_OIDC_ISSUER, e.g. admin=<group id>")
        if problems:
            raise ValueError("; ".join(problems))
        return cls(
            issuer=issuer,
            client_id=get("HEARD_OIDC_CLIENT_ID"),
            client_secret=get("HEARD_OIDC_CLIENT_SECRET"),
            roles_claim=get("HEARD_OIDC_ROLES_CLAIM") or "groups",
            role_map=tuple(role_map),
            username_claim=get("HEARD_OIDC_USERNAME_CLAIM") or "preferred_username",
            label=get("HEARD_OIDC_LABEL") or "your council account",
        )
