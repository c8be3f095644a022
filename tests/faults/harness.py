"""Traffic for the fault suite: young people writing in, Telegram retrying, and the tally.

``Traffic`` posts text updates to a running Heard's webhook the way Telegram
does: an update that is not answered 200 (503 while the database is away,
or no answer at all) is posted again until it is, and a chat's next update
waits until the one before it is answered (so Heard takes each chat's
updates in the order they were written). The fake Bot API records
what Heard sends back. ``tally`` then counts, per update: sent (posted at
least once), acknowledged (answered 200), replied (its echo reached the
chat), lost (acknowledged, never replied), doubled (replied more than once),
and chats whose replies came out of order.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import ClientError

from tests.fakes.heard import RunningHeard
from tests.fakes.telegram import FakeBotApi
from tests.fakes.updates import UpdateFactory

__all__ = ["RESULTS", "Readiness", "Tally", "Traffic"]

_TOKEN = re.compile(r"You said: (m\d+)")


@dataclass
class Tally:
    """One fault run's numbers."""

    name: str
    sent: int = 0
    acknowledged: int = 0
    replied: int = 0
    lost: int = 0
    doubled: int = 0
    out_of_order: int = 0
    notes: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        extra = "".join(f" {k}={v:g}" for k, v in self.notes.items())
        return (
            f"{self.name}: sent={self.sent} acknowledged={self.acknowledged} replied={self.replied} "
            f"lost={self.lost} doubled={self.doubled} out_of_order_chats={self.out_of_order}{extra}"
        )


RESULTS: list[Tally] = []


class Traffic:
    """Posts updates as Telegram would and remembers which were acknowledged."""

    def __init__(self, fake: FakeBotApi, *, chats: int, first_chat: int = 5000) -> None:
        self.fake = fake
        self.chats = [first_chat + n for n in range(chats)]
        self.factory = UpdateFactory()
        self.posted: dict[str, int] = {}  # token -> chat
        self.order: dict[int, list[str]] = defaultdict(list)
        self.acknowledged: set[str] = set()
        self._chat_turns: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)  # first come, first served
        self._count = 0
        self._tasks: set[asyncio.Task[None]] = set()

    def burst(self, heards: list[RunningHeard], per_chat: int = 1) -> None:
        """Write ``per_chat`` messages in every chat, round-robin over ``heards`` (a load balancer)."""
        for _ in range(per_chat):
            for chat in self.chats:
                token = f"m{self._count}"
                heard = heards[self._count % len(heards)]
                self._count += 1
                self.posted[token] = chat
                self.order[chat].append(token)
                update = self.factory.text(chat, token)
                task = asyncio.create_task(self._deliver(heards, heard, update, token))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _deliver(
        self, heards: list[RunningHeard], heard: RunningHeard, update: dict[str, object], token: str
    ) -> None:
        async with self._chat_turns[self.posted[token]]:
            await self._post(heard, update, token)

    async def _post(self, heard: RunningHeard, update: dict[str, object], token: str) -> None:
        delay = 0.2
        while True:
            try:
                response = await heard.post_update(update)
                if response.status == 200:
                    self.acknowledged.add(token)
                    return
            except (ClientError, OSError):
                pass
            await asyncio.sleep(delay)  # Telegram retries with growing pauses
            delay = min(delay * 2, 2.0)

    async def settled(self, timeout: float) -> None:
        """Wait until every update is acknowledged and has been replied to (or ``timeout``)."""
        try:
            async with asyncio.timeout(timeout):
                while self._tasks or len(self.replies()) < len(self.posted):
                    await asyncio.sleep(0.2)
        except TimeoutError:
            pass
        await asyncio.sleep(1.0)  # anything sent twice shows by now

    def replies(self) -> Counter[str]:
        return Counter(m.group(1) for sent in self.fake.sent if (m := _TOKEN.search(sent.text or "")))

    def tally(self, name: str) -> Tally:
        """Count what happened; the result is also kept for the suite's summary."""
        replies = self.replies()
        by_chat: dict[int, list[str]] = defaultdict(list)
        for sent in self.fake.sent:
            m = _TOKEN.search(sent.text or "")
            if m:
                by_chat[sent.chat_id].append(m.group(1))
        out_of_order = sum(
            1
            for chat, tokens in by_chat.items()
            if _first_seen(tokens) != [t for t in self.order[chat] if t in tokens]
        )
        result = Tally(
            name,
            sent=len(self.posted),
            acknowledged=len(self.acknowledged),
            replied=sum(1 for t in self.posted if replies[t] > 0),
            lost=sum(1 for t in self.acknowledged if replies[t] == 0),
            doubled=sum(1 for t in self.posted if replies[t] > 1),
            out_of_order=out_of_order,
        )
        RESULTS.append(result)
        return result


def _first_seen(tokens: list[str]) -> list[str]:
    seen: list[str] = []
    for token in tokens:
        if token not in seen:
            seen.append(token)
    return seen


class Readiness:
    """Polls ``/readyz`` twice a second, keeping (time, status, the Telegram sender's state)."""

    def __init__(self, heard: RunningHeard, worker: str = "telegram-sender") -> None:
        self.heard = heard
        self.worker = worker
        self.seen: list[tuple[float, int, str | None]] = []
        self._task = asyncio.create_task(self._poll())

    async def _poll(self) -> None:
        while True:
            try:
                async with self.heard.http.get(f"{self.heard.base_url}/readyz") as response:
                    body = await response.json()
                state = body.get("workers", {}).get(self.worker, {}).get("state")
                self.seen.append((time.monotonic(), response.status, state))
            except (ClientError, OSError, ValueError):
                self.seen.append((time.monotonic(), 0, None))
            await asyncio.sleep(0.5)

    def first(self, match: Callable[[int, str | None], bool], *, after: float) -> float | None:
        """Return when ``match(status, state)`` first held after ``after``, or None."""
        return next((at for at, status, state in self.seen if at >= after and match(status, state)), None)

    async def wait_for(
        self, match: Callable[[int, str | None], bool], *, after: float, timeout: float
    ) -> float | None:
        """Wait until ``match(status, state)`` holds after ``after`` (or ``timeout``); return when."""
        deadline = time.monotonic() + timeout
        while (found := self.first(match, after=after)) is None and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        return found

    async def stop(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
