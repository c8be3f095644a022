"""Two real ``heard serve`` processes on one PostgreSQL: one pace, one order per chat, nothing lost.

A fault run found two replicas sending 62 messages a second (Telegram allows 30)
and 153 of 200 chats getting their replies out of order. Here the topology
of docs/operations.md runs as deployed: two ``heard serve`` processes from the
command line, configured only by ``HEARD_*`` variables, behind a round-robin
"load balancer" (the traffic posts each update to one or the other, and again
to either while it is not answered 200), with the real conversation engine.

The engine greets someone without an invite code differently for ``/start``,
``/help`` and plain text, so each chat writes those three and every reply
names the update it answers: lost, doubled and per-chat order are counted
per update, as in the other fault tests. As Telegram does, a chat's next
update is posted once the one before it is answered (the replicas take them
in the order they were written); the next may go to the other replica.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import ClientError, ClientSession

from feedback.crypto import generate_fernet_key, generate_pseudonym_key
from feedback.db import Database
from feedback.migrate import upgrade
from tests.fakes.heard import WEBHOOK_SECRET, RunningHeard
from tests.fakes.telegram import FakeBotApi
from tests.fakes.updates import UpdateFactory
from tests.faults.harness import RESULTS, Tally
from tests.faults.test_faults import _free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
HEARD = Path(sys.executable).with_name("heard")
KINDS = ("/start", "/help", "hello")  # what each chat writes, in this order


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


async def serve(env: dict[str, str], port: int, log: Path) -> asyncio.subprocess.Process:
    """Start ``heard serve`` on ``port``."""
    return await asyncio.create_subprocess_exec(
        str(HEARD), "serve", "--port", str(port), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=log.open("ab"),
    )  # fmt: skip


async def ready(process: asyncio.subprocess.Process, port: int, log: Path) -> None:
    """Wait until the process's /readyz answers 200."""
    async with ClientSession() as http, asyncio.timeout(60):
        while True:
            assert process.returncode is None, log.read_text()[-2000:]
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                    if response.status == 200:
                        return
            except (ClientError, OSError):
                pass
            await asyncio.sleep(0.3)


async def test_two_heard_serve_processes_keep_one_pace_and_each_chats_order(
    fake: FakeBotApi, pg_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "HEARD_DATABASE_URL": pg_url,
        "HEARD_DATA_DIR": str(tmp_path),
        "HEARD_SECRET_KEYS": generate_fernet_key(),
        "HEARD_PSEUDONYM_KEY": generate_pseudonym_key(),
        "HEARD_TELEGRAM_TOKEN": fake.token,
        "HEARD_TELEGRAM_API_URL": fake.api_url,
        "HEARD_PUBLIC_URL": "https://heard.example.org",
        "HEARD_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "HEARD_REDACTION_WORKERS": "0",  # nobody here writes text that is kept
        "HEARD_LOG_LEVEL": "WARNING",
    }
    database = Database(pg_url)
    await upgrade(database)  # as `heard migrate` does
    await database.dispose()
    log = tmp_path / "serve.log"
    ports = [_free_port(), _free_port()]
    began = time.monotonic()
    replicas = [await serve(env, port, log) for port in ports]
    try:
        await asyncio.gather(*(ready(p, port, log) for p, port in zip(replicas, ports, strict=True)))
        started = time.monotonic()
        async with ClientSession() as http:
            heards = [RunningHeard(None, f"http://127.0.0.1:{p}", http) for p in ports]  # type: ignore[arg-type]
            factory = UpdateFactory()
            # What each kind of message is answered with: one chat writes each once, alone. An answer
            # can be several messages: its first names the kind, the rest are known follow-ups.
            signature: dict[str, str] = {}
            follow_ups: set[str] = set()
            for kind in KINDS:
                before = len(fake.sent)
                assert (await heards[0].post_update(factory.text(1, kind))).status == 200
                await fake.wait_until(lambda before=before: len(fake.sent) > before, timeout=30)
                while (count := len(fake.sent)) and not await _quiet(fake, count):
                    pass
                answer = [m.text or "" for m in fake.sent[before:]]
                signature[answer[0]] = kind
                follow_ups.update(answer[1:])
            assert len(signature) == len(KINDS), "the three greetings must differ to be told apart"
            calibrated = len(fake.sent)
            writing = time.monotonic()

            chats = [7000 + n for n in range(80)]  # 240 replies at once: more than 30 a second asks
            acknowledged: dict[int, list[str]] = defaultdict(list)

            async def write(chat: int) -> None:
                """Post the chat's updates as Telegram does: the next once the last is answered 200."""
                attempt = chat  # the balancer alternates: a chat's updates reach both replicas
                for kind in KINDS:
                    update = factory.text(chat, kind)
                    while True:
                        attempt += 1
                        try:
                            if (await heards[attempt % 2].post_update(update)).status == 200:
                                acknowledged[chat].append(kind)
                                break
                        except (ClientError, OSError):
                            pass
                        await asyncio.sleep(0.2)

            await asyncio.gather(*(write(chat) for chat in chats))
            expected = len(chats) * len(KINDS)
            messages = len(chats) * calibrated  # the calibrating chat's answers, in every chat
            await fake.wait_until(lambda: len(fake.sent) - calibrated >= messages, timeout=90)
            replied = time.monotonic()
            await asyncio.sleep(1.5)  # anything sent twice shows by now
    finally:
        for process in replicas:
            process.terminate()
        for process in replicas:
            await process.wait()

    answers = fake.sent[calibrated:]
    replies: Counter[tuple[int, str]] = Counter()
    order: dict[int, list[str]] = defaultdict(list)
    for message in answers:
        kind = signature.get(message.text or "")
        if kind is not None:
            replies[(message.chat_id, kind)] += 1
            order[message.chat_id].append(kind)
    times = sorted(m.at for m in answers)
    peak = _most_within(times, 1.0)
    peak_2s = _most_within(times, 2.0)
    result = Tally(
        "two heard serve processes (postgres)",
        sent=expected,
        acknowledged=sum(len(kinds) for kinds in acknowledged.values()),
        replied=sum(1 for chat in chats for kind in KINDS if replies[(chat, kind)] > 0),
        lost=sum(1 for chat in chats for kind in acknowledged[chat] if replies[(chat, kind)] == 0),
        doubled=sum(1 for n in replies.values() if n > 1),
        out_of_order=sum(1 for chat in chats if order[chat] != list(KINDS)),  # as written
        notes={
            "peak_per_second": peak,
            "peak_per_2_seconds": peak_2s,
            "unrecognised": sum(1 for m in answers if (m.text or "") not in signature.keys() | follow_ups),
            "start_s": round(started - began, 1),
            "traffic_s": round(replied - writing, 1),
        },
    )
    RESULTS.append(result)
    assert (result.lost, result.doubled, result.out_of_order) == (0, 0, 0)
    assert result.replied == result.acknowledged == expected
    assert result.notes["unrecognised"] == 0
    # Telegram's 30 a second, kept by both together in every second of arrivals (the doubled pace
    # found before was 62). The shared turnstile passes 25 a second, so a delivery child that fell
    # behind on a busy machine and caught up in a bunch still lands within 30.
    assert peak <= 30


def _most_within(times: list[float], window: float) -> int:
    """Return the most messages accepted within any ``window`` seconds."""
    return max(sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times))


async def _quiet(fake: FakeBotApi, count: int) -> bool:
    """Return True when nothing more was sent for a second after ``count`` messages."""
    await asyncio.sleep(1.0)
    return len(fake.sent) == count
