"""Rounds handled by hand: listed newest first without numbers, created and closed once, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from feedback import rounds
from feedback.campaigns import RoundPlan
from feedback.db import Database
from feedback.models import AuditEntry
from surveys import Cohort
from tests.feedback.rounds import install_bank, make_round

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
OPENS = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 22, 0, 0, tzinfo=UTC)


async def _audited(db: Database) -> list[tuple[str, str, str | None]]:
    async with db.session() as session:
        rows = await session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.target_id).order_by(AuditEntry.id)  # type: ignore[arg-type]
        )
        return [(str(a), str(b), c) for a, b, c in rows.all()]


async def test_a_round_created_by_hand_is_audited_and_listed_newest_first(db: Database) -> None:
    await install_bank(db, NOW)
    first = await make_round(db, NOW, opens_at=OPENS, closes_at=CLOSES)
    plan = RoundPlan(
        name="Charter check", survey_id="charter-16-25", cohorts=(Cohort("care_leaver", "16-25"),),
        opens_at=OPENS, closes_at=CLOSES,
    )  # fmt: skip
    async with db.session() as session:
        second = await rounds.create_by_hand(session, plan, now=NOW, actor="staff:7")
    assert await _audited(db) == [("staff:7", "round.created", str(second.id))]
    async with db.session() as session:
        listed = await rounds.round_summaries(session)
    assert [r.id for r in listed] == [second.id, first.id]
    assert listed[0] == rounds.RoundSummary(
        id=second.id, name="Charter check", status="scheduled", cohorts=("care_leaver 16-25",),
        opens_at=listed[0].opens_at, closes_at=listed[0].closes_at,
    )  # fmt: skip
    assert listed[1].cohorts == ("in_care 11-15", "in_care 16-17")
    assert listed[0].closes_at.replace(tzinfo=UTC) == CLOSES


async def test_a_round_is_closed_by_hand_once_and_audited_once(db: Database) -> None:
    await install_bank(db, NOW)
    made = await make_round(db, NOW, opens_at=OPENS, closes_at=CLOSES)
    later = OPENS + timedelta(days=2)
    async with db.session() as session:
        closed, closed_now = await rounds.close_by_hand(session, made.id, now=later, actor="cli")
    assert closed_now and closed.status == "closed"
    async with db.session() as session:
        again, closed_again = await rounds.close_by_hand(session, made.id, now=later, actor="cli")
        assert await rounds.round_summaries(session, only_open=True) == []
    assert not closed_again and again.id == made.id
    assert await _audited(db) == [("cli", "round.closed", str(made.id))]
    async with db.session() as session:
        with pytest.raises(LookupError):
            await rounds.close_by_hand(session, made.id + 1, now=later, actor="cli")
