"""Roles hold route by route, unlisted routes are refused, CSRF-less and signed-out posts cannot act.

The expected matrix is written out here by hand from the issue's role list, so
a wrong rule in the portal's table fails a test rather than agreeing with it.
"""

from __future__ import annotations

import re

import pytest
from aiohttp import CookieJar, web
from aiohttp.test_utils import TestClient

from bot.portal import PORTAL_APP
from bot.portal import setup as portal_setup
from bot.portal.access import ACCESS, Pages
from bot.portal.routes import add_pages
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.staff import Passwords, Role
from tests.bot.portal.conftest import Clock, Seeded, build_app, csrf_of, portal_config, sign_in, username

W, S, B, A = Role.PARTICIPATION_WORKER, Role.SAFEGUARDING_LEAD, Role.BOARD_VIEWER, Role.ADMIN
EVERYONE = frozenset(Role)

EXPECTED: dict[tuple[str, str], frozenset[Role]] = {
    ("GET", "/staff/"): EVERYONE,
    ("GET", "/staff/dashboard"): EVERYONE,
    ("GET", "/staff/issues"): frozenset({W}),
    ("GET", "/staff/issues/{reference}"): frozenset({W}),
    ("POST", "/staff/issues/{reference}/reply"): frozenset({W}),
    ("POST", "/staff/issues/{reference}/close"): frozenset({W}),
    ("POST", "/staff/issues/{reference}/tag"): frozenset({W}),
    ("POST", "/staff/issues/{reference}/quote"): frozenset({W}),
    ("POST", "/staff/issues/{reference}/contact"): frozenset({W}),
    ("GET", "/staff/comments"): frozenset({W}),
    ("POST", "/staff/comments/{answer_id}/themes"): frozenset({W}),
    ("POST", "/staff/comments/{answer_id}/quote"): frozenset({W}),
    ("POST", "/staff/comments/{answer_id}/action"): frozenset({W}),
    ("GET", "/staff/alerts"): frozenset({S}),
    ("GET", "/staff/alerts/waiting.json"): frozenset({S}),
    ("GET", "/staff/alerts/{alert_id}"): frozenset({S}),
    ("POST", "/staff/alerts/{alert_id}/acknowledge"): frozenset({S}),
    ("POST", "/staff/alerts/{alert_id}/action"): frozenset({S}),
    ("POST", "/staff/alerts/{alert_id}/not-a-concern"): frozenset({S}),
    ("POST", "/staff/alerts/{alert_id}/message"): frozenset({S}),
    ("GET", "/staff/rounds"): frozenset({W}),
    ("POST", "/staff/rounds"): frozenset({W}),
    ("POST", "/staff/rounds/{round_id}/close"): frozenset({W}),
    ("GET", "/staff/invites"): frozenset({W}),
    ("POST", "/staff/invites"): frozenset({W}),
    ("GET", "/staff/papers"): frozenset({W, B}),
    ("GET", "/staff/papers/{paper_id}/{format}"): frozenset({W, B}),
    ("POST", "/staff/papers"): frozenset({W}),
    ("POST", "/staff/papers/{paper_id}/{step}"): frozenset({W}),
    ("GET", "/staff/accounts"): frozenset({A}),
    ("POST", "/staff/accounts"): frozenset({A}),
    ("POST", "/staff/accounts/{username}/{step}"): frozenset({A}),
    ("GET", "/staff/settings"): frozenset({A}),
    ("GET", "/staff/audit"): frozenset({A}),
    ("POST", "/staff/accounts/{username}/second-factor"): frozenset({A}),
    ("POST", "/staff/outbox/resend"): frozenset({A}),
    ("GET", "/staff/account"): EVERYONE,
    ("POST", "/staff/account/password"): EVERYONE,
}
SIGNS_OUT = {("POST", "/staff/logout"), ("POST", "/staff/account/sign-out-everywhere")}  # any role
PUBLIC = {
    ("GET", "/staff/static/{name}"),
    ("GET", "/staff/login"),
    ("POST", "/staff/login"),
    ("GET", "/staff/login/code"),  # answers only a session that passed the password
    ("POST", "/staff/login/code"),
    ("GET", "/staff/login/oidc"),  # single sign-on: off to the provider (404 when not set up)
    ("GET", "/staff/login/oidc/callback"),  # and back, checked against the sealed state
}


