"""Replays of the staff sign-in findings: sessions that outlive a reset, polls that keep a tab alive,
weak and over-long passwords, no second factor, and a lock-out that told usernames apart."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aiohttp import CookieJar
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from feedback import staff
from feedback.db import Database
from feedback.models import AuditEntry
from feedback.staff import Passwords, Role
from tests.bot.portal.conftest import (
    PASSWORD,
    Clock,
    csrf_of,
    sign_in,
    username,
)

LEAD, WORKER, ADMIN = (
    username(Role.SAFEGUARDING_LEAD),
    username(Role.PARTICIPATION_WORKER),
    username(Role.ADMIN),
)


async def _client(aiohttp_client: Any, app: Any) -> TestClient:
    return await aiohttp_client(app, cookie_jar=CookieJar(unsafe=True))


async def _signed_in(client: TestClient) -> bool:
    response = await client.get("/staff/dashboard", allow_redirects=False)
    return response.status == 200


async def test_the_alert_poll_does_not_keep_an_unattended_tab_signed_in(
    portal: TestClient, clock: Clock
) -> None:
    """Finding (Medium): the 60-second poll renewed the session for up to 12 hours."""
    await sign_in(portal, LEAD)
    for _ in range(40):  # 40 minutes of polling, nobody at the keyboard
        clock.advance(minutes=1)
        poll = await portal.get("/staff/alerts/waiting.json", allow_redirects=False)
        if poll.status != 200:
            break
    assert poll.status == 303 and "timeout=1" in poll.headers["Location"]
    assert not await _signed_in(portal)


async def test_a_password_reset_ends_every_session(
    portal: TestClient, db: Database, cheap_passwords: Passwords
) -> None:
    """Finding (Medium): resetting a password left existing sessions valid."""
    await sign_in(portal, WORKER)
    async with db.session() as session:
        await staff.set_password(
            session, username=WORKER, password="a brand new passphrase", passwords=cheap_passwords
        )
    assert not await _signed_in(portal)


async def test_disabling_ends_sessions_and_enabling_does_not_bring_them_back(
    portal: TestClient, db: Database
) -> None:
    """Finding (Medium): disabling an account left existing sessions valid (once re-enabled)."""
    await sign_in(portal, WORKER)
    async with db.session() as session:
        await staff.set_active(session, username=WORKER, active=False)
        await staff.set_active(session, username=WORKER, active=True)
    assert not await _signed_in(portal)


async def test_sign_out_everywhere_ends_the_other_browsers(portal: TestClient, aiohttp_client: Any) -> None:
    """Finding (Medium): there was no "sign out everywhere"."""
    other = await _client(aiohttp_client, portal.app)
    await sign_in(other, WORKER)
    token = await sign_in(portal, WORKER)
    done = await portal.post(
        "/staff/account/sign-out-everywhere", data={"_csrf": token}, allow_redirects=False
    )
    assert done.status == 303 and done.headers["Location"] == "/staff/login"
    assert not await _signed_in(other) and not await _signed_in(portal)


async def test_staff_change_their_own_password(portal: TestClient, aiohttp_client: Any, db: Database) -> None:
    """Finding (Medium): staff could not change their own password."""
    other = await _client(aiohttp_client, portal.app)
    await sign_in(other, WORKER)
    token = await sign_in(portal, WORKER)
    new = "kettle orchard violin mist"

    async def change(current: str, password: str, again: str | None = None) -> Any:
        data = {"_csrf": token, "current": current, "new": password, "again": again or password}
        return await portal.post("/staff/account/password", data=data, allow_redirects=False)

    wrong = await change("not my password", new)
    assert wrong.status == 400 and "current password is not right" in await wrong.text()
    weak = await change(PASSWORD, "123456789012")
    assert weak.status == 400 and "too common" in await weak.text()
    assert (await change(PASSWORD, new, "something else")).status == 400
    good = await change(PASSWORD, new)
    assert good.status == 303 and good.headers["Location"] == "/staff/account?done=changed"
    assert await _signed_in(portal) and not await _signed_in(other)  # this browser stays in, others out
    async with db.session() as session:
        entries = (await session.execute(select(AuditEntry.action))).scalars().all()  # type: ignore[call-overload]
    assert "staff.password_changed" in entries
    assert await sign_in(other, WORKER, new)


async def test_weak_and_over_long_passwords_are_refused_and_the_longest_allowed_signs_in(
    portal: TestClient, db: Database, cheap_passwords: Passwords, clock: Clock
) -> None:
    """Finding (Medium): "123456789012" was accepted; 2,000 characters were accepted but never signed in."""
    async with db.session() as session:
        for weak in ("123456789012", "password2024!", "qwertyuiopasdf", "x" * 2000):
            with pytest.raises(staff.AccountProblem):
                await staff.add_staff(
                    session,
                    username="weak",
                    role=Role.BOARD_VIEWER,
                    password=weak,
                    passwords=cheap_passwords,
                    now=clock(),
                )
        longest = ("orchard kettle violin " * 10)[: staff.MAX_PASSWORD_LENGTH]
        await staff.add_staff(
            session,
            username="long",
            role=Role.BOARD_VIEWER,
            password=longest,
            passwords=cheap_passwords,
            now=clock(),
        )
    assert await sign_in(portal, "long", longest)


async def test_refusals_look_the_same_and_nobody_can_lock_a_lead_out(
    portal: TestClient, db: Database, cheap_passwords: Passwords, clock: Clock
) -> None:
    """Finding (Low): the lock-out message told real usernames apart, and anyone could lock a lead out."""

    async def attempt(name: str, password: str = "wrong wrong wrong") -> tuple[int, str]:
        token = await csrf_of(portal)
        response = await portal.post(
            "/staff/login",
            data={"_csrf": token, "username": name, "password": password},
            allow_redirects=False,
        )
        return response.status, re.sub(r'value="[^"]*"', "", await response.text())

    real = [await attempt(LEAD) for _ in range(8)]
    made_up = [await attempt("nobody-at-all") for _ in range(8)]
    assert real == made_up  # the same status and words, locked or not, real or not
    async with db.session() as session:
        result = await staff.check_password(
            session, username=LEAD, password=PASSWORD, passwords=cheap_passwords, now=clock()
        )
    assert result.account is not None  # the account itself is not locked: the guessing address is


async def test_failed_sign_ins_are_audited_with_username_and_address(
    portal: TestClient, db: Database
) -> None:
    """Finding (Low): failed sign-ins were audited without username or address."""
    token = await csrf_of(portal)
    await portal.post("/staff/login", data={"_csrf": token, "username": WORKER, "password": "nope nope nope"})
    await portal.post("/staff/login", data={"_csrf": token, "username": "Secret Typed In", "password": "x"})
    async with db.session() as session:
        rows = (
            (
                await session.execute(
                    select(AuditEntry).where(AuditEntry.action == "staff.sign_in_failed")  # type: ignore[arg-type]
                )
            )
            .scalars()
            .all()
        )
    details = [str(r.detail_json) for r in rows]
    assert WORKER in details[0] and "127.0.0.1" in details[0]
    assert "(no such account)" in details[1] and "Secret Typed In" not in details[1]
