"""Safeguarding alerts: what was said that a safeguarding lead must see, recorded at once.

The raw text is sealed; only the level, categories and the risk check's
reasons (rule, tense, whose: never the words) are readable without a key, so
the alert list can be sorted, counted and explained without exposing anyone's
words. Delivering alerts to leads (and re-notifying) is built on these rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.crypto import Sealer
from feedback.models import Alert

__all__ = ["ALERT_LEVELS", "ALERT_SOURCES", "record_alert"]

ALERT_LEVELS = ("concern", "urgent")
ALERT_SOURCES = ("conversation", "answer", "issue_message")
MAX_REASONS = 12  # reason lines kept per alert, each cut to 200 characters


async def record_alert(
    session: AsyncSession,
    *,
    sealer: Sealer,
    source: str,
    level: str,
    categories: Sequence[str],
    text: str,
    now: datetime,
    participant_id: int | None = None,
    source_id: int | None = None,
    issue_id: int | None = None,
    reasons: Sequence[str] = (),
) -> int:
    """Store an alert with the text sealed and the risk check's ``reasons``; return its id."""
    if level not in ALERT_LEVELS:
        raise ValueError(f"alert level must be one of {ALERT_LEVELS}, not {level!r}")
    if source not in ALERT_SOURCES:
        raise ValueError(f"alert source must be one of {ALERT_SOURCES}, not {source!r}")
    alert = Alert(
        source=source,
        source_id=source_id,
        participant_id=participant_id,
        issue_id=issue_id,
        level=level,
        categories_json=json.dumps(list(categories)),
        text_sealed=sealer.seal(text),
        created_at=now,
        reasons=[str(r)[:200] for r in list(reasons)[:MAX_REASONS]],
    )
    session.add(alert)
    await session.flush()
    assert alert.id is not None
    return alert.id
