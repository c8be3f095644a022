"""The last two faults of the fault run: a redaction process killed mid-batch, and a full disk.

Every text a young person writes here is also kept as an issue, sealed and
pending redaction, as "tell us something" keeps it; so a run counts replies
(sent, acknowledged, replied, lost, doubled) and texts anonymised.
"""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.conversation.types import Inbound, Reply
from bot.operations import DISK_FULL
from bot.textworker import TEXT_WORKER
from feedback import issues
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.issues import Written
from feedback.migrate import upgrade
from feedback.models import IssueMessage, Participant
from tests.fakes.conversation import EchoEngine
from tests.fakes.heard import running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi
from tests.faults.harness import Readiness, Tally, Traffic
from tests.faults.test_faults import OPTIONS

pytestmark = [pytest.mark.slow]


@dataclass
class TellingEcho(EchoEngine):
    """Echoes each text and keeps it as an issue message waiting for redaction."""

    sealer: Sealer | None = None
    people: dict[str, int] = field(default_factory=dict)

    async def handle(self, session: AsyncSession, inbound: Inbound, *, now: datetime) -> Sequence[Reply]:
        replies = await super().handle(session, inbound, now=now)
        assert self.sealer is not None
        person = (
            await session.execute(select(Participant.id).where(Participant.pseudonym == inbound.pseudonym))  # type: ignore[arg-type]
        ).scalar()
        if person is None:
            row = Participant(
                pseudonym=inbound.pseudonym,
                channel="telegram",
                care_status="care_leaver",
                age_band="16-25",
                chat_id_sealed=self.sealer.seal("0"),
                joined_on=date(2026, 1, 1),
            )
            session.add(row)
            await session.flush()
            person = row.id
        assert person is not None
        await issues.raise_issue(
            session, sealer=self.sealer, participant_id=person, now=now, messages=[Written(inbound.text)]
        )
        return replies


async def texts(database: Database, sealer: Sealer) -> tuple[Counter[str], Counter[str]]:
    """Return how many issue messages each token has, and how many of them are anonymised."""
    kept: Counter[str] = Counter()
    done: Counter[str] = Counter()
    async with database.session() as session:
        rows = (
            await session.execute(select(IssueMessage.text_sealed, IssueMessage.redaction_status))  # type: ignore[call-overload]
        ).all()
    for sealed, status in rows:
        if sealed is None:
            continue
        token = sealer.open(sealed)
        kept[token] += 1
        if status == "done":
            done[token] += 1
    return kept, done


def count_texts(result: Tally, traffic: Traffic, kept: Counter[str], done: Counter[str]) -> None:
    """Add the texts to a run's numbers: kept, anonymised, still pending, doubled."""
    result.notes["texts_kept"] = sum(1 for t in traffic.acknowledged if kept[t])
    result.notes["anonymised"] = sum(1 for t in traffic.acknowledged if done[t])
    result.notes["pending"] = sum(kept.values()) - sum(done.values())
    result.notes["texts_doubled"] = sum(1 for n in kept.values() if n > 1)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


