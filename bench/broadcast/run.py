"""Broadcast bench: 5,000 queued invites through a fake Bot API that enforces 30 messages/s overall.

The fake answers 429 with ``retry_after`` beyond 30 messages in any second, as
Telegram does. The floor is 5,000 / 30 = 167 s; the target is to finish within
10 % of it with no message lost or sent twice.

    .venv/bin/python bench/broadcast/run.py [--messages 5000] [--rate 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from telegram import Bot

from bot.conversation.types import Button, Reply
from bot.metrics import Metrics
from bot.outgoing import queue_replies
from bot.telegram.delivery import TelegramDelivery
from bot.telegram.request import AiohttpRequest
from bot.workers import OutboxSender, SenderOptions, SendLimits
from feedback.crypto import Pseudonymiser, Sealer, generate_fernet_key, generate_pseudonym_key
from feedback.db import Database
from feedback.migrate import upgrade
from tests.fakes.telegram import FakeBotApi

INVITE = Reply(
    "A new survey is open: how well is the Care Leaver Charter kept? It takes about 5 minutes.",
    buttons=((Button("Start the survey", "survey:start:CHARTER1"), Button("Not now", "survey:later")),),
)


def now() -> datetime:
    return datetime.now(UTC)


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--rate", type=int, default=30)
    args = parser.parse_args()
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"heard-broadcast-{uuid.uuid4().hex[:8]}.db"
    db = Database(f"sqlite:///{path}")
    await upgrade(db)
    sealer = Sealer([generate_fernet_key()])
    pseudonymiser = Pseudonymiser.from_setting(generate_pseudonym_key())
    async with db.session() as session:
        for chat in range(args.messages):
            await queue_replies(session, sealer=sealer, pseudonymiser=pseudonymiser, channel="telegram",
                                address=str(9_000_000 + chat), replies=[INVITE], now=now(),
                                dedup_prefix=f"invite:bench:{chat}")  # fmt: skip
    async with FakeBotApi(overall_limit=(args.rate, 1.0)) as fake:
        metrics = Metrics()
        async with Bot(fake.token, base_url=fake.api_url, request=AiohttpRequest()) as bot:
            sender = OutboxSender(
                db, sealer, TelegramDelivery(bot), channel="telegram", metrics=metrics, clock=now,
                options=SenderOptions(limits=SendLimits(overall_per_second=args.rate)),
            )  # fmt: skip
            started = time.monotonic()
            task = asyncio.create_task(sender.run())
            await fake.wait_for_sent(args.messages, timeout=args.messages / args.rate * 2 + 60)
            elapsed = time.monotonic() - started
            await asyncio.sleep(3)  # anything doubled would show up now
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    await db.dispose()
    remove_sqlite(path)
    per_chat = Counter(m.chat_id for m in fake.sent)
    floor = args.messages / args.rate
    print(f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print("| messages | limit | floor s | took s | vs floor | 429s | lost | doubled |")
    print("|---|---|---|---|---|---|---|---|")
    lost = args.messages - len(per_chat)
    doubled = sum(n - 1 for n in per_chat.values() if n > 1)
    print(f"| {args.messages:,} | {args.rate}/s | {floor:.0f} | {elapsed:.1f} | {elapsed / floor - 1:+.1%} | "
          f"{fake.rejected_429} | {lost} | {doubled} |")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
