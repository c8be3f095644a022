"""Alert notices reach leads by email and staff Telegram, carry no words, and overdue alerts come back."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from bot.notifier import AlertNotice, EmailNotifier, NotifierConfig, StaffGroupNotifier, check_alerts
from feedback.alerts import record_alert
from feedback.crypto import Sealer
from feedback.db import Database
from tests.fakes.telegram import FakeBotApi

NOW = datetime(2026, 11, 22, 21, 0, tzinfo=UTC)
RAW = "RAW-WORDS I am going to run away tonight"
PORTAL_URL = "https://heard.example.org/staff/alerts"


class Inbox:
    """An SMTP handler that keeps what it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


class Recorder:
    """A notifier that remembers notices, or fails when told to."""

    name = "recorder"

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.notices: list[AlertNotice] = []

    async def send(self, notice: AlertNotice) -> None:
        if self.fail:
            raise ConnectionError("mail server down")
        self.notices.append(notice)


async def _alert(db: Database, sealer: Sealer, level: str, at: datetime) -> int:
    async with db.session() as session:
        return await record_alert(
            session,
            sealer=sealer,
            source="conversation",
            level=level,
            categories=["missing"],
            text=RAW,
            now=at,
        )


async def test_email_notice_goes_to_every_lead_without_the_words(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    notifier = EmailNotifier(
        host="127.0.0.1",
        port=port,
        sender="heard@council.example",
        recipients=["lead1@council.example", "lead2@council.example"],
        security="none",
    )
    await notifier.send(AlertNotice(new_urgent=1, new_concern=0, overdue_urgent=0, portal_url=PORTAL_URL))
    [envelope] = inbox.envelopes
    assert sorted(envelope.rcpt_tos) == ["lead1@council.example", "lead2@council.example"]
    mail = message_from_bytes(envelope.content)
    assert mail["Subject"] == "Heard: URGENT safeguarding alert waiting" and mail["Importance"] == "high"
    body = mail.get_payload(decode=True).decode()
    assert PORTAL_URL in body and "1 new urgent alert" in body


async def test_staff_group_notice_through_the_bot_api(fake: FakeBotApi) -> None:
    notifier = StaffGroupNotifier(api_url=fake.api_url, token=fake.token, chat_id="-100123")
    await notifier.send(AlertNotice(new_urgent=0, new_concern=2, overdue_urgent=0, portal_url=PORTAL_URL))
    [call] = fake.calls_of("sendMessage")
    assert str(call["chat_id"]) == "-100123"
    assert "2 new concern(s)" in call["text"] and PORTAL_URL in call["text"]


async def test_new_alerts_are_announced_once_and_overdue_urgent_ones_again(
    db: Database, sealer: Sealer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    email = EmailNotifier(
        host="127.0.0.1",
        port=port,
        sender="heard@council.example",
        recipients=["lead@council.example"],
        security="none",
    )
    recorder = Recorder()
    urgent = await _alert(db, sealer, "urgent", NOW)
    await _alert(db, sealer, "concern", NOW)

    first = await check_alerts(db, [email, recorder], now=NOW, portal_url=PORTAL_URL)
    assert first == AlertNotice(new_urgent=1, new_concern=1, overdue_urgent=0, portal_url=PORTAL_URL)
    assert await check_alerts(db, [recorder], now=NOW + timedelta(minutes=5), portal_url=PORTAL_URL) is None
    late = await check_alerts(db, [recorder], now=NOW + timedelta(minutes=15), portal_url=PORTAL_URL)
    assert late is not None and late.overdue_urgent == 1 and late.new_urgent == 0
    assert await check_alerts(db, [recorder], now=NOW + timedelta(minutes=20), portal_url=PORTAL_URL) is None
    again = await check_alerts(db, [recorder], now=NOW + timedelta(minutes=30), portal_url=PORTAL_URL)
    assert again is not None and again.overdue_urgent == 1

    async with db.session() as session:
        await session.execute(
            text("UPDATE alert SET acknowledged_at = :t WHERE id = :i"),
            {"t": (NOW + timedelta(minutes=31)).replace(tzinfo=None), "i": urgent},
        )
    assert await check_alerts(db, [recorder], now=NOW + timedelta(hours=2), portal_url=PORTAL_URL) is None

    everything = " ".join(str(n) for n in recorder.notices) + " ".join(
        e.content.decode() for e in inbox.envelopes
    )
    assert "RAW-WORDS" not in everything and "run away" not in everything


async def test_when_every_notifier_fails_the_next_run_tries_again(db: Database, sealer: Sealer) -> None:
    await _alert(db, sealer, "urgent", NOW)
    assert await check_alerts(db, [Recorder(fail=True)], now=NOW, portal_url=PORTAL_URL) is None
    working = Recorder()
    retry = await check_alerts(
        db, [Recorder(fail=True), working], now=NOW + timedelta(minutes=1), portal_url=PORTAL_URL
    )
    assert retry is not None and retry.new_urgent == 1 and len(working.notices) == 1


def test_notifier_settings_are_checked_by_name() -> None:
    assert NotifierConfig.from_env({}).build(telegram_api_url="x", telegram_token="") == ()
    with pytest.raises(ValueError, match="HEARD_ALERT_EMAILS"):
        NotifierConfig.from_env({"HEARD_SMTP_HOST": "smtp.example"})
    with pytest.raises(ValueError, match="HEARD_SMTP_PORT"):
        NotifierConfig.from_env({"HEARD_SMTP_PORT": "lots"})
    config = NotifierConfig.from_env(
        {
            "HEARD_SMTP_HOST": "smtp.example",
            "HEARD_SMTP_FROM": "heard@x.example",
            "HEARD_ALERT_EMAILS": "a@x.example, b@x.example",
            "HEARD_STAFF_TELEGRAM_CHAT": "-1001",
        }
    )
    built = config.build(telegram_api_url="https://api.telegram.org/bot", telegram_token="1:x")
    assert [n.name for n in built] == ["email", "telegram_staff_group"]
    assert config.alert_emails == ("a@x.example", "b@x.example")
