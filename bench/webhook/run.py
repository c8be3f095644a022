"""Webhook bench: updates POSTed to the webhook until the reply reaches the (fake) Bot API.

Heard (every update durably stored before the 200, answered by the real
conversation engine for joined participants) is measured next to a bare PTB
echo bot on PTB's default httpx transport and on Heard's aiohttp transport.
Each system runs in its own process; the fake Bot API (rate limits off) and
the load generator run here. Two runs each: as fast as possible, then a
steady 100 updates/s for the latency target.

    .venv/bin/python bench/webhook/run.py [--updates 5000 --chats 500] [--pg URL] [--paced-seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from feedback.crypto import Pseudonymiser, generate_fernet_key, generate_pseudonym_key  # noqa: E402
from feedback.db import Database  # noqa: E402
from feedback.invites import create_invites  # noqa: E402
from feedback.migrate import upgrade  # noqa: E402
from tests.fakes.telegram import FakeBotApi, SentMessage  # noqa: E402
from tests.fakes.updates import UpdateFactory  # noqa: E402

SECRET = "bench-webhook-secret-0123456789"
HERE = Path(__file__).resolve().parent
FIRST_CHAT = 7_000_000
TEXTS = ("my social worker came round today", "school was alright this week", "the new flat is cold")


@dataclass(frozen=True)
class Result:
    system: str
    run: str
    updates: int
    seconds: float
    latencies: Sequence[float]
    problems: str = ""
    server_cpu: float = 0.0  # CPU seconds the system's process used during the run
    bench_cpu: float = 0.0  # CPU seconds the load generator and fake Bot API used

    @property
    def cpu_note(self) -> str:
        per = 1000 / self.updates
        return (
            f"server {self.server_cpu / self.seconds:.0%} of a core (with its children), "
            f"{self.server_cpu * per:.2f} ms CPU/update; bench {self.bench_cpu / self.seconds:.0%}"
        )

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid``, its threads and its running children (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) for child in children)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Replies:
    """Reply arrival times per chat, fed by the fake's listener."""

    def __init__(self, fake: FakeBotApi) -> None:
        self.by_chat: dict[int, list[float]] = defaultdict(list)
        self.count = 0
        self.changed = asyncio.Event()
        fake.listeners.append(self._on)

    def _on(self, message: SentMessage) -> None:
        self.by_chat[message.chat_id].append(message.at)
        self.count += 1
        self.changed.set()

    def reset(self) -> None:
        self.by_chat.clear()
        self.count = 0

    async def wait_for(self, count: int, within: float) -> None:
        async with asyncio.timeout(within):
            while self.count < count:
                self.changed.clear()
                await self.changed.wait()


async def post_all(
    url: str, updates: Sequence[tuple[int, dict[str, Any]]], *, rate: float | None, concurrency: int = 64
) -> dict[int, list[float]]:
    """POST every update (one at a time per chat, like Telegram); return POST start times per chat."""
    started: dict[int, list[float]] = defaultdict(list)
    locks: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
    slots = asyncio.Semaphore(concurrency)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    failures = 0
    import json

    connector = aiohttp.TCPConnector(limit=concurrency)
    no_limit = aiohttp.ClientTimeout(total=None, sock_read=600)
    async with aiohttp.ClientSession(connector=connector, timeout=no_limit) as http:

        async def one(chat: int, body: bytes) -> None:
            nonlocal failures
            async with locks[chat], slots:
                started[chat].append(time.monotonic())
                for _ in range(20):
                    async with http.post(url, data=body, headers=headers) as response:
                        await response.read()
                        if response.status == 200:
                            return
                    failures += 1
                    await asyncio.sleep(0.05)  # Telegram retries a non-2xx answer

        tasks = []
        begin = time.monotonic()
        for index, (chat, update) in enumerate(updates):
            if rate is not None:
                delay = begin + index / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(chat, json.dumps(update).encode())))
            if rate is None and len(tasks) % concurrency == 0:
                await asyncio.sleep(0)
        await asyncio.gather(*tasks)
    if failures:
        print(f"   ({failures} POSTs were refused and retried)", file=sys.stderr)
    return started


def workload(
    count: int, chats: int, first_update_id: int, first_chat: int = FIRST_CHAT
) -> list[tuple[int, dict[str, Any]]]:
    factory = UpdateFactory(first_update_id=first_update_id)
    return [
        (chat, factory.text(chat, f"{TEXTS[i % len(TEXTS)]} ({i})"))
        for i in range(count)
        for chat in [first_chat + i % chats]
    ]


