"""Survey comments: anonymised free-text answers, filtered; correct themes, approve a quote, link an action.

Workers read what young people wrote in surveys here, as they read issues:
anonymised words only, cohorts named only for groups big enough to publish.
Every view and change is audited by answer id. After a change the worker
returns to the same filtered list, at the comment they changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from aiohttp import web

from bot.appkeys import DATABASE
from bot.portal.changes import Change, audited, make_change
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.render import form_text, page, refuse, whole_number
from bot.portal.words import _
from feedback import comments
from feedback.db import Session
from surveys.cohorts import read_cohort

__all__ = ["approve_quote", "comment_list", "link_action", "set_themes"]

_FILTERS = ("round", "survey", "question", "promise", "cohort", "theme", "sentiment")


def _one_cohort(key: str) -> tuple[str, str] | None:
    try:
        status, band = read_cohort(key)
    except ValueError:
        return None
    return (status, band) if band else None


def _wanted(query: dict[str, str]) -> comments.CommentFilter:
    """Return the filter the query asks for; anything malformed counts as "any"."""
    sentiment = query.get("sentiment") or None
    return comments.CommentFilter(
        round_id=whole_number(query.get("round", "")),
        survey=query.get("survey") or None,
        question=query.get("question") or None,
        promise=query.get("promise") or None,
        cohort=_one_cohort(query.get("cohort", "")),
        theme=query.get("theme") or None,
        sentiment=sentiment if sentiment in comments.SENTIMENTS else None,
    )


async def comment_list(request: web.Request, *, problem: str | None = None) -> web.StreamResponse:
    """List survey comments with the filters, and the worker's forms beside each."""
    # After a refused change the filters come back in the form, so the list stays as the worker had it.
    source = request.query if request.method == "GET" else await request.post()
    query = {key: str(source.get(key, ""))[:100] for key in _FILTERS}
    async with request.config_dict[DATABASE].session() as session:
        found = await comments.list_comments(session, _wanted(query))
        choices = await comments.comment_choices(session)
        filters = sorted(k for k, v in query.items() if v)
        await audited(request, session, "comments.listed", detail={"shown": len(found), "filters": filters})
    return await page(
        request,
        "comments.html",
        http_status=400 if problem else 200,
        comments=found,
        choices=choices,
        query=query,
        sentiments=comments.SENTIMENTS,
        back=urlencode({k: v for k, v in query.items() if v}),
        problem=problem,
        notice=request.query.get("done"),
    )


def _answer_id(request: web.Request) -> int:
    found = whole_number(request.match_info["answer_id"])
    if found is None:
        raise web.HTTPNotFound()
    return found


async def _back(request: web.Request, what: str) -> web.HTTPSeeOther:
    """Return to the list the worker came from (only our own filter names are carried over)."""
    form = await request.post()
    kept = {key: str(form.get(key, ""))[:100] for key in _FILTERS if form.get(key)}
    kept["done"] = what
    return web.HTTPSeeOther(f"/staff/comments?{urlencode(kept)}#c{_answer_id(request)}")


async def _change(request: web.Request, act: Callable[[Session], Awaitable[Change]]) -> web.StreamResponse:
    """Make and audit a change to the comment in the path, then go back to the list at that comment."""
    try:
        done = await make_change(request, act, target_type="answer", target_id=str(_answer_id(request)))
    except comments.CommentNotFound:
        raise refuse(request, _("There is no comment with that number."), 404) from None
    except comments.CommentRefused as exc:
        return await comment_list(request, problem=str(exc).capitalize() + ".")
    raise await _back(request, done)


async def set_themes(request: web.Request) -> web.StreamResponse:
    """Correct a comment's themes; the correction is kept for retraining the theme model."""
    config = request.app[PORTAL]
    form = await request.post()
    chosen = [str(v) for v in form.getall("theme", []) if isinstance(v, str)]
    answer_id = _answer_id(request)

    async def act(session: Session) -> Change:
        themes = await comments.correct_comment_themes(
            session, answer_id=answer_id, themes=chosen, known=config.theme_names.keys(), now=config.clock()
        )
        return Change("comment.tagged", "tagged", {"themes": list(themes)})

    return await _change(request, act)


async def approve_quote(request: web.Request) -> web.StreamResponse:
    """Approve a sentence of a comment as a quote for board papers."""
    config = request.app[PORTAL]
    sentence = await form_text(request, "sentence", limit=600)
    answer_id = _answer_id(request)

    async def act(session: Session) -> Change:
        quote_id = await comments.approve_comment_quote(
            session, answer_id=answer_id, sentence=sentence, staff=current_staff(request), now=config.clock()
        )
        return Change("quote.approved", "quoted", {"comment_quote": quote_id})

    return await _change(request, act)


async def link_action(request: web.Request) -> web.StreamResponse:
    """Link a comment to the issue whose outcome answers it ("you said, we did"), or unlink it."""
    config = request.app[PORTAL]
    reference = await form_text(request, "reference", limit=16)
    answer_id = _answer_id(request)

    async def act(session: Session) -> Change:
        linked = await comments.link_comment_action(
            session,
            answer_id=answer_id,
            reference=reference,
            staff=current_staff(request),
            now=config.clock(),
        )
        return Change("comment.action_linked", "linked" if linked else "unlinked", {"issue": linked})

    return await _change(request, act)
