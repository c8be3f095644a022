"""Where each participant is in the conversation, sealed at rest, so a restart resumes every chat.

The state is opaque JSON text here: the conversation engine owns its shape.
It is sealed because a flow part-way through (a draft message, an answer
being typed) may hold the young person's own words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.crypto import Sealer
from feedback.db import insert_for
from feedback.models import ConversationState, Participant, table_of
from feedback.participants import MEMBER_COLUMNS, Member, member_from_row

__all__ = ["load_places", "load_state", "save_state"]

_state = table_of(ConversationState)
_participant = table_of(Participant)


async def load_state(session: AsyncSession, *, sealer: Sealer, participant_id: int) -> str | None:
    """Return the participant's saved state as JSON text, or None if none was saved."""
    stmt = select(_state.c.state_sealed).where(_state.c.participant_id == participant_id)
    sealed = (await session.execute(stmt)).scalar_one_or_none()
    return None if sealed is None else sealer.open(sealed)


async def load_places(
    session: AsyncSession, *, sealer: Sealer, pseudonyms: Iterable[str]
) -> dict[str, tuple[Member, str | None]]:
    """Return each member among ``pseudonyms`` with their saved state, in one query.

    The worker handles many chats in one transaction; reading everyone's
    place at once saves two round trips per message.
    """
    wanted = sorted(set(pseudonyms))
    if not wanted:
        return {}
    stmt = (
        select(_participant.c.pseudonym, _state.c.state_sealed, *MEMBER_COLUMNS)
        .outerjoin(_state, _state.c.participant_id == _participant.c.id)
        .where(_participant.c.pseudonym.in_(wanted))
    )
    places: dict[str, tuple[Member, str | None]] = {}
    for row in await session.execute(stmt):
        state = None if row.state_sealed is None else sealer.open(row.state_sealed)
        places[row.pseudonym] = (member_from_row(row), state)
    return places


async def save_state(
    session: AsyncSession, *, sealer: Sealer, participant_id: int, state_json: str, now: datetime
) -> None:
    """Seal and store the participant's state, replacing what was there."""
    insert = insert_for(session)
    sealed = sealer.seal(state_json)
    stmt = insert(_state).values(participant_id=participant_id, state_sealed=sealed, updated_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=["participant_id"], set_={"state_sealed": sealed, "updated_at": now}
    )
    await session.execute(stmt)
