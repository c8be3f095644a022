"""The dashboard: open rounds, response rates, open issues by theme, alerts waiting; small numbers hidden."""

from __future__ import annotations

from aiohttp import web

from bot.appkeys import DATABASE, SETTINGS
from bot.portal import safeguarding
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.counting import shown_count, shown_rate
from bot.portal.render import page
from bot.portal.rounds import list_rounds
from feedback import audit, issues
from feedback.staff import Role

__all__ = ["dashboard"]


async def dashboard(request: web.Request) -> web.StreamResponse:
    """Show the counts each role may see, every one through disclosure control."""
    config = request.app[PORTAL]
    threshold = request.config_dict[SETTINGS].suppression_max
    now = config.clock()
    staff = current_staff(request)
    async with request.config_dict[DATABASE].session() as session:
        rounds = await list_rounds(session, only_open=True)
        themes = await issues.open_issue_themes(session)
        waiting = len(await issues.list_issues(session, status="needs_reply", limit=10_000))
        alerts_waiting, overdue = await safeguarding.waiting_counts(
            session, now=now, renotify_after=config.renotify_after
        )
        await audit.record(session, actor=staff.actor, action="dashboard.viewed", now=now)
    round_rows = [
        (r, shown_count(r.invited, threshold), shown_count(r.completed, threshold),
         shown_rate(r.completed, r.invited))
        for r in rounds
    ]
    theme_rows = [
        (code, config.theme_names.get(code, code), shown_count(n, threshold))
        for code, n in themes.most_common()
    ]
    exact_alerts = staff.role is Role.SAFEGUARDING_LEAD  # they see every alert anyway
    return await page(
        request, "dashboard.html",
        rounds=round_rows, themes=theme_rows,
        issues_waiting=shown_count(waiting, threshold),
        alerts_waiting=str(alerts_waiting) if exact_alerts else shown_count(alerts_waiting, threshold),
        alerts_overdue=str(overdue) if exact_alerts else shown_count(overdue, threshold),
        threshold=threshold,
    )
