"""Single sign-on configuration and role mapping, without a browser (see test_oidc_browser for the flow)."""

from __future__ import annotations

import pytest

from bot.oidc_config import OidcSettings
from bot.portal.oidc import OidcSignIn, Pending
from feedback.staff import Role

ENTRA = {
    "HEARD_OIDC_ISSUER": "https://login.microsoftonline.com/0d1e2f3a-tenant/v2.0",
    "HEARD_OIDC_CLIENT_ID": "5b0c6c1e-client",
    "HEARD_OIDC_CLIENT_SECRET": "secret",
    "HEARD_OIDC_ROLES_CLAIM": "roles",
    "HEARD_OIDC_ROLE_MAP": "admin=Heard.Admin,safeguarding-lead=Heard.Lead,participation_worker=Heard.Worker",
}


def test_entra_style_settings_are_read() -> None:
    settings = OidcSettings.from_env(ENTRA, production=True)
    assert settings.enabled and settings.roles_claim == "roles"
    assert settings.role_map[1] == ("Heard.Lead", "safeguarding_lead")
    assert "secret" not in repr(settings)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"HEARD_OIDC_CLIENT_ID": ""}, "HEARD_OIDC_CLIENT_ID is needed"),
        ({"HEARD_OIDC_ROLE_MAP": "owner=Heard.Owner"}, "write role=value"),
        ({"HEARD_OIDC_ROLE_MAP": ""}, "HEARD_OIDC_ROLE_MAP is needed"),
        ({"HEARD_OIDC_ISSUER": "http://idp.example.org"}, "https:// in production"),
    ],
)
def test_bad_settings_are_reported(change: dict[str, str], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        OidcSettings.from_env({**ENTRA, **change}, production=True)


def test_off_without_an_issuer() -> None:
    assert not OidcSettings.from_env({}).enabled


def test_roles_come_from_the_first_mapped_claim_value() -> None:
    sso = OidcSignIn(OidcSettings.from_env(ENTRA))
    assert sso.role_for({"roles": ["Heard.Worker", "Heard.Admin"]}) is Role.ADMIN  # the map's order decides
    assert sso.role_for({"roles": "Heard.Lead"}) is Role.SAFEGUARDING_LEAD
    assert sso.role_for({"roles": ["Finance"]}) is None and sso.role_for({}) is None
    assert sso.username_for({"preferred_username": "Alex@Council.gov.uk"}) == "alex@council.gov.uk"
    assert sso.username_for({"email": "sam@council.gov.uk"}) == "sam@council.gov.uk"
    assert sso.username_for({}) is None


def test_a_pending_sign_in_survives_its_cookie() -> None:
    pending = Pending("s", "n", "v", "/staff/alerts", 1.0)
    assert Pending.from_json(pending.to_json()) == pending
    with pytest.raises(ValueError):
        Pending.from_json("{}")
