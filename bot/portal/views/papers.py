"""Board paper pages: board viewers list and download published papers; workers draft, approve, publish.

Four eyes: whoever drafted a paper may not approve it (``HEARD_PAPER_FOUR_EYES``,
checked and audited in ``feedback.papers.library``).

Approving releases a paper's numbers, so it is checked again against every
release since it was drafted (``feedback.papers.library``); a refusal is one
plain sentence on the page.
"""

from __future__ import annotations

from datetime import date

from aiohttp import web

from bot.appkeys import DATABASE, SETTINGS
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.names import cohort_choice, period_words
from bot.portal.render import page, refuse, whole_number
from bot.portal.words import _
from feedback import audit
from feedback.aggregate.facts import CohortFilter
from feedback.aggregate.period import quarter_of
from feedback.papers.library import approve_paper, list_papers, paper_file, publish_paper
from feedback.staff import Role

__all__ = ["download", "draft", "paper_list", "set_status"]

STEPS = ("approve", "publish")
QUARTERS_OFFERED = 6  # the current quarter and the five before it
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "pdf": "application/pdf",
    "csv": "application/zip",
    "md": "text/markdown",
}


def _only_published(request: web.Request) -> bool:
    return current_staff(request).role is Role.BOARD_VIEWER


def period_choices(today: date, count: int = QUARTERS_OFFERED) -> list[tuple[str, str]]:
    """Return the quarters a paper can be drafted for, newest first, as (value, words) pairs.

    A choice instead of a free-text box: only periods Heard can publish are
    offered (the current one is cut to its complete months when drafted).
    """
    quarter = quarter_of(today)
    choices = []
    for _step in range(count):
        start, last = quarter.start, quarter.last
        words = period_words(start.month, last.month, start.year)
        choices.append((quarter.label, words))
        quarter = quarter_of(date.fromordinal(start.toordinal() - 1))
    return choices


def group_choices() -> list[tuple[str, str]]:
    """Return who a paper can cover, as (value, words) pairs; "" is everyone."""
    from surveys.cohorts import ALL_COHORTS

    choices = [("", _("Everyone: children in care and care leavers")), ("in_care", _("Children in care")),
               ("care_leaver", _("Care leavers"))]  # fmt: skip
    return choices + [(f"{c.care_status}:{c.age_band}", cohort_choice(c)) for c in ALL_COHORTS]


async def paper_list(request: web.Request, *, problem: str | None = None) -> web.StreamResponse:
    """List papers with their files; board viewers see published papers only."""
    papers = await list_papers(request.config_dict[DATABASE], only_published=_only_published(request))
    files = {p.id: list(p.files) for p in papers}
    groups = dict(group_choices())
    return await page(
        request,
        "papers.html",
        http_status=400 if problem else 200,
        papers=papers,
        files=files,
        problem=problem,
        notice=_notice(request.query.get("done", "")),
        periods=period_choices(request.app[PORTAL].clock().date()),
        groups=groups,
    )


def _notice(done: str) -> str | None:
    """Return what ``?done=`` may say: a fixed sentence with at most a paper number, never its text."""
    if done in ("approved", "published"):
        return _("Paper approved.") if done == "approved" else _("Paper published.")
    kind, _dash, number = done.partition("-")
    paper_id = whole_number(number)
    if paper_id is None:
        return None
    if kind == "existing":
        return _(
            "Paper %(number)s is already a draft for that period and group, so no second one was made. "
            "It is marked in the list below.",
            number=paper_id,
        )
    return _("Paper %(number)s drafted.", number=paper_id) if kind == "drafted" else None


async def download(request: web.Request) -> web.StreamResponse:
    """Send one rendered file (audited)."""
    config = request.app[PORTAL]
    raw, fmt = request.match_info["paper_id"], request.match_info["format"]
    if whole_number(raw) is None:
        raise refuse(request, _("There is no such paper."), 404)
    db = request.config_dict[DATABASE]
    found = await paper_file(db, int(raw), fmt)
    if found is None or (_only_published(request) and found.status != "published"):
        raise refuse(request, _("There is no such paper."), 404)
    async with db.session() as session:
        await audit.record(
            session,
            actor=current_staff(request).actor,
            action="board_paper.downloaded",
            now=config.clock(),
            target_type="board_paper",
            target_id=int(raw),
            detail={"format": fmt},
        )
    return web.Response(
        body=found.content,
        content_type=CONTENT_TYPES.get(fmt, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )


async def draft(request: web.Request) -> web.StreamResponse:
    """Draft a paper for a period (rendering runs off the event loop)."""
    from feedback.papers import draft_paper
    from feedback.papers.draft import committee_cover

    config = request.app[PORTAL]
    settings = request.config_dict[SETTINGS]
    form = await request.post()
    period = str(form.get("period", "")).strip()[:32]
    cohort = str(form.get("cohort", "")).strip()[:32] or None
    if period not in dict(period_choices(config.clock().date())):
        return await paper_list(request, problem=_("Choose a period from the list."))
    if (cohort or "") not in dict(group_choices()):
        return await paper_list(request, problem=_("Choose who the paper covers from the list."))
    key = CohortFilter.parse(cohort).key
    for existing in await list_papers(request.config_dict[DATABASE], only_published=False):
        same_period = existing.period == period or existing.period.startswith(f"{period},")
        if existing.status == "draft" and same_period and existing.cohort == key:
            # Drafting the same period again opens the draft there is, instead of a silent duplicate.
            raise web.HTTPSeeOther(f"/staff/papers?done=existing-{existing.id}#paper-{existing.id}")
    try:
        paper = await draft_paper(
            request.config_dict[DATABASE],
            period=period,
            cohort=cohort,
            suppression_max=settings.suppression_max,
            now=config.clock(),
            created_by=current_staff(request).actor,
            council=settings.council_name,
            taxonomy_path=settings.taxonomy_path,
            cover=committee_cover(author=settings.paper_author, contact=settings.paper_contact),
            docx_template=settings.paper_template,
        )
    except ValueError as exc:  # a period Heard cannot publish, or numbers too small: one sentence
        return await paper_list(request, problem=_sentence(str(exc)))
    raise web.HTTPSeeOther(f"/staff/papers?done=drafted-{paper.id}")


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


async def set_status(request: web.Request) -> web.StreamResponse:
    """Approve a draft (after the release check), or publish an approved paper to board viewers."""
    config = request.app[PORTAL]
    raw, step = request.match_info["paper_id"], request.match_info["step"]
    if whole_number(raw) is None or step not in STEPS:
        raise refuse(request, _("There is no such paper."), 404)
    staff = current_staff(request)
    db = request.config_dict[DATABASE]
    settings = request.config_dict[SETTINGS]
    try:
        if step == "approve":
            await approve_paper(
                db,
                int(raw),
                now=config.clock(),
                staff_id=staff.id,
                actor=staff.actor,
                threshold=settings.suppression_max,
                taxonomy_path=settings.taxonomy_path,
                four_eyes=settings.paper_four_eyes,
            )
        else:
            await publish_paper(db, int(raw), now=config.clock(), actor=staff.actor)
    except LookupError as exc:
        raise refuse(request, str(exc.args[0]), 409) from None
    except ValueError as exc:
        return await paper_list(request, problem=_sentence(str(exc)))
    raise web.HTTPSeeOther(f"/staff/papers?done={'approved' if step == 'approve' else 'published'}")
