"""Helpers for conversation tests: row counts, reply inspection, joining in one go."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import SQLModel

from bot.conversation import Reply
from bot.conversation.collecting import CollectingChannel
from feedback.db import Database


async def count(db: Database, model: type[SQLModel], **where: Any) -> int:
    """Return how many rows of ``model`` match ``where`` (column=value pairs)."""
    stmt = select(func.count()).select_from(model)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    async with db.session() as session:
        return int((await session.execute(stmt)).scalar_one())


def actions(replies: list[Reply]) -> set[str]:
    """Return every button action offered in ``replies``."""
    return {b.action for r in replies for row in r.buttons for b in row}


def said(replies: list[Reply]) -> str:
    """Return all reply texts joined, for asserting on wording."""
    return "\n".join(r.text for r in replies)


async def join(channel: CollectingChannel, code: str) -> list[Reply]:
    """Join with ``code`` and press OK; return the replies to OK."""
    card = await channel.send(f"/start {code}")
    ok = [a for a in actions(card) if a.startswith("consent:ok:")]
    assert ok, f"no OK button in {card!r}"
    return await channel.press(ok[0])


async def press_offered(channel: CollectingChannel, replies: list[Reply], prefix: str) -> list[Reply]:
    """Press the button offered in ``replies`` whose action starts with ``prefix``; return the replies."""
    found = sorted(a for a in actions(replies) if a.startswith(prefix))
    assert found, f"no {prefix!r} button in {replies!r}"
    return await channel.press(found[0])