async def measure(
    system: str,
    run: str,
    url: str,
    replies: Replies,
    updates: Sequence[tuple[int, dict[str, Any]]],
    *,
    rate: float | None,
    per_update: int = 1,
    pid: int | None = None,
) -> Result:
    replies.reset()
    cpu0, bench0 = (cpu_seconds(pid) if pid else 0.0), time.process_time()
    t0 = time.monotonic()
    started = await post_all(url, updates, rate=rate)
    problems = ""
    try:
        await replies.wait_for(len(updates) * per_update, within=300)
    except TimeoutError:
        problems = f"only {replies.count} of {len(updates) * per_update} replies arrived"
    await asyncio.sleep(0.5)
    if replies.count > len(updates) * per_update:
        problems = f"{replies.count - len(updates) * per_update} extra replies"
    last = max((t for times in replies.by_chat.values() for t in times), default=time.monotonic())
    server_cpu = (cpu_seconds(pid) - cpu0) if pid else 0.0
    bench_cpu = time.process_time() - bench0
    latencies = [
        arrived[k * per_update] - posted
        for chat, posts in started.items()
        for arrived in [replies.by_chat.get(chat, [])]
        for k, posted in enumerate(posts)
        if k * per_update < len(arrived)
    ]
    return Result(system, run, len(updates), last - t0, latencies, problems, server_cpu, bench_cpu)


async def start_process(args: list[str], env: dict[str, str], health_url: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: ASYNC220
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError((process.stderr.read() if process.stderr else b"").decode()[-2000:])
            try:
                async with http.get(health_url, timeout=aiohttp.ClientTimeout(total=2)) as response:
                    if response.status in (200, 404, 405):
                        return process
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


async def bench_echo(
    fake: FakeBotApi, replies: Replies, transport: str, args: argparse.Namespace
) -> list[Result]:
    port = free_port()
    command = [
        sys.executable,
        str(HERE / "echo_bot.py"),
        "--api",
        fake.api_url,
        "--token",
        fake.token,
        "--port",
        str(port),
        "--transport",
        transport,
    ]
    url = f"http://127.0.0.1:{port}/webhook"
    process = await start_process(command, dict(os.environ), url)
    try:
        await measure(f"echo ({transport})", "warm-up", url, replies, workload(200, 50, 1), rate=None)
        fast = await measure(
            f"PTB echo bot ({transport})",
            "as fast as possible",
            url,
            replies,
            workload(args.updates, args.chats, 10_000),
            rate=None,
            pid=process.pid,
        )
        results = [fast]
        if transport == "aiohttp":
            paced = await measure(
                f"PTB echo bot ({transport})",
                f"{args.paced_rate} updates/s",
                url,
                replies,
                workload(args.paced_rate * args.paced_seconds, args.chats, 100_000),
                rate=args.paced_rate,
            )
            results.append(paced)
        return results
    finally:
        stop(process)


async def join_everyone(
    url: str, fake: FakeBotApi, replies: Replies, codes: list[str], first_chat: int
) -> None:
    """Join one participant per chat through the webhook: /start CODE, then OK on the privacy card."""
    factory = UpdateFactory(first_update_id=1)
    starts = [
        (first_chat + i, factory.text(first_chat + i, f"/start {code}")) for i, code in enumerate(codes)
    ]
    replies.reset()
    await post_all(url, starts, rate=None)
    await replies.wait_for(len(codes), within=300)
    presses = []
    for chat, _ in starts:
        received = fake.messages_to(chat)
        ok = [d for m in received[-1:] for d in m.callback_data if d.startswith("consent:ok")]
        if len(received) != 1 or not ok:
            seen = [(m.text[:80], m.callback_data) for m in received]
            raise RuntimeError(f"chat {chat} should have had one privacy card after /start; it had {seen}")
        presses.append((chat, factory.choice(chat, ok[0])))
    replies.reset()
    await post_all(url, presses, rate=None)
    await replies.wait_for(len(codes), within=300)


async def bench_heard(
    fake: FakeBotApi,
    replies: Replies,
    database_url: str,
    label: str,
    args: argparse.Namespace,
    first_chat: int,
) -> list[Result]:
    secret_keys, pseudonym_key = generate_fernet_key(), generate_pseudonym_key()
    db = Database(database_url)
    await upgrade(db)
    now = datetime.now(UTC)
    async with db.session() as session:
        codes = await create_invites(
            session,
            pseudonymiser=Pseudonymiser.from_setting(pseudonym_key),
            care_status="care_leaver",
            age_band="16-25",
            count=args.chats,
            expires_at=now + timedelta(days=1),
            max_uses=1,
            batch="bench",
            now=now,
        )
    await db.dispose()
    port = free_port()
    data_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"heard-bench-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARD_")} | {
        "HEARD_DATA_DIR": str(data_dir),
        "HEARD_DATABASE_URL": database_url,
        "HEARD_PORT": str(port),
        "HEARD_SECRET_KEYS": secret_keys,
        "HEARD_PSEUDONYM_KEY": pseudonym_key,
        "HEARD_TELEGRAM_TOKEN": fake.token,
        "HEARD_TELEGRAM_API_URL": fake.api_url,
        "HEARD_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "HEARD_WEBHOOK_SECRET": SECRET,
    }
    if args.profile:
        env["BENCH_PROFILE"] = f"{args.profile}.{label.lower()}"
    if args.delivery:
        env["HEARD_TELEGRAM_DELIVERY"] = args.delivery
        label = f"{label}, {args.delivery} delivery"
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    process = await start_process([sys.executable, str(HERE / "heard_server.py")], env, url)
    try:
        await join_everyone(url, fake, replies, codes, first_chat)
        fast = await measure(
            f"Heard, {label}",
            "as fast as possible",
            url,
            replies,
            workload(args.updates, args.chats, 10_000, first_chat),
            rate=None,
            pid=process.pid,
        )
        paced = await measure(
            f"Heard, {label}",
            f"{args.paced_rate} updates/s",
            url,
            replies,
            workload(args.paced_rate * args.paced_seconds, args.chats, 100_000, first_chat),
            rate=args.paced_rate,
        )
        return [fast, paced]
    finally:
        stop(process)


