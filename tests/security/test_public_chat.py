"""Replays of the public chat findings: forged identities, floods, guessing, and the alert queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import CookieJar
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import init_app
from bot.settings import Settings
from bot.webchat.limits import ChatLimits, Limit
from bot.webchat.views import WEBCHAT
from feedback.crypto import Pseudonymiser
from feedback.db import Database
from feedback.invites import create_invites
from feedback.models import Alert, InboxItem, JoinAttempt, OutboxItem, Participant
from tests.bot.webchat.page import Page, read_page

OWN = {"Sec-Fetch-Site": "none"}
URGENT = "I want to kill myself tonight"
MADE_UP = "A" * 43  # well-formed, but Heard never issued it


async def _count(db: Database, *models: Any) -> int:
    total = 0
    async with db.session() as session:
        for model in models:
            total += int((await session.execute(select(func.count()).select_from(model))).scalar_one())
    return total


async def _code(db: Database, settings: Settings) -> str:
    now = datetime.now(UTC)
    async with db.session() as session:
        [code] = await create_invites(
            session,
            pseudonymiser=Pseudonymiser.from_setting(settings.pseudonym_key),
            care_status="in_care",
            age_band="11-15",
            count=1,
            expires_at=now + timedelta(days=7),
            max_uses=1,
            batch=None,
            now=now,
        )
    return code


@pytest.fixture
async def client(aiohttp_client: Any, settings: Settings, db: Database) -> TestClient:
    return await aiohttp_client(init_app(settings), cookie_jar=CookieJar(unsafe=True))


async def _open(client: TestClient) -> Page:
    response = await client.get("/chat", headers=OWN)
    assert response.status == 200, await response.text()
    return read_page(await response.text())


async def _say(client: TestClient, page: Page, text: str) -> Any:
    return await client.post("/chat", data={**page.compose.hidden, "text": text}, headers=OWN)


async def _join(client: TestClient, db: Database, settings: Settings) -> Page:
    card = read_page(await (await client.get(f"/chat?code={await _code(db, settings)}", headers=OWN)).text())
    form, action = card.button("OK")
    response = await client.post("/chat", data={**form.hidden, "action": action}, headers=OWN)
    assert response.status == 200
    return read_page(await response.text())


async def test_a_made_up_cookie_token_is_not_an_identity(client: TestClient, db: Database) -> None:
    """Finding (High): the server accepted any well-formed token the client invented."""
    for name in ("heard_chat", "heard_chat_local", "__Host-heard_chat"):
        client.session.cookie_jar.update_cookies({name: MADE_UP})
        client.session.cookie_jar.update_cookies({name: f"{MADE_UP}.{'0' * 32}"})
    response = await client.get("/chat", headers=OWN)
    issued = response.cookies["heard_chat_local"].value
    assert not issued.startswith(MADE_UP)  # a fresh identity, signed by Heard
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({"heard_chat_local": f"{MADE_UP}.{'0' * 32}"})
    sent = await client.post(
        "/chat", data={"csrf": "x", "nonce": "n" * 12, "text": URGENT}, headers=OWN, allow_redirects=False
    )
    assert sent.status == 303 and sent.headers["Location"] == "/chat"  # sent to get a real identity
    assert await _count(db, Alert, InboxItem, OutboxItem) == 0


async def test_no_alert_or_row_for_anyone_who_has_not_joined_but_help_is_shown(
    client: TestClient, db: Database
) -> None:
    """Finding (High): thirty risky texts without an invite made thirty urgent alerts for nobody.

    Consent comes first: words typed before OK are not checked, only answered
    with "read this first", and the help numbers are one tap away.
    """
    page = await _open(client)
    for _ in range(3):
        response = await _say(client, page, URGENT)
        shown = read_page(await response.text())
        assert response.status == 200 and "tap Get help now" in shown.text
    form, action = shown.button("Get help now")
    helped = read_page(
        await (await client.post("/chat", data={**form.hidden, "action": action}, headers=OWN)).text()
    )
    assert "999" in helped.text and "0800 1111" in helped.text
    assert await _count(db, Alert, InboxItem, OutboxItem, JoinAttempt, Participant) == 0


async def test_wrong_codes_write_nothing_and_new_cookies_do_not_reset_the_limit(
    client: TestClient, db: Database, aiohttp_client: Any
) -> None:
    """Finding (High): each wrong guess wrote two rows, and a new cookie reset the five-guess limit."""
    limits = client.server.app[WEBCHAT].limits
    answers = []
    for _ in range(limits.codes_per_address.count + 2):
        client.session.cookie_jar.clear()  # a new identity for every guess, from the same address
        page = await _open(client)
        answers.append(await _say(client, page, "/start ZZZZ-ZZZZ"))
    assert [r.status for r in answers[-2:]] == [429, 429]
    refused = read_page(await answers[-1].text()).text
    assert "wait 15 minutes" in refused and "0800 1111" in refused
    assert await _count(db, JoinAttempt, InboxItem, OutboxItem) == 0


async def test_one_identity_may_guess_only_a_few_codes(client: TestClient) -> None:
    page = await _open(client)
    statuses = [(await _say(client, page, "/start ZZZZ-ZZZZ")).status for _ in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]


async def test_messages_are_limited_per_identity_with_a_kind_message(client: TestClient) -> None:
    client.server.app[WEBCHAT].limits = ChatLimits(messages_per_identity=Limit(3, timedelta(minutes=1)))
    page = await _open(client)
    statuses = [(await _say(client, page, "hello")).status for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    slow = await _say(client, page, "hello")
    assert "Please wait a minute" in read_page(await slow.text()).text and slow.headers["Retry-After"]
    as_json = await client.post(
        "/chat", data={**page.compose.hidden, "text": "hi"}, headers={**OWN, "Accept": "application/json"}
    )
    assert as_json.status == 429 and "0800 1111" in (await as_json.json())["html"]


async def test_messages_are_limited_per_address_across_identities(client: TestClient) -> None:
    client.server.app[WEBCHAT].limits = ChatLimits(messages_per_address=Limit(4, timedelta(minutes=1)))
    statuses = []
    for _ in range(3):
        client.session.cookie_jar.clear()
        page = await _open(client)
        statuses += [(await _say(client, page, "hello")).status for _ in range(2)]
    assert statuses == [200, 200, 200, 200, 429, 429]


async def test_new_identities_are_limited_per_address(client: TestClient) -> None:
    client.server.app[WEBCHAT].limits = ChatLimits(identities_per_address=Limit(2, timedelta(hours=1)))
    statuses = []
    for _ in range(3):
        client.session.cookie_jar.clear()
        statuses.append((await client.get("/chat", headers=OWN)).status)
    assert statuses == [200, 200, 429]
    client.session.cookie_jar.clear()
    busy = await client.get("/chat", headers=OWN)
    assert "Set-Cookie" not in busy.headers and "0800 1111" in await busy.text()


async def test_repeated_alerts_from_one_young_person_are_grouped(
    client: TestClient, db: Database, settings: Settings
) -> None:
    """Finding (High): the leads' page showed 54 overdue alerts from one flood."""
    page = await _join(client, db, settings)
    for _ in range(12):
        response = await _say(client, page, URGENT)
        assert response.status == 200
        page = read_page(await response.text())  # each form has its own nonce
    async with db.session() as session:
        [alert] = (await session.execute(select(Alert))).scalars().all()
    assert alert.level == "urgent" and alert.repeats == 11