async def until(predicate: object, timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while not await predicate():  # type: ignore[operator]
            await asyncio.sleep(0.2)


async def test_a_redaction_process_killed_mid_batch_loses_no_text(fake: FakeBotApi, tmp_path: Path) -> None:
    """Found before: a killed redaction process stopped anonymisation until restart, /readyz stayed 200.

    The pool's process (the real spaCy pipeline, about 200 MB) is killed with SIGKILL while the first
    texts are in its hands; more texts arrive while it is gone. On SQLite only: the pool and its
    replacement do not depend on the database, and each run loads the model twice.
    """
    url = f"sqlite:///{tmp_path / 'heard.db'}"
    db = Database(url)
    await upgrade(db)
    settings = telegram_settings(url, fake, redaction_workers=1)
    sealer = Sealer(settings.secret_keys)
    async with running_heard(settings, TellingEcho(sealer=sealer), OPTIONS) as heard:
        readiness = Readiness(heard, worker="text-worker")
        worker = heard.app[TEXT_WORKER]
        traffic = Traffic(fake, chats=40)
        traffic.burst([heard])
        async with asyncio.timeout(60):
            while not getattr(worker.executor, "_processes", None):
                await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # the batch is in the process's hands (loading the model or working)
        [pid] = list(worker.executor._processes)  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would
        killed = time.monotonic()
        traffic.burst([heard])

        async def all_anonymised() -> bool:
            kept, done = await texts(db, sealer)
            return len(done) >= len(traffic.posted) and sum(kept.values()) == sum(done.values())

        await traffic.settled(timeout=60)
        await until(all_anonymised, timeout=120)
        down = readiness.first(lambda status, state: status == 503 and state == "troubled", after=killed)
        # The last texts can be anonymised a moment before /readyz is next polled as ready again.
        up = await readiness.wait_for(lambda status, state: status == 200, after=down or killed, timeout=60)
        await readiness.stop()
    result = traffic.tally("redaction process killed (sqlite)")
    count_texts(result, traffic, *await texts(db, sealer))
    await db.dispose()
    assert down is not None and down - killed < 30
    assert up is not None and up > down
    result.notes["readyz_503_s"] = round(down - killed, 1)
    result.notes["readyz_200_s"] = round(up - down, 1)
    assert worker.pools_replaced >= 1
    assert (result.lost, result.doubled, result.out_of_order) == (0, 0, 0)
    assert result.replied == result.sent == 80
    assert result.notes["anonymised"] == result.notes["texts_kept"] == 80
    assert (result.notes["pending"], result.notes["texts_doubled"]) == (0, 0)


# --- a full disk: SQLite on a small tmpfs of the test's own, filled to the last byte --------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB tmpfs (needs root, as in CI); skipped with the reason when it cannot be mounted."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(where)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill (needs root): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def fill(where: Path) -> Path:
    """Write a file until the filesystem has no byte left; return it (delete it to free the space)."""
    filler = where / "filler"
    chunk = b"\0" * (1 << 20)
    with open(filler, "wb", buffering=0) as file:
        for size in (1 << 20, 4096, 1):
            try:
                while True:
                    file.write(chunk[:size])
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    return filler


async def test_a_full_disk_refuses_clearly_and_loses_nothing_acknowledged(
    fake: FakeBotApi, small_disk: Path
) -> None:
    """Found before: with the disk full /readyz stayed 200; here nothing acknowledged may be lost.

    SQLite lives on a tmpfs that is filled to the last byte mid-run, for 10 s, then freed.
    The webhook answers 503 while it cannot store an update, and Telegram posts it again until it
    is answered 200; /readyz says "database full" (503) within seconds, and 200 once writes work.
    """
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    url = f"sqlite:///{small_disk / 'heard.db'}"
    database = Database(url)
    await upgrade(database)
    settings = telegram_settings(url, fake, redaction_workers=0)
    sealer = Sealer(settings.secret_keys)
    refused: Counter[int] = Counter()
    async with running_heard(settings, TellingEcho(sealer=sealer), OPTIONS) as heard:
        heard.app[DISK_FULL].window = 5.0  # 15 s in service: ready again 5 s after the last refusal
        readiness = Readiness(heard)
        traffic = Traffic(fake, chats=50)
        traffic.burst([heard])
        await asyncio.sleep(1.0)
        filler = fill(small_disk)
        full = time.monotonic()
        for _ in range(3):
            traffic.burst([heard])
            await asyncio.sleep(0.5)
        probe = await heard.post_update(traffic.factory.text(1, "probe while full"))
        refused[probe.status] += 1
        await asyncio.sleep(8)
        filler.unlink()  # space returns
        freed = time.monotonic()
        traffic.burst([heard])
        await traffic.settled(timeout=90)
        await readiness.wait_for(lambda status, _state: status == 200, after=freed, timeout=30)
        await readiness.stop()
    result = traffic.tally("disk full 10 s (sqlite)")
    count_texts(result, traffic, *await texts(database, sealer))
    await database.dispose()
    down = readiness.first(lambda status, _state: status == 503, after=full)
    up = readiness.first(lambda status, _state: status == 200, after=freed)
    result.notes["answer_while_full"] = next(iter(refused))
    result.notes["readyz_503_s"] = round(down - full, 1) if down is not None else -1
    result.notes["readyz_200_s"] = round(up - freed, 1) if up is not None else -1
    assert (result.lost, result.doubled, result.out_of_order) == (0, 0, 0)
    assert result.replied == result.sent == 250
    assert result.notes["texts_kept"] == 250 and result.notes["texts_doubled"] == 0
    assert refused[503] == 1  # a clear "not now": Telegram posts it again
    assert down is not None and down - full < 30 and up is not None