async def admin_sql(admin_url: str, statement: str) -> None:
    """Run one statement on the PostgreSQL server's admin database (CREATE/DROP DATABASE)."""
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(admin_url)
    conn = await asyncpg.connect(
        str(admin.set(drivername="postgresql").render_as_string(hide_password=False))
    )
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def create_pg(admin_url: str) -> str:
    from sqlalchemy.engine import make_url

    name = f"heard_bench_{uuid.uuid4().hex[:8]}"
    await admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_pg(admin_url: str, url: str) -> None:
    from sqlalchemy.engine import make_url

    await admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def table(results: Sequence[Result]) -> str:
    best_echo = max(
        (r.per_second for r in results if r.system.startswith("PTB") and "fast" in r.run), default=0
    )
    lines = [
        "| system | run | updates | updates/s | vs fastest echo | p50 ms | p99 ms | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        share = f"{r.per_second / best_echo:.0%}" if best_echo and "fast" in r.run else ""
        lines.append(
            f"| {r.system} | {r.run} | {r.updates:,} | {r.per_second:,.0f} | {share} | "
            f"{r.percentile(50):.0f} | {r.percentile(99):.0f} | "
            f"{'; '.join(n for n in (r.problems, r.cpu_note if r.server_cpu else '') if n)} |"
        )
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--paced-seconds", type=int, default=20)
    parser.add_argument("--paced-rate", type=int, default=100, help="updates/s in the steady run")
    parser.add_argument("--skip-echo", action="store_true", help="measure Heard only")
    parser.add_argument(
        "--profile", metavar="FILE", help="run Heard under cProfile; stats go to FILE.sqlite, FILE.postgresql"
    )
    parser.add_argument(
        "--delivery",
        choices=("process", "inline"),
        help="run Heard with this HEARD_TELEGRAM_DELIVERY (default: Heard's own default, process)",
    )
    parser.add_argument(
        "--pg",
        default=os.environ.get("HEARD_TEST_DATABASE_URL", ""),
        help="PostgreSQL server URL (default: $HEARD_TEST_DATABASE_URL); omit to skip",
    )
    args = parser.parse_args()
    results: list[Result] = []
    async with FakeBotApi() as fake:
        replies = Replies(fake)
        for transport in () if args.skip_echo else ("httpx", "aiohttp"):
            results += await bench_echo(fake, replies, transport, args)
        tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"heard-bench-{uuid.uuid4().hex[:8]}.db"
        try:
            # Chats of their own: the echo bots' replies went to FIRST_CHAT onwards.
            results += await bench_heard(fake, replies, f"sqlite:///{tmp}", "SQLite", args, 3 * FIRST_CHAT)
        finally:
            remove_sqlite(tmp)
        if args.pg:
            url = await create_pg(args.pg)
            try:
                results += await bench_heard(fake, replies, url, "PostgreSQL", args, 2 * FIRST_CHAT)
            finally:
                await drop_pg(args.pg, url)
    cpu = platform.processor() or platform.machine()
    print(
        f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores ({cpu}), load {os.getloadavg()[0]:.1f}; "
        f"{args.updates:,} updates from {args.chats} chats; paced run {args.paced_seconds} s"
    )
    print(table(results))
    heard_fast = [r for r in results if r.system.startswith("Heard") and "fast" in r.run]
    best = max((r.per_second for r in results if r.system.startswith("PTB") and "fast" in r.run), default=0)
    for r in heard_fast if best else []:
        print(f"{r.system}: {r.per_second / best:.0%} of the fastest echo bot (target ≥ 50 %)")
    for r in (r for r in results if r.system.startswith("Heard") and "updates/s" in r.run):
        print(f"{r.system}: p99 {r.percentile(99):.0f} ms at {r.run} (target < 250 ms at 100 updates/s)")


if __name__ == "__main__":
    asyncio.run(main())
