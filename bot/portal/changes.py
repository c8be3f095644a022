"""A staff member's change to one item, made and written in the audit log in the same transaction.

Web plumbing only: the rules stay in the feedback service that a view's change
calls. This module names who did it (the signed-in account) and when (the
portal's clock), so each view says only what it changes and which notice follows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web

from bot.appkeys import DATABASE
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from feedback import audit
from feedback.db import Session

__all__ = ["Change", "audited", "make_change"]


@dataclass(frozen=True, slots=True)
class Change:
    """What a change did: the audit entry's action and detail, and the word for the notice after it."""

    action: str
    done: str
    detail: Mapping[str, object] | None = None


async def audited(
    request: web.Request,
    session: Session,
    action: str,
    *,
    now: datetime | None = None,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: Mapping[str, object] | None = None,
) -> None:
    """Record the signed-in staff member's ``action`` in the caller's transaction.

    ``now`` is the time the view already read for the change itself; without
    it the entry takes the portal clock's time as it is written.
    """
    await audit.record(
        session,
        actor=current_staff(request).actor,
        action=action,
        now=request.app[PORTAL].clock() if now is None else now,
        target_type=target_type,
        target_id=target_id,
        detail=detail,
    )


async def make_change(
    request: web.Request,
    act: Callable[[Session], Awaitable[Change]],
    *,
    target_type: str,
    target_id: str | int,
    now: datetime | None = None,
) -> str:
    """Return the notice word after ``act`` and its audit entry are committed together.

    A domain error from ``act`` rolls both back and reaches the view, which
    turns it into its own page.
    """
    async with request.config_dict[DATABASE].session() as session:
        change = await act(session)
        await audited(
            request,
            session,
            change.action,
            now=now,
            target_type=target_type,
            target_id=target_id,
            detail=change.detail,
        )
    return change.done