def _concrete(path: str, seeded: Seeded) -> str:
    """Fill path parameters with harmless values (unknown ids, so allowed posts change nothing)."""
    values = {
        "reference": seeded.reference,
        "alert_id": str(seeded.alert_id),
        "round_id": "999",
        "paper_id": "999",
        "answer_id": "999",
        "format": "pdf",
        "step": "approve",
        "name": "portal.css",
    }
    if path.startswith("/staff/accounts/"):
        values.update(username="nobody", step="disable")
    return re.sub(r"\{(\w+)(?::[^}]*)?\}", lambda m: values[m.group(1)], path)


def _canonical(path: str) -> str:
    return re.sub(r"\{(\w+):[^}]*\}", r"{\1}", path)


def test_the_table_is_exactly_the_expected_matrix(portal: TestClient) -> None:
    table = portal.app[PORTAL_APP][ACCESS]
    described = {(route.method, _canonical(route.resource.canonical)): rule for route, rule in table.items()}
    assert {key for key, rule in described.items() if rule.public} == PUBLIC
    assert {
        key: rule.roles for key, rule in described.items() if not rule.public and key not in SIGNS_OUT
    } == EXPECTED
    assert all(described[key].roles == EVERYONE for key in SIGNS_OUT)


@pytest.mark.parametrize("role", [W, S, B, A])
async def test_every_route_allows_its_roles_and_refuses_the_rest(
    portal: TestClient, seeded: Seeded, role: Role
) -> None:
    token = await sign_in(portal, username(role))
    for (method, path), allowed in EXPECTED.items():
        url = _concrete(path, seeded)
        response = await portal.request(
            method, url, data={"_csrf": token} if method == "POST" else None, allow_redirects=False
        )
        if role in allowed:
            assert response.status != 403, f"{role} refused {method} {url}"
            assert not response.headers.get("Location", "").startswith("/staff/login"), (method, url)
        else:
            assert response.status == 403, f"{role} got {response.status} on {method} {url}"
            assert "role does not include" in await response.text()


async def test_signed_out_visitors_are_sent_to_sign_in_and_cannot_post(
    portal: TestClient, seeded: Seeded
) -> None:
    token = await csrf_of(portal)  # a valid anonymous session and its token
    for (method, path), _allowed in EXPECTED.items():
        url = _concrete(path, seeded)
        response = await portal.request(
            method, url, data={"_csrf": token} if method == "POST" else None, allow_redirects=False
        )
        if method == "GET":
            assert response.status == 303 and response.headers["Location"].startswith("/staff/login?next=")
        else:
            assert response.status == 403, (method, url)


async def test_posts_without_the_form_token_are_refused(portal: TestClient, seeded: Seeded) -> None:
    token = await sign_in(portal, username(W))
    url = f"/staff/issues/{seeded.reference}/reply"
    for forged in (None, "forged", token[:-1]):
        data = {"text": "hello"} if forged is None else {"text": "hello", "_csrf": forged}
        response = await portal.post(url, data=data, allow_redirects=False)
        assert response.status == 403 and "form has expired" in await response.text()
    ok = await portal.post(url, data={"text": "hello", "_csrf": token}, allow_redirects=False)
    assert ok.status == 303


async def test_a_signed_out_session_cannot_act_even_if_its_cookie_is_replayed(
    portal: TestClient, seeded: Seeded
) -> None:
    token = await sign_in(portal, username(W))
    stolen = {c.key: c.value for c in portal.session.cookie_jar}
    out = await portal.post("/staff/logout", data={"_csrf": token}, allow_redirects=False)
    assert out.status == 303
    assert (await portal.get("/staff/issues", allow_redirects=False)).status == 303
    portal.session.cookie_jar.clear()
    portal.session.cookie_jar.update_cookies(stolen)
    replay = await portal.post(
        f"/staff/issues/{seeded.reference}/reply",
        data={"_csrf": token, "text": "sneaky"},
        allow_redirects=False,
    )
    assert replay.status == 403
    assert (await portal.get("/staff/issues", allow_redirects=False)).status == 303


