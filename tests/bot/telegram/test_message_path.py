"""The path of one Telegram text through Heard: forward only, never back to a stage it has left.

Traced for real: a joined young person types a sentence; it goes in at the
webhook and out at the fake Bot API, and every call into Heard's modules on
the way is recorded with the stage it belongs to. The stages are the modules
that handle the message in turn (the webhook's intake, each end of the
inbox, the conversation, the two ends of the outbox, delivery). The loops
that drive them (the channel, the inbox worker, the sender and their
helpers) call stages and get answers back; that is not the message
travelling, so they are not stages. Nor are the tools every stage uses:
sealing, chat keys, database sessions, logs, metrics, the shapes. Anything
the conversation calls (risk check, stores it reads and writes) belongs to
the conversation stage.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from sqlalchemy import text

from bot.telegram.channel import TelegramOptions
from bot.workers.inbox_worker import WorkerOptions
from bot.workers.pacing import SendLimits
from bot.workers.sender import SenderOptions
from feedback.db import Database
from tests.bot.telegram.test_journeys import Chat, invite
from tests.fakes.heard import running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("bot", "feedback", "anonymiser", "surveys")

# The loops that move messages between stages, and the tools every stage uses: not stages.
DRIVERS = (
    "bot.telegram.channel", "bot.workers", "bot.supervisor", "bot.middlewares", "bot.server",
    "bot.metrics", "bot.logs", "bot.appkeys",
)  # fmt: skip
TOOLS = ("feedback.crypto", "feedback.chat_keys", "feedback.db", "feedback.models", "bot.conversation.types")
STAGE_OWNERS = ("bot.workers.stored_inbound",)  # a worker module that is a stage: reading what intake stored

# Where a Telegram text must pass, in this order (other stages may come between).
EXPECTED = (
    "bot.telegram.webhook",
    "bot.telegram.intake",
    "feedback.inbox.arrivals",
    "feedback.inbox.claiming",
    "bot.workers.stored_inbound",
    "conversation",
    "bot.outgoing.queueing",
    "feedback.outbox.queueing",
    "feedback.inbox.settling",
    "bot.outgoing.reading",
    "bot.telegram.delivery",
    "bot.telegram.request",
    "feedback.outbox.settling",
)


def module_of(frame: FrameType) -> str | None:
    """Return the dotted name of the Heard module ``frame`` runs in, or None outside Heard."""
    try:
        relative = Path(frame.f_code.co_filename).resolve().relative_to(ROOT)
    except ValueError:
        return None
    if not relative.parts or relative.parts[0] not in PACKAGES:
        return None
    return ".".join(relative.with_suffix("").parts).removesuffix(".__init__")


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def stage_of(frame: FrameType) -> str | None:
    """Return the stage a call belongs to, or None for drivers, tools and code outside Heard."""
    module = module_of(frame)
    if module is None:
        return None
    caller: FrameType | None = frame
    while caller is not None:  # anything the conversation calls is the conversation's
        owner = module_of(caller)
        conversing = owner is not None and _within(owner, ("bot.conversation", "anonymiser", "surveys"))
        if conversing and not _within(module, TOOLS):
            return "conversation"
        caller = caller.f_back
    if _within(module, STAGE_OWNERS):
        return module
    if _within(module, DRIVERS + TOOLS):
        return None
    return module


CLAIMS = {("feedback.inbox.claiming", "claim"), ("feedback.outbox.claiming", "claim_due")}


class PathTrace:
    """Records, in order, each call into a stage from outside it.

    A coroutine resuming is not a new call, and a call from within the same
    stage is the stage at work, not the message arriving. A claim that took
    nothing was a worker looking for other work, not the message passing.
    """

    def __init__(self) -> None:
        self._entries: list[str | None] = []
        self._claims: dict[Any, int] = {}  # a claim's frame -> its entry, dropped if it took nothing
        self._seen: set[Any] = set()
        self._lock = threading.Lock()

    def __call__(self, frame: FrameType, event: str, arg: object) -> None:
        if event == "return":
            with self._lock:
                index = self._claims.get(frame)
                if index is not None and isinstance(arg, list | tuple) and not arg:
                    self._entries[index] = None
            return
        if event != "call":
            return
        with self._lock:
            if frame in self._seen:
                return
            self._seen.add(frame)
        stage = stage_of(frame)
        if stage is None or (frame.f_back is not None and stage_of(frame.f_back) == stage):
            return
        with self._lock:
            if (module_of(frame), frame.f_code.co_name) in CLAIMS:
                self._claims[frame] = len(self._entries)
            self._entries.append(stage)

    @property
    def stages(self) -> list[str]:
        """Return the stages entered, a stage entered again straight after itself counted once."""
        entries = [stage for stage in self._entries if stage is not None]
        return [stage for i, stage in enumerate(entries) if i == 0 or entries[i - 1] != stage]


# Long idle polls: the worker and the sender move only when woken by the message itself.
QUIET = TelegramOptions(
    sender=SenderOptions(limits=SendLimits(0, 0), idle_poll=30.0, backoff_base=0.05),
    worker=WorkerOptions(idle_poll=30.0, retry_base=0.02),
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


async def settled(db: Database) -> None:
    """Wait until no message is in hand: every reply sent and recorded."""
    async with asyncio.timeout(10):
        while True:
            async with db.session() as session:
                busy = (
                    await session.execute(
                        text("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')")
                    )
                ).scalar_one()
            if busy == 0:
                return
            await asyncio.sleep(0.02)


async def test_a_typed_sentence_goes_forward_through_heard_and_never_back(
    db: Database, db_url: str, fake: FakeBotApi
) -> None:
    settings = telegram_settings(db_url, fake, telegram_delivery="inline")
    async with running_heard(settings, options=QUIET) as heard:
        chat = Chat(heard, fake, 515151)
        code = await invite(heard, db, "care_leaver", "16-25")
        [card] = await chat.say(f"/start {code}")
        await chat.press(next(d for d in card.callback_data if d.startswith("consent:ok")))
        await settled(db)
        trace = PathTrace()
        sys.setprofile(trace)
        threading.setprofile(trace)
        try:
            replies = await chat.say("the wifi at my flat has been down all week")
            await settled(db)
        finally:
            sys.setprofile(None)
            threading.setprofile(None)
    assert replies, "the young person got an answer"
    path = trace.stages[trace.stages.index("bot.telegram.webhook") :]
    revisited = sorted({stage for i, stage in enumerate(path) if stage in path[:i]})
    assert revisited == [], f"came back to {revisited} along {path}"
    positions = [path.index(stage) for stage in EXPECTED]  # ValueError names a stage it never passed
    assert positions == sorted(positions), path
