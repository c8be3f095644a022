"""A portal on a real database with a controllable clock, staff of every role, and seeded threads and alerts.

Seeded texts carry markers (raw words, chat ids, pseudonyms) so tests can scan
every page for anything that must never reach a member of staff.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiohttp import CookieJar, web
from aiohttp.test_utils import TestClient
from argon2 import PasswordHasher

from anonymiser.themes.taxonomy import load_taxonomy
from bot.appkeys import DATABASE, METRICS, PSEUDONYMISER, SEALER, SETTINGS
from bot.metrics import Metrics
from bot.middlewares import error_middleware, security_headers_middleware
from bot.portal import PasswordAuthenticator, PortalConfig, setup_portal
from bot.settings import Settings
from feedback import issues
from feedback.alerts import record_alert
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.issues import Written
from feedback.models import IssueMessage, Participant
from feedback.staff import Passwords, Role, add_staff

PASSWORD = "a long test passphrase"
RAW_MARKER = "RAWMARK-Jasmine-Okafor-07700900123"
REDACTED = "My carer [NAME_1] never lets me see my brother. I feel ignored."
CHAT_ID = "5550001112223"
ALERT_RAW = "RAWALERT I want to hurt myself tonight"
START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')


class Clock:
    """A clock tests move by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Seeded:
    """What the fixtures put in the database, including markers that must never show."""

    reference: str
    issue_message_id: int
    alert_id: int
    pseudonym: str
    participant_id: int
    sealed_values: tuple[str, ...]


@pytest.fixture(scope="session")
def cheap_passwords() -> Passwords:
    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


def portal_config(passwords: Passwords, clock: Clock, **overrides: Any) -> PortalConfig:
    """The portal as configured for tests: no second factor unless a test asks (tests/security does)."""
    taxonomy = load_taxonomy(None)
    values: dict[str, Any] = {
        "passwords": passwords,
        "authenticators": (PasswordAuthenticator(passwords),),
        "clock": clock,
        "secure_cookies": False,
        "theme_names": {t.code: t.name for t in taxonomy.themes},
        "second_factor_roles": frozenset(),
    }
    values.update(overrides)
    return PortalConfig(**values)


def build_app(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser, config: PortalConfig
) -> web.Application:
    """The service's middlewares and keys, with only the portal mounted (no channels or workers)."""
    app = web.Application(middlewares=[error_middleware, security_headers_middleware])
    app[SETTINGS] = Settings(public_url="https://heard.example.org", telegram_bot_username="HeardTestBot")
    app[METRICS] = Metrics()
    app[SEALER] = sealer
    app[PSEUDONYMISER] = pseudonymiser
    app[DATABASE] = db
    setup_portal(app, config)
    return app


async def seed(db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser, passwords: Passwords) -> Seeded:
    """Staff of every role, one young person with an anonymised thread, and an urgent alert."""
    async with db.session() as session:
        for role in Role:
            await add_staff(
                session,
                username=role.value.replace("_", "-"),
                role=role,
                password=PASSWORD,
                passwords=passwords,
                now=START,
                display_name=role.label,
            )
        pseudonym = pseudonymiser.pseudonym("telegram", CHAT_ID)
        person = Participant(
            pseudonym=pseudonym,
            channel="telegram",
            care_status="in_care",
            age_band="11-15",
            chat_id_sealed=sealer.seal(CHAT_ID),
            joined_on=date(2026, 11, 1),
        )
        session.add(person)
        await session.flush()
        assert person.id is not None
        raised = await issues.raise_issue(
            session,
            sealer=sealer,
            participant_id=person.id,
            now=START - timedelta(days=2),
            messages=[Written(f"{RAW_MARKER} never lets me see my brother. I feel ignored.")],
        )
        # Standing in for the redaction worker, in the same transaction so it never sees the row pending.
        message = await session.get(IssueMessage, raised.message_ids[0])
        assert message is not None
        message.text_anonymised, message.redaction_status = REDACTED, "done"
        message.themes_json = json.dumps(["FAMILY", "CARER"])
        await issues.tag(
            session,
            reference=raised.reference,
            themes=["FAMILY", "CARER"],
            known={"FAMILY", "CARER"},
            now=START - timedelta(days=2),
        )
        alert_id = await record_alert(
            session,
            sealer=sealer,
            source="conversation",
            level="urgent",
            categories=["suicide_self_harm"],
            text=ALERT_RAW,
            now=START - timedelta(minutes=20),
            participant_id=person.id,
        )
    async with db.engine.connect() as conn:
        from sqlalchemy import text

        sealed = [
            row[0]
            for row in (
                await conn.execute(
                    text(
                        "SELECT text_sealed FROM issue_message WHERE text_sealed IS NOT NULL "
                        "UNION SELECT text_sealed FROM alert UNION SELECT chat_id_sealed FROM participant"
                    )
                )
            ).all()
        ]
    return Seeded(raised.reference, raised.message_ids[0], alert_id, pseudonym, person.id, tuple(sealed))


@pytest.fixture
async def seeded(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser, cheap_passwords: Passwords
) -> Seeded:
    return await seed(db, sealer, pseudonymiser, cheap_passwords)


@pytest.fixture
async def portal(
    aiohttp_client,
    db: Database,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,  # type: ignore[no-untyped-def]
    cheap_passwords: Passwords,
    clock: Clock,
    seeded: Seeded,
) -> AsyncIterator[TestClient]:
    """A client for a portal with seeded data; not signed in."""
    app = build_app(db, sealer, pseudonymiser, portal_config(cheap_passwords, clock))
    yield await aiohttp_client(app, cookie_jar=CookieJar(unsafe=True))


async def csrf_of(client: TestClient, path: str = "/staff/login") -> str:
    """Return the form token on ``path`` (which also sets the session cookie)."""
    response = await client.get(path, allow_redirects=False)
    match = CSRF_RE.search(await response.text())
    assert match, f"no form token on {path}"
    return match.group(1)


async def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in and return the new session's form token."""
    token = await csrf_of(client)
    response = await client.post(
        "/staff/login",
        data={"_csrf": token, "username": username, "password": password},
        allow_redirects=False,
    )
    assert response.status == 303, await response.text()
    return await csrf_of(client, "/staff/dashboard")


def username(role: Role) -> str:
    return role.value.replace("_", "-")
