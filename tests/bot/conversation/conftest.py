"""Fixtures for driving the conversation engine through the collecting channel, on both databases."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.conversation import ConversationEngine, EngineConfig
from bot.conversation.collecting import CollectingChannel
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.invites import create_invites

START = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
CONFIG = EngineConfig(
    council_name="Northshire Council",
    out_of_hours_phone="01632 960 999",
    web_chat_url="https://heard.example.org/chat",
    retention_days=90,
)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def engine(sealer: Sealer, pseudonymiser: Pseudonymiser, clock: Clock) -> ConversationEngine:
    return ConversationEngine(sealer=sealer, pseudonymiser=pseudonymiser, config=CONFIG, clock=clock)


MakeCode = Callable[..., Awaitable[str]]


@pytest.fixture
def make_code(db: Database, pseudonymiser: Pseudonymiser, clock: Clock) -> MakeCode:
    async def make(
        care_status: str = "in_care", age_band: str = "16-17", *, days: int = 30, max_uses: int = 1
    ) -> str:
        async with db.session() as session:
            codes = await create_invites(
                session,
                pseudonymiser=pseudonymiser,
                care_status=care_status,
                age_band=age_band,
                count=1,
                expires_at=clock.now + timedelta(days=days),
                max_uses=max_uses,
                batch="test",
                now=clock.now,
            )
        return codes[0]

    return make


ChatFactory = Callable[..., CollectingChannel]


@pytest.fixture
def chat(engine: ConversationEngine, db: Database, clock: Clock) -> ChatFactory:
    def make(user_id: str = "1001", channel: str = "telegram") -> CollectingChannel:
        return CollectingChannel(engine, db, user_id=user_id, channel=channel, clock=clock)

    return make


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """SQLite only for most engine tests; the modules whose SQL differs by dialect import both."""
    return f"sqlite:///{tmp_path / 'heard.db'}"
