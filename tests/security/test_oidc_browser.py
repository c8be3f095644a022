"""Single sign-on end to end: headless Chromium, Heard, and a real OpenID Connect provider on loopback.

The provider is ``oidc-provider-mock`` (a Flask app built on authlib) served by
werkzeug on 127.0.0.1; it signs real RS256 ID tokens, publishes its keys and
checks PKCE and the nonce. Heard discovers it, sends the browser there and
back, verifies the ID token and maps the ``groups`` claim to a role.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import werkzeug.serving

from bot.oidc_config import OidcSettings

pytestmark = [
    pytest.mark.browser,
    # The provider (a test tool) still uses authlib's older JOSE module; Heard itself uses joserfc.
    pytest.mark.filterwarnings("ignore:.*(authlib.jose|httpx module) is deprecated"),
]

LEADS_GROUP = "8d1f6a36-heard-safeguarding-leads"
USERS = {
    "alex-sub": {"preferred_username": "alex@council.gov.uk", "name": "Alex Morgan", "groups": [LEADS_GROUP]},
    "sam-sub": {"preferred_username": "sam@council.gov.uk", "name": "Sam Finance", "groups": ["finance"]},
}


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OIDC provider on 127.0.0.1, with two people: a safeguarding lead and someone else."""
    import oidc_provider_mock

    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in USERS.items()]
    app = oidc_provider_mock.app(require_nonce=True, user_claims=users)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def heard(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tests.bot.webchat.server import start_server

    oidc = OidcSettings(
        issuer=provider,
        client_id="heard-portal",
        client_secret="a-client-secret-for-tests",
        role_map=((LEADS_GROUP, "safeguarding_lead"),),
    )
    server = start_server(tmp_path_factory.mktemp("oidc-heard"), oidc=oidc)
    try:
        yield server
    finally:
        server.stop()


def test_a_lead_signs_in_with_the_council_account(heard: Any, chromium: Any) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{heard.url}/staff/alerts")  # asks to sign in first, then comes back here
        assert "/staff/login" in page.url
        page.get_by_role("link", name="Sign in with your council account").click()
        page.wait_for_url("**/oauth2/authorize**", timeout=15_000)
        page.get_by_role("button", name="alex-sub").click()
        page.wait_for_url(f"{heard.url}/staff/alerts", timeout=15_000)
        assert "Alex Morgan" in page.content() and "Safeguarding lead" in page.content()
        assert "Safeguarding alerts" in page.content() or page.get_by_role("heading").count() > 0
        page.goto(f"{heard.url}/staff/account")
        assert "My account" in page.content()
        names = [c["name"] for c in context.cookies()]
        assert "heard_staff" in names and "heard_sso" not in names  # the pending sign-in is gone
    finally:
        context.close()


def test_someone_outside_the_mapped_groups_is_refused(heard: Any, chromium: Any) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{heard.url}/staff/login")
        page.get_by_role("link", name="Sign in with your council account").click()
        page.wait_for_url("**/oauth2/authorize**", timeout=15_000)
        page.get_by_role("button", name="sam-sub").click()
        page.wait_for_load_state()
        assert "not in a group that may use Heard" in page.content()
        assert page.goto(f"{heard.url}/staff/dashboard") is not None and "/staff/login" in page.url
    finally:
        context.close()


def test_a_forged_callback_is_refused(heard: Any, chromium: Any) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{heard.url}/staff/login/oidc/callback?code=stolen&state=made-up")
        assert "did not work" in page.content()
    finally:
        context.close()


def _sign_in_as(heard: Any, context: Any, who: str, path: str = "/staff/alerts") -> Any:
    page = context.new_page()
    page.goto(f"{heard.url}{path}")
    page.get_by_role("link", name="Sign in with your council account").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=15_000)
    page.get_by_role("button", name=who).click()
    page.wait_for_url(f"{heard.url}{path}", timeout=15_000)
    return page


def test_a_tab_signed_out_elsewhere_leaves_the_alerts_at_its_next_check(heard: Any, chromium: Any) -> None:
    """Finding (Medium): an unattended lead's tab stayed on raw disclosures; now it goes to sign-in."""
    unattended, other = chromium.new_context(), chromium.new_context()
    try:
        tab = _sign_in_as(heard, unattended, "alex-sub")
        tab.clock.install()  # the page's own timers, so a minute passes at once
        tab.reload()
        assert "/staff/alerts" in tab.url
        elsewhere = _sign_in_as(heard, other, "alex-sub", "/staff/account")
        elsewhere.get_by_role("button", name="Sign out everywhere").click()
        elsewhere.wait_for_url("**/staff/login**", timeout=15_000)
        tab.clock.run_for(61_000)
        tab.wait_for_url("**/staff/login**", timeout=15_000)
        assert "Safeguarding alerts" not in tab.content()
    finally:
        unattended.close()
        other.close()


def test_a_single_sign_on_account_has_no_password_to_change(heard: Any, chromium: Any) -> None:
    context = chromium.new_context()
    try:
        page = _sign_in_as(heard, context, "alex-sub", "/staff/account")
        assert "your password is changed there" in page.content()
        assert page.locator("input[name=current]").count() == 0
    finally:
        context.close()
