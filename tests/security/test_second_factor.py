"""The second factor: safeguarding leads and admins enrol at first sign-in, then give a code each time."""

from __future__ import annotations

import html
import re
from typing import Any

import pyotp
from aiohttp import CookieJar
from aiohttp.test_utils import TestClient
from sqlalchemy import text

from bot.portal.config import PortalConfig
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.staff import Passwords, Role
from tests.bot.portal.conftest import (
    PASSWORD,
    Clock,
    Seeded,
    build_app,
    csrf_of,
    portal_config,
    username,
)

LEAD, WORKER = username(Role.SAFEGUARDING_LEAD), username(Role.PARTICIPATION_WORKER)
SECRET_RE = re.compile(r"<code data-secret>([A-Z2-7 ]+)</code>")


async def _portal(
    aiohttp_client: Any,
    db: Database,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    passwords: Passwords,
    clock: Clock,
) -> TestClient:
    config = portal_config(passwords, clock, second_factor_roles=PortalConfig.second_factor_roles)
    return await aiohttp_client(
        build_app(db, sealer, pseudonymiser, config), cookie_jar=CookieJar(unsafe=True)
    )


async def _password(client: TestClient, name: str) -> Any:
    token = await csrf_of(client)
    return await client.post(
        "/staff/login",
        data={"_csrf": token, "username": name, "password": PASSWORD, "next": "/staff/alerts"},
        allow_redirects=False,
    )


async def _code(client: TestClient, code: str) -> Any:
    page = await client.get("/staff/login/code")
    token = re.search(r'name="_csrf" value="([^"]+)"', await page.text())
    assert token
    return await client.post(
        "/staff/login/code",
        data={"_csrf": token[1], "code": code, "next": "/staff/alerts"},
        allow_redirects=False,
    )


async def test_a_lead_enrols_at_first_sign_in_then_needs_a_code_every_time(
    aiohttp_client: Any,
    db: Database,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    cheap_passwords: Passwords,
    clock: Clock,
    seeded: Seeded,
) -> None:
    """Finding (Medium): there was no second factor."""
    client = await _portal(aiohttp_client, db, sealer, pseudonymiser, cheap_passwords, clock)
    first = await _password(client, LEAD)
    assert first.status == 303 and first.headers["Location"].startswith("/staff/login/code")
    # The password alone opens nothing.
    for path in ("/staff/alerts", "/staff/dashboard", "/staff/alerts/waiting.json"):
        held = await client.get(path, allow_redirects=False)
        assert held.status == 303 and held.headers["Location"] == "/staff/login/code", path
    enrol = await (await client.get("/staff/login/code")).text()
    assert "Set up your authenticator" in enrol and "data:image/svg+xml" in enrol
    found = SECRET_RE.search(enrol)
    assert found
    totp = pyotp.TOTP(found[1].replace(" ", ""))
    assert (await _code(client, "000000" if totp.at(clock()) != "000000" else "111111")).status == 401
    done = await _code(client, totp.at(clock()))
    assert done.status == 303 and done.headers["Location"] == "/staff/alerts"
    assert (await client.get("/staff/alerts", allow_redirects=False)).status == 200

    await client.post("/staff/logout", data={"_csrf": await csrf_of(client, "/staff/dashboard")})
    assert (await _password(client, LEAD)).headers["Location"].startswith("/staff/login/code")
    asked = await (await client.get("/staff/login/code")).text()
    assert "Code from your authenticator" in asked and not SECRET_RE.search(html.unescape(asked))
    replayed = await _code(client, totp.at(clock()))  # the code already used: refused
    assert replayed.status == 401
    clock.advance(seconds=30)
    assert (await _code(client, totp.at(clock()))).status == 303
    assert (await client.get("/staff/alerts", allow_redirects=False)).status == 200


async def test_wrong_codes_send_the_browser_back_to_the_password(
    aiohttp_client: Any,
    db: Database,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    cheap_passwords: Passwords,
    clock: Clock,
    seeded: Seeded,
) -> None:
    client = await _portal(aiohttp_client, db, sealer, pseudonymiser, cheap_passwords, clock)
    await _password(client, LEAD)
    statuses = []
    for _ in range(5):
        response = await _code(client, "999999")
        statuses.append((response.status, "6-digit code" in await response.text()))
    assert statuses[:4] == [(401, True)] * 4 and statuses[4] == (401, False)  # the sign-in form again
    assert (await client.get("/staff/login/code", allow_redirects=False)).headers[
        "Location"
    ] == "/staff/login"


async def test_roles_without_the_requirement_sign_in_with_a_password(
    aiohttp_client: Any,
    db: Database,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    cheap_passwords: Passwords,
    clock: Clock,
    seeded: Seeded,
) -> None:
    client = await _portal(aiohttp_client, db, sealer, pseudonymiser, cheap_passwords, clock)
    response = await _password(client, WORKER)
    assert response.status == 303 and response.headers["Location"] == "/staff/alerts"


def test_leads_and_admins_need_a_second_factor_by_default() -> None:
    assert PortalConfig.second_factor_roles == frozenset({Role.SAFEGUARDING_LEAD, Role.ADMIN})


async def test_wrong_codes_count_against_the_account_wherever_they_come_from(
    aiohttp_client: Any,
    db: Database,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    cheap_passwords: Passwords,
    clock: Clock,
    seeded: Seeded,
) -> None:
    """Guessing codes from many addresses still locks the account (the per-address limit alone would not)."""
    from feedback.second_factor import check_code
    from feedback.staff import LOCK_AFTER_FAILURES, count_failure, find_staff

    client = await _portal(aiohttp_client, db, sealer, pseudonymiser, cheap_passwords, clock)
    await _password(client, LEAD)
    found = SECRET_RE.search(await (await client.get("/staff/login/code")).text())
    assert found
    totp = pyotp.TOTP(found[1].replace(" ", ""))
    assert (await _code(client, totp.at(clock()))).status == 303  # enrolled
    await client.post("/staff/logout", data={"_csrf": await csrf_of(client, "/staff/dashboard")})
    await _password(client, LEAD)
    assert (await _code(client, "000001" if totp.at(clock()) != "000001" else "000002")).status == 401
    async with db.session() as session:
        account = await find_staff(session, LEAD)
        assert account is not None
        failures = (
            await session.execute(
                text("SELECT failed_logins FROM staff_user WHERE id = :i"), {"i": account.id}
            )
        ).scalar_one()
        assert failures == 1  # counted against the account, not only this address
        for _ in range(LOCK_AFTER_FAILURES - 1):
            await count_failure(session, staff_id=account.id, now=clock())
        clock.advance(seconds=30)
        assert not await check_code(
            session, staff_id=account.id, code=totp.at(clock()), sealer=sealer, now=clock()
        )  # locked: even the right code waits
