"""Board paper pages: board viewers list and download published papers; workers draft, approve, publish.

Four eyes: whoever drafted a paper may not approve it, so no paper reaches the
board on one person's word. A one-person team can turn this off
(``HEARD_PAPER_FOUR_EYES=off``); each approval's audit entry then says whether
the approver was also the drafter.
"""

from __future__ import annotations

import re

from aiohttp import web
from sqlalchemy import select, update

from bot.appkeys import DATABASE, SETTINGS
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.render import page, refuse, whole_number
from feedback import audit
from feedback.models import BoardPaper, BoardPaperFile, table_of
from feedback.staff import Role

__all__ = ["download", "draft", "paper_list", "set_status"]

_paper = table_of(BoardPaper)
_file = table_of(BoardPaperFile)
NEXT_STATUS = {"approve": ("draft", "approved"), "publish": ("approved", "published")}
_DONE = re.compile(r"^(drafted)-(\d{1,9})$|^(approved|published)$")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "pdf": "application/pdf",
    "csv": "application/zip",
    "md": "text/markdown",
}


def _only_published(request: web.Request) -> bool:
    return current_staff(request).role is Role.BOARD_VIEWER


async def paper_list(request: web.Request, *, problem: str | None = None) -> web.StreamResponse:
    """List papers with their files; board viewers see published papers only."""
    stmt = select(_paper.c.id, _paper.c.period, _paper.c.cohort, _paper.c.status, _paper.c.created_at)
    if _only_published(request):
        stmt = stmt.where(_paper.c.status == "published")
    async with request.config_dict[DATABASE].session() as session:
        papers = (await session.execute(stmt.order_by(_paper.c.id.desc()))).mappings().all()
        files = (await session.execute(select(_file.c.paper_id, _file.c.format, _file.c.filename))).all()
    by_paper: dict[int, list[tuple[str, str]]] = {}
    for paper_id, fmt, filename in files:
        by_paper.setdefault(int(paper_id), []).append((fmt, filename))
    return await page(
        request,
        "papers.html",
        http_status=400 if problem else 200,
        papers=papers,
        files=by_paper,
        problem=problem,
        notice=_notice(request.query.get("done", "")),
    )


def _notice(done: str) -> str | None:
    """Return what ``?done=`` may say: a fixed sentence, with at most a paper number in it."""
    found = _DONE.match(done)
    if found is None:
        return None
    if found[1]:
        return f"Paper {int(found[2])} drafted."
    return f"Paper {found[3]}."


async def download(request: web.Request) -> web.StreamResponse:
    """Send one rendered file (audited)."""
    config = request.app[PORTAL]
    raw, fmt = request.match_info["paper_id"], request.match_info["format"]
    if whole_number(raw) is None:
        raise refuse(request, "There is no such paper.", 404)
    stmt = (
        select(_file.c.filename, _file.c.content, _paper.c.status)
        .join(_paper, _paper.c.id == _file.c.paper_id)
        .where(_file.c.paper_id == int(raw), _file.c.format == fmt)
    )
    async with request.config_dict[DATABASE].session() as session:
        row = (await session.execute(stmt)).first()
        if row is None or (_only_published(request) and row[2] != "published"):
            raise refuse(request, "There is no such paper.", 404)
        await audit.record(
            session,
            actor=current_staff(request).actor,
            action="board_paper.downloaded",
            now=config.clock(),
            target_type="board_paper",
            target_id=int(raw),
            detail={"format": fmt},
        )
    filename, content, _status = row
    return web.Response(
        body=content,
        content_type=CONTENT_TYPES.get(fmt, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def draft(request: web.Request) -> web.StreamResponse:
    """Draft a paper for a period (rendering runs off the event loop)."""
    from feedback.papers import draft_paper

    config = request.app[PORTAL]
    settings = request.config_dict[SETTINGS]
    form = await request.post()
    period = str(form.get("period", "")).strip()[:32]
    cohort = str(form.get("cohort", "")).strip()[:32] or None
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
        )
    except ValueError as exc:
        return await paper_list(request, problem=str(exc).capitalize())
    raise web.HTTPSeeOther(f"/staff/papers?done=drafted-{paper.id}")


async def set_status(request: web.Request) -> web.StreamResponse:
    """Approve a draft, or publish an approved paper to board viewers."""
    config = request.app[PORTAL]
    raw, step = request.match_info["paper_id"], request.match_info["step"]
    if whole_number(raw) is None or step not in NEXT_STATUS:
        raise refuse(request, "There is no such paper.", 404)
    before, after = NEXT_STATUS[step]
    staff = current_staff(request)
    values: dict[str, object] = {"status": after}
    stmt = update(_paper).where(_paper.c.id == int(raw), _paper.c.status == before)
    detail: dict[str, object] = {}
    if step == "approve":
        values.update(approved_by=staff.id, approved_at=config.clock())
        four_eyes = request.config_dict[SETTINGS].paper_four_eyes
        if four_eyes:
            stmt = stmt.where(_paper.c.created_by != staff.actor)
        detail = {"four_eyes": four_eyes}
    refused: str | None = None
    async with request.config_dict[DATABASE].session() as session:
        drafter = (await session.execute(select(_paper.c.created_by).where(_paper.c.id == int(raw)))).scalar()
        result = await session.execute(stmt.values(**values))
        if not result.rowcount:  # type: ignore[attr-defined]
            refused = f"Only a paper that is {before} can be {after}."
            if step == "approve" and drafter == staff.actor and detail.get("four_eyes"):
                refused = "You drafted this paper, so a colleague must approve it."
                await audit.record(
                    session,
                    actor=staff.actor,
                    action="board_paper.approval_refused",
                    now=config.clock(),
                    target_type="board_paper",
                    target_id=int(raw),
                    detail={"reason": "drafter"},
                )
        else:
            if step == "approve":
                detail["approver_drafted"] = drafter == staff.actor
            await audit.record(
                session,
                actor=staff.actor,
                action=f"board_paper.{after}",
                now=config.clock(),
                target_type="board_paper",
                target_id=int(raw),
                detail=detail or None,
            )
    if refused is not None:  # raised after the commit, so the refusal stays in the audit log
        raise refuse(request, refused, 409)
    raise web.HTTPSeeOther(f"/staff/papers?done={after}")
