"""Small conversation engines for testing channels and workers without the real engine.

They follow the engine's interface (``handle(session, inbound, *, now)``,
writing in the given session, never committing) and keep a record of what
they were asked, so tests can check order and concurrency.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.conversation.types import Button, Inbound, InboundKind, Reply
from feedback.models import JoinAttempt

__all__ = ["EchoEngine", "Handled"]


@dataclass(frozen=True)
class Handled:
    """One call the engine received."""

    pseudonym: str
    kind: InboundKind
    text: str
    unsupported: str | None


@dataclass
class EchoEngine:
    """Answers every text with ``You said: …`` and a button, every button with ``You chose …``.

    ``delay`` makes each call take that long (to observe concurrency);
    ``fail_times`` makes the first calls raise after writing a row (to observe
    rollback); ``write`` leaves a ``JoinAttempt`` row per call (to observe commit).
    """

    delay: float = 0.0
    fail_times: int = 0
    write: bool = False
    replies_per_text: int = 1
    handled: list[Handled] = field(default_factory=list)
    running: int = 0
    most_at_once: int = 0

    async def handle(self, session: AsyncSession, inbound: Inbound, *, now: datetime) -> Sequence[Reply]:
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.write or self.fail_times:
                session.add(
                    JoinAttempt(
                        pseudonym=f"{inbound.pseudonym[:40]}:{len(self.handled)}",
                        failures=1,
                        window_started_at=now,
                    )
                )
                await session.flush()
            if self.fail_times:
                self.fail_times -= 1
                raise RuntimeError("engine failed on purpose")
            self.handled.append(Handled(inbound.pseudonym, inbound.kind, inbound.text, inbound.unsupported))
            if inbound.kind is InboundKind.UNSUPPORTED:
                return [Reply("I can only read text for now.")]
            if inbound.kind is InboundKind.CHOICE:
                return [Reply(f"You chose {inbound.text}")]
            return [
                Reply(
                    f"You said: {inbound.text}" + (f" ({n + 1})" if n else ""),
                    buttons=((Button("OK", "ok"), Button("Menu", "menu")),),
                )
                for n in range(self.replies_per_text)
            ]
        finally:
            self.running -= 1
