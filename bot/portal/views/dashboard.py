"""The dashboard: your own work queues exactly, and numbers about young people with small ones hidden.

Two kinds of number are shown, on purpose differently. Operational counts
(issues waiting for a reply, alerts waiting for a safeguarding lead) are
exact, and shown only to staff who may open every item in that queue: the
count tells them nothing the queue does not. Aggregates about young people
(who was invited to a round and who answered) go through disclosure control,
protected together with every other view of the same round.
"""

from __future__ import annotations

import asyncio
from functools import partial

from aiohttp import web

from bot.appkeys import DATABASE, SETTINGS
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.counting import shown_rate
from bot.portal.names import theme_names
from bot.portal.render import page
from bot.portal.rounds import list_rounds
from bot.portal.words import N_, one_of
from feedback import audit, issues, safeguarding
from feedback.round_rates import round_counts, round_views
from feedback.staff import Role

__all__ = ["dashboard"]

# What ``?done=`` may say: a fixed sentence per outcome, never text from the address bar.
NOTICES = {"resent": N_("The messages given up on are queued again; they go out within a minute.")}


async def dashboard(request: web.Request) -> web.StreamResponse:
    """Show each role its own queues exactly and rounds with small numbers hidden."""
    config = request.app[PORTAL]
    threshold = request.config_dict[SETTINGS].suppression_max
    now = config.clock()
    staff = current_staff(request)
    opens_issues = staff.role is Role.PARTICIPATION_WORKER
    opens_alerts = staff.role is Role.SAFEGUARDING_LEAD
    themes: list[tuple[str, str, int]] = []
    waiting = alerts_waiting = overdue = 0
    async with request.config_dict[DATABASE].session() as session:
        rounds = await list_rounds(session, only_open=True)
        counts = await round_counts(session, [r.id for r in rounds])
        if opens_issues:
            found = await issues.open_issue_themes(session)
            named = theme_names(config.theme_names)
            themes = [(code, named.get(code, code), n) for code, n in found.most_common()]
            waiting = len(await issues.list_issues(session, status="needs_reply", limit=10_000))
        if opens_alerts:
            alerts_waiting, overdue = await safeguarding.waiting_counts(
                session, now=now, renotify_after=config.renotify_after
            )
        await audit.record(session, actor=staff.actor, action="dashboard.viewed", now=now)
    views = await asyncio.get_running_loop().run_in_executor(
        None, partial(round_views, counts, threshold=threshold)
    )
    totals = {r.id: views[r.id].total for r in rounds}
    round_rows = [
        (r, totals[r.id].invited, totals[r.id].completed, shown_rate(totals[r.id].completed_rate))
        for r in rounds
    ]
    return await page(
        request,
        "dashboard.html",
        rounds=round_rows,
        themes=themes,
        opens_issues=opens_issues,
        opens_alerts=opens_alerts,
        issues_waiting=waiting,
        alerts_waiting=alerts_waiting,
        alerts_overdue=overdue,
        threshold=threshold,
        notice=one_of(NOTICES, request.query.get("done", "")),
    )
