"""Survey round pages: list, create (validated, stored as scheduled), see one, close early."""

from __future__ import annotations

import asyncio
from functools import partial

from aiohttp import web

from bot.appkeys import DATABASE, SETTINGS
from bot.portal import rounds
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.counting import shown_rate
from bot.portal.names import cohort_choice
from bot.portal.render import page, refuse, whole_number
from bot.portal.words import _
from feedback.round_rates import round_counts, round_views
from feedback.surveys_store import survey_label
from surveys import Bank, load_bank
from surveys.cohorts import ALL_COHORTS

__all__ = ["close_round", "create_round", "round_list"]


def _bank(request: web.Request) -> Bank:
    return load_bank(request.config_dict[SETTINGS].surveys_dir)


async def round_list(
    request: web.Request, *, problem: str | None = None, draft: rounds.RoundDraft | None = None
) -> web.StreamResponse:
    """List rounds with suppressed counts, and the form for a new one."""
    config = request.app[PORTAL]
    threshold = request.config_dict[SETTINGS].suppression_max
    async with request.config_dict[DATABASE].session() as session:
        found = await rounds.list_rounds(session)
        counts = await round_counts(session, [r.id for r in found])
    # Protected together with the paper's tables and `heard campaign show` for the same round.
    views = await asyncio.get_running_loop().run_in_executor(
        None, partial(round_views, counts, threshold=threshold)
    )
    rows = [
        (
            r,
            views[r.id].total.invited,
            views[r.id].total.completed,
            shown_rate(views[r.id].total.completed_rate),
        )
        for r in found
    ]
    surveys = [(f"{s.id}@{s.version}", f"{survey_label(s)} v{s.version}") for s in _bank(request).surveys]
    cohorts = [(f"{c.care_status}:{c.age_band}", cohort_choice(c)) for c in ALL_COHORTS]
    return await page(
        request,
        "rounds.html",
        http_status=400 if problem else 200,
        rounds=rows,
        surveys=surveys,
        cohorts=cohorts,
        problem=problem,
        draft=draft,
        today=config.clock().date().isoformat(),
        notice=request.query.get("done"),
        threshold=threshold,
    )


def _sentence(problem: str) -> str:
    """Return a problem as a sentence: a capital first letter, the rest as written (titles keep theirs)."""
    return problem[:1].upper() + problem[1:]


async def create_round(request: web.Request) -> web.StreamResponse:
    """Check the form and store the round as scheduled."""
    config = request.app[PORTAL]
    now = config.clock()
    form = await request.post()
    text = {k: str(v)[:1000] for k, v in form.items() if isinstance(v, str)}
    draft = rounds.RoundDraft(
        name=text.get("name", ""),
        survey_key=text.get("survey", ""),
        cohorts=tuple(str(v) for v in form.getall("cohort", []) if isinstance(v, str)),
        opens_on=text.get("opens_on", ""),
        closes_on=text.get("closes_on", ""),
        reminder_days=text.get("reminder_days", "3, 7"),
        invite_text=text.get("invite_text", ""),
        opens_time=text.get("opens_time", ""),
        closes_time=text.get("closes_time", ""),
    )
    staff = current_staff(request)
    try:
        async with request.config_dict[DATABASE].session() as session:
            await rounds.create_round(
                session, draft=draft, bank=_bank(request), now=now, created_by=staff.actor
            )
    except ValueError as exc:
        return await round_list(request, problem=_sentence(str(exc)), draft=draft)
    raise web.HTTPSeeOther("/staff/rounds?done=created")


async def close_round(request: web.Request) -> web.StreamResponse:
    """Close a round early."""
    config = request.app[PORTAL]
    round_id = whole_number(request.match_info["round_id"])
    if round_id is None:
        raise refuse(request, _("There is no such round."), 404)
    async with request.config_dict[DATABASE].session() as session:
        await rounds.close_round(
            session, round_id=round_id, now=config.clock(), closed_by=current_staff(request).actor
        )
    raise web.HTTPSeeOther("/staff/rounds?done=closed")
