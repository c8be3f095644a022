"""The alert check the scheduler runs every minute: notify new alerts, re-notify overdue urgent ones.

Which alerts are due is decided in ``feedback.safeguarding`` (claimed with a
single UPDATE … RETURNING, so with several replicas each alert is announced
once). If every notifier fails, the claim is undone and the next run tries
again: an alert must never be silently dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.notifier.notice import AlertNotice, AlertNotifier
from feedback.db import Database
from feedback.safeguarding import RENOTIFY_AFTER, claim_notices, release_notices

__all__ = ["RENOTIFY_AFTER", "check_alerts", "send_everywhere"]

log = logging.getLogger(__name__)


async def send_everywhere(notifiers: Sequence[AlertNotifier], notice: AlertNotice) -> int:
    """Send ``notice`` through every notifier; return how many succeeded (failures are logged)."""
    delivered = 0
    for notifier in notifiers:
        try:
            await notifier.send(notice)
        except Exception as exc:
            log.warning(
                "alerts.notify_failed",
                extra={
                    "event": "alerts.notify_failed",
                    "notifier": notifier.name,
                    "exc_type": type(exc).__name__,
                },
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
    async with db.session() as session:
        claimed = await claim_notices(session, now=now, renotify_after=renotify_after)
    if not claimed:
        return None
    notice = AlertNotice(
        new_urgent=sum(1 for _id, level in claimed.new if level == "urgent"),
        new_concern=sum(1 for _id, level in claimed.new if level != "urgent"),
        overdue_urgent=len(claimed.overdue),
        portal_url=portal_url,
    )
    if await send_everywhere(notifiers, notice):
        log.info(
            "alerts.notified",
            extra={"event": "alerts.notified", "count": len(claimed.new) + len(claimed.overdue)},
        )
        return notice
    async with db.session() as session:  # nobody was told: undo the claim so the next run retries
        await release_notices(session, claimed, now=now)
    return None