async def test_an_old_unsigned_cookie_is_kept_only_by_a_member(
    client: TestClient, db: Database, settings: Settings
) -> None:
    await _join(client, db, settings)
    [signed] = [c for c in client.session.cookie_jar if c.key == "heard_chat_local"]
    token = signed.value.split(".")[0]
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({"heard_chat": token})  # as browsers hold it from before
    back = await client.get("/chat", headers=OWN)
    assert "Welcome back" in read_page(await back.text()).text
    assert back.cookies["heard_chat_local"].value == signed.value


async def test_one_young_person_can_open_only_so_many_threads_a_day(db: Database, sealer: Any) -> None:
    from datetime import date

    from feedback.issues import MAX_ISSUES_PER_DAY, TooManyIssues, Written, raise_issue

    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    async with db.session() as session:
        person = Participant(
            pseudonym="p" * 64,
            channel="web",
            care_status="in_care",
            age_band="11-15",
            joined_on=date(2026, 11, 1),
        )
        session.add(person)
        await session.flush()
        assert person.id is not None
        for _ in range(MAX_ISSUES_PER_DAY):
            await raise_issue(
                session, sealer=sealer, participant_id=person.id, messages=[Written("hi")], now=now
            )
        with pytest.raises(TooManyIssues):
            await raise_issue(
                session, sealer=sealer, participant_id=person.id, messages=[Written("hi")], now=now
            )
        tomorrow = now + timedelta(days=1, minutes=1)
        await raise_issue(
            session, sealer=sealer, participant_id=person.id, messages=[Written("hi")], now=tomorrow
        )


async def test_behind_a_trusted_proxy_each_client_has_its_own_allowance(
    aiohttp_client: Any, settings: Settings, db: Database
) -> None:
    """A council's load balancer must not make every young person share one address's limits."""
    from dataclasses import replace

    proxied = await aiohttp_client(init_app(replace(settings, trusted_proxies=("127.0.0.0/8",))))
    proxied.server.app[WEBCHAT].limits = ChatLimits(identities_per_address=Limit(1, timedelta(hours=1)))
    statuses = []
    for client in ("203.0.113.7", "203.0.113.8", "203.0.113.8", "198.51.100.1, 203.0.113.9"):
        proxied.session.cookie_jar.clear()
        headers = {**OWN, "X-Forwarded-For": client}
        statuses.append((await proxied.get("/chat", headers=headers)).status)
    assert statuses == [200, 200, 429, 200]  # the third is 203.0.113.8 again; the last is .9 (rightmost)


async def test_a_forwarded_address_from_anyone_else_is_not_believed(client: TestClient) -> None:
    client.server.app[WEBCHAT].limits = ChatLimits(identities_per_address=Limit(1, timedelta(hours=1)))
    statuses = []
    for spoofed in ("203.0.113.7", "203.0.113.8"):
        client.session.cookie_jar.clear()
        statuses.append((await client.get("/chat", headers={**OWN, "X-Forwarded-For": spoofed})).status)
    assert statuses == [200, 429]  # no trusted proxies: the connection's address counts


async def test_button_presses_have_a_larger_allowance_than_typed_messages(
    client: TestClient, db: Database, settings: Settings
) -> None:
    """Tapping through a survey quickly must not meet the limit meant for floods of typed text."""
    menu = await _join(client, db, settings)
    client.server.app[WEBCHAT].limits = ChatLimits(
        messages_per_identity=Limit(2, timedelta(minutes=1)),
        presses_per_identity=Limit(6, timedelta(minutes=1)),
    )
    form, action = menu.button("My data")
    presses = [
        (await client.post("/chat", data={**form.hidden, "nonce": f"press-{i:04d}", "action": action})).status
        for i in range(7)
    ]
    assert presses == [200] * 6 + [429]
