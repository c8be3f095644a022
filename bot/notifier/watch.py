"""The alert check the scheduler runs every minute: notify new alerts, re-notify overdue urgent ones.

Alerts are claimed with a single UPDATE … RETURNING, so with several replicas
each alert is announced once. If every notifier fails, the claim is undone and
the next run tries again: an alert must never be silently dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update

from bot.notifier.notice import AlertNotice, AlertNotifier
from feedback.db import Database
from feedback.models import Alert, table_of

__all__ = ["RENOTIFY_AFTER", "check_alerts", "send_everywhere"]

RENOTIFY_AFTER = timedelta(minutes=15)
log = logging.getLogger(__name__)
_alert = table_of(Alert)
_c = _alert.c


async def send_everywhere(notifiers: Sequence[AlertNotifier], notice: AlertNotice) -> int:
    """Send ``notice`` through every notifier; return how many succeeded (failures are logged)."""
    delivered = 0
    for notifier in notifiers:
        try:
            await notifier.send(notice)
        except Exception as exc:
            log.warning(
                "alerts.notify_failed",
                extra={"event": "alerts.notify_failed", "notifier": notifier.name,
                       "exc_type": type(exc).__name__},
            )
        else:
            delivered += 1
    return delivered


async def check_alerts(
    db: Database,
    notifiers: Sequence[AlertNotifier],
    *,
    now: datetime,
    portal_url: str,
    renotify_after: timedelta = RENOTIFY_AFTER,
) -> AlertNotice | None:
    """Announce new alerts and re-announce overdue urgent ones; return what was sent, if anything."""
    if not notifiers:
        return None
    overdue_before = now - renotify_after
    async with db.session() as session:
        new = (
            await session.execute(
                update(_alert).where(_c.notified_at.is_(None)).values(notified_at=now)
                .returning(_c.id, _c.level)
            )
        ).all()
        overdue = (
            await session.execute(
                update(_alert)
                .where(
                    _c.level == "urgent",
                    _c.acknowledged_at.is_(None),
                    _c.notified_at.is_not(None),
                    _c.notified_at < now,
                    _c.created_at <= overdue_before,
                    or_(_c.renotified_at.is_(None), _c.renotified_at <= overdue_before),
                )
                .values(renotified_at=now)
                .returning(_c.id, _c.renotified_at)
            )
        ).all()
    if not new and not overdue:
        return None
    notice = AlertNotice(
        new_urgent=sum(1 for _id, level in new if level == "urgent"),
        new_concern=sum(1 for _id, level in new if level != "urgent"),
        overdue_urgent=len(overdue),
        portal_url=portal_url,
    )
    if await send_everywhere(notifiers, notice):
        log.info("alerts.notified", extra={"event": "alerts.notified", "count": len(new) + len(overdue)})
        return notice
    async with db.session() as session:  # nobody was told: undo the claim so the next run retries
        if new:
            await session.execute(
                update(_alert).where(_c.id.in_([i for i, _ in new]), _c.notified_at == now)
                .values(notified_at=None)
            )
        if overdue:
            await session.execute(
                update(_alert).where(and_(_c.id.in_([i for i, _ in overdue]), _c.renotified_at == now))
                .values(renotified_at=None)
            )
    return None
