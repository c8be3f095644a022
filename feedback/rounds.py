"""Survey rounds as staff handle them by hand, from the portal or ``heard campaign``: list, create, close.

Both ways in keep the same rules: a round is created or closed by hand
together with its audit entry, in the caller's transaction, and closing a
round that is already closed changes nothing and is not audited again. The
rounds themselves are stored and checked by :mod:`feedback.campaigns`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback import audit, campaigns
from feedback.campaigns import RoundPlan, SurveyRound
from feedback.models import Campaign, table_of

__all__ = ["RoundSummary", "close_by_hand", "create_by_hand", "round_summaries"]

_campaign = table_of(Campaign)


@dataclass(frozen=True)
class RoundSummary:
    """A round as a list shows it: its name, cohorts, times and last recorded status (no numbers)."""

    id: int
    name: str
    status: str  # scheduled | open | closed, as last recorded by the scheduler
    cohorts: tuple[str, ...]  # "in_care 11-15", in the order stored
    opens_at: datetime
    closes_at: datetime


async def round_summaries(session: AsyncSession, *, only_open: bool = False) -> Sequence[RoundSummary]:
    """Return rounds, newest first; ``only_open``: those not closed (scheduled or open)."""
    query = select(_campaign).order_by(_campaign.c.id.desc())
    if only_open:
        query = query.where(_campaign.c.status.in_(["scheduled", "open"]))
    return [
        RoundSummary(
            id=row["id"],
            name=row["name"],
            status=row["status"],
            cohorts=tuple(
                f"{c['care_status']} {c['age_band']}"
                for c in json.loads(row["cohorts_json"])
                if isinstance(c, dict)
            ),
            opens_at=row["opens_at"],
            closes_at=row["closes_at"],
        )
        for row in (await session.execute(query)).mappings().all()
    ]


async def create_by_hand(session: AsyncSession, plan: RoundPlan, *, now: datetime, actor: str) -> SurveyRound:
    """Store a scheduled round and its audit entry; return it (RoundInvalid says what to change)."""
    created = await campaigns.create_round(session, plan, now=now, created_by=actor)
    await audit.record(
        session, actor=actor, action="round.created", now=now, target_type="campaign", target_id=created.id
    )
    return created


async def close_by_hand(
    session: AsyncSession, round_id: int, *, now: datetime, actor: str
) -> tuple[SurveyRound, bool]:
    """Close a round now; return it and whether this closed it (False: it was closed already).

    Only a round this closes is audited. LookupError if there is no such round.
    """
    before = await campaigns.get_round(session, round_id)
    if before.status == "closed":
        return before, False
    closed = await campaigns.close_round(session, round_id, now=now)
    await audit.record(
        session, actor=actor, action="round.closed", now=now, target_type="campaign", target_id=round_id
    )
    return closed, True