async def test_sign_in_issues_a_new_session(portal: TestClient) -> None:
    before = await csrf_of(portal)
    cookie_before = {c.key: c.value for c in portal.session.cookie_jar}
    after = await sign_in(portal, username(W))
    assert before != after
    # The pre-sign-in session's token no longer works.
    portal.session.cookie_jar.clear()
    portal.session.cookie_jar.update_cookies(cookie_before)
    response = await portal.post("/staff/logout", data={"_csrf": after}, allow_redirects=False)
    assert response.status == 403


async def test_idle_time_out_and_disabled_accounts(portal: TestClient, clock: Clock, seeded: Seeded) -> None:
    await sign_in(portal, username(W))
    clock.advance(minutes=29)
    assert (await portal.get("/staff/issues", allow_redirects=False)).status == 200
    clock.advance(minutes=29)  # 29 minutes since the last request: still within the idle time
    assert (await portal.get("/staff/issues", allow_redirects=False)).status == 200
    clock.advance(minutes=31)
    late = await portal.get("/staff/issues", allow_redirects=False)
    assert late.status == 303 and "timeout=1" in late.headers["Location"]

    admin = await sign_in(portal, username(A))
    await portal.post("/staff/accounts/participation-worker/disable", data={"_csrf": admin})
    await portal.post("/staff/logout", data={"_csrf": admin})
    token = await csrf_of(portal)
    refused = await portal.post(
        "/staff/login", data={"_csrf": token, "username": username(W), "password": "a long test passphrase"}
    )
    assert refused.status == 401


async def test_lock_out_after_five_failures_and_per_address_throttle(portal: TestClient) -> None:
    token = await csrf_of(portal)
    for attempt in range(5):
        response = await portal.post(
            "/staff/login",
            data={"_csrf": token, "username": username(W), "password": f"wrong guess {attempt}"},
        )
        assert response.status == 401
    assert "locked" in await response.text()
    right = await portal.post(
        "/staff/login", data={"_csrf": token, "username": username(W), "password": "a long test passphrase"}
    )
    assert right.status == 401 and "locked" in await right.text()
    for attempt in range(14):
        await portal.post(
            "/staff/login",
            data={"_csrf": token, "username": f"nobody{attempt}", "password": "whatever it is"},
        )
    throttled = await portal.post(
        "/staff/login", data={"_csrf": token, "username": username(A), "password": "a long test passphrase"}
    )
    assert throttled.status == 429


async def test_portal_pages_are_private_and_unframeable(portal: TestClient) -> None:
    await sign_in(portal, username(W))
    for url in ("/staff/login", "/staff/dashboard", "/staff/issues", "/staff/no-such-page"):
        response = await portal.get(url)
        assert response.headers["Cache-Control"] == "no-store", url
        assert "noindex" in response.headers["X-Robots-Tag"], url
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert "default-src 'self'" in response.headers["Content-Security-Policy"], url
    page = await (await portal.get("/staff/dashboard")).text()
    assert '<meta name="robots" content="noindex' in page
    assert "<script>" not in page and "style=" not in page  # CSP: no inline script or style
    cookie = next(iter(portal.session.cookie_jar))
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/staff"


async def test_routes_missing_from_the_table_are_refused(
    aiohttp_client,
    db: Database,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,  # type: ignore[no-untyped-def]
    cheap_passwords: Passwords,
    clock: Clock,
    seeded: Seeded,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def secret(_request: web.Request) -> web.Response:
        return web.Response(text="should never be served")

    def add_pages_and_forget_one(pages: Pages) -> None:
        add_pages(pages)
        pages.app.router.add_get("/forgotten", secret)  # registered without a rule

    monkeypatch.setattr(portal_setup, "add_pages", add_pages_and_forget_one)
    app = build_app(db, sealer, pseudonymiser, portal_config(cheap_passwords, clock))
    client = await aiohttp_client(app, cookie_jar=CookieJar(unsafe=True))
    await sign_in(client, username(A))
    response = await client.get("/staff/forgotten")
    assert response.status == 403 and "never be served" not in await response.text()
