"""A crash after Telegram got its 200 loses nothing and doubles nothing: ``heard serve`` is SIGKILLed.

The fake Bot API holds the reply's sendMessage unanswered, the server
process is killed, and the held request dies with it (as if it never reached
Telegram). After a restart the reply is sent, exactly once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.heard import WEBHOOK_SECRET
from tests.fakes.telegram import FakeBotApi
from tests.fakes.updates import UpdateFactory

pytestmark = pytest.mark.slow

HEARD = [str(Path(sys.executable).with_name("heard"))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
def env(heard_env: dict[str, str], fake: FakeBotApi, tmp_path: Path) -> dict[str, str]:
    port = free_port()
    return {
        **heard_env,
        "HEARD_DATABASE_URL": f"sqlite:///{tmp_path / 'heard.db'}",
        "HEARD_PORT": str(port),
        "HEARD_TELEGRAM_TOKEN": fake.token,
        "HEARD_TELEGRAM_API_URL": fake.api_url,
        "HEARD_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "HEARD_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }


def children_of(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def cmdline_of(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


async def wait_gone(pid: int, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while Path(f"/proc/{pid}").exists() and "Z" not in state_of(pid):
            await asyncio.sleep(0.05)


def state_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return "Z"


async def serve(env: dict[str, str], fake: FakeBotApi) -> subprocess.Popen[bytes]:
    fake.webhook = None
    log = open(env["HEARD_DATA_DIR"] + ".log", "ab")  # noqa: SIM115
    process = subprocess.Popen([*HEARD, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        async with asyncio.timeout(60):
            while fake.webhook is None:  # set once the app is up and joined to the fake
                assert process.poll() is None, (process.stderr.read() if process.stderr else b"").decode()
                await asyncio.sleep(0.1)
    except BaseException:
        process.kill()
        raise
    return process


@pytest.mark.serial
async def test_sigkill_after_200_then_restart_sends_the_reply_exactly_once(
    env: dict[str, str], fake: FakeBotApi
) -> None:
    subprocess.run([*HEARD, "migrate"], env=env, check=True, capture_output=True)
    url = f"http://127.0.0.1:{env['HEARD_PORT']}/telegram/webhook"
    update = UpdateFactory().text(31415, "hello, is anyone there?")
    fake.hold()
    first = await serve(env, fake)
    try:
        async with aiohttp.ClientSession() as http:
            headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 200
        await fake.wait_until(lambda: fake.held == 1, timeout=20)  # the reply is on its way…
        children = [c for c in children_of(first.pid) if b"delivery_process" in cmdline_of(c)]
    finally:
        os.kill(first.pid, signal.SIGKILL)  # …and the server dies before Telegram answers
        first.wait()
    assert len(children) == 1  # the delivery process, which makes the Bot API calls…
    await wait_gone(children[0])  # …sees its input close and stops, abandoning the call
    fake.release()
    await fake.wait_until(lambda: fake.abandoned == 1, timeout=10)
    assert fake.sent == []

    second = await serve(env, fake)
    try:
        [reply] = await fake.wait_for_sent(1, timeout=20)
        await asyncio.sleep(2.0)  # time enough for a duplicate to show up, if there were one
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=20)
    assert reply.chat_id == 31415
    assert len(fake.messages_to(31415)) == 1
