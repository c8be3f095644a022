"""The issues inbox and thread: anonymised text only; reply, close with an outcome, tag, approve a quote.

Replies and outcomes are relayed to the young person in the same transaction
that records them, so a worker never sees "sent" for a message that was not
queued. Every view and action is audited by issue reference.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from aiohttp import web

from bot.appkeys import DATABASE, PSEUDONYMISER, SEALER
from bot.conversation.types import Reply
from bot.portal.changes import Change, audited, make_change
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.relay import outcome_message, relay, reply_message, speaking_to
from bot.portal.render import form_text, page, refuse, whole_number
from bot.portal.words import N_, _
from feedback import issues
from feedback.db import Session
from feedback.issues import Relay

__all__ = ["approve_quote", "close", "inbox", "reply", "reveal_contact", "tag", "thread"]

STATUS_FILTERS = {
    "needs_reply": N_("Waiting for us"),
    "open": N_("All open"),
    "closed": N_("Closed"),
    "all": N_("Everything"),
}
RISK_FILTERS = ("", "urgent", "concern", "none")


def _reference(request: web.Request) -> str:
    return request.match_info["reference"].strip().upper()


async def inbox(request: web.Request) -> web.StreamResponse:
    """List issues with filters and search; the ones waiting longest first."""
    status = request.query.get("status", "needs_reply")
    status = status if status in STATUS_FILTERS else "needs_reply"
    theme = request.query.get("theme") or None
    risk = request.query.get("risk") or None
    risk = risk if risk in RISK_FILTERS else None
    search = (request.query.get("q") or "").strip()[:100] or None
    async with request.config_dict[DATABASE].session() as session:
        found = await issues.list_issues(session, status=status, theme=theme, risk=risk, search=search)
        await audited(
            request, session, "issues.listed", detail={"shown": len(found), "searched": bool(search)}
        )
    return await page(
        request,
        "issues.html",
        issues=found,
        status=status,
        theme=theme or "",
        risk=risk or "",
        q=search or "",
        status_filters=STATUS_FILTERS,
        risk_filters=RISK_FILTERS,
    )


async def thread(
    request: web.Request, *, notice: str | None = None, problem: str | None = None, contact: str | None = None
) -> web.StreamResponse:
    """Show one thread with the reply, close, tag and quote forms."""
    reference = _reference(request)
    async with request.config_dict[DATABASE].session() as session:
        found = await issues.get_thread(session, reference)
        if found is None:
            raise refuse(request, _("There is no issue with that reference."), 404)
        await audited(request, session, "issue.viewed", target_type="issue", target_id=reference)
    return await page(
        request,
        "issue.html",
        http_status=400 if problem else 200,
        thread=found,
        notice=notice or request.query.get("done"),
        problem=problem,
        contact=contact,
    )


async def _change(
    request: web.Request,
    act: Callable[[Session], Awaitable[Change]],
    *,
    refused: tuple[type[Exception], ...] = (issues.NothingToSend,),
    now: datetime | None = None,
) -> web.StreamResponse:
    """Make and audit a change to the issue in the path, then show its thread with the notice."""
    try:
        done = await make_change(request, act, target_type="issue", target_id=_reference(request), now=now)
    except issues.IssueNotFound:
        raise refuse(request, _("There is no issue with that reference."), 404) from None
    except refused as exc:
        return await thread(request, problem=_explain(exc))
    raise web.HTTPSeeOther(f"/staff/issues/{_reference(request)}?done={done}")


async def reply(request: web.Request) -> web.StreamResponse:
    """Record a reply and queue it for the young person."""
    config = request.app[PORTAL]
    now = config.clock()
    text = await form_text(request, "text")

    async def act(session: Session) -> Change:
        target = await issues.staff_reply(
            session, reference=_reference(request), staff=current_staff(request), text=text, now=now
        )
        with speaking_to(target):
            told = reply_message(target.reference, text)
        await _relay(request, session, target, told, now=now, dedup=f"issue-reply:{target.message_id}")
        return Change("issue.replied", "replied")

    refused = (issues.NothingToSend, issues.TransitionRefused, issues.RecipientGone)
    return await _change(request, act, refused=refused, now=now)


async def close(request: web.Request) -> web.StreamResponse:
    """Close with an outcome and tell the young person what was done."""
    config = request.app[PORTAL]
    now = config.clock()
    outcome = await form_text(request, "outcome")

    async def act(session: Session) -> Change:
        target = await issues.close_with_outcome(
            session, reference=_reference(request), staff=current_staff(request), outcome=outcome, now=now
        )
        if target is not None:
            with speaking_to(target):
                told = outcome_message(target.reference, outcome)
            await _relay(request, session, target, told, now=now, dedup=f"issue-outcome:{target.message_id}")
        return Change("issue.closed", "closed", {"told": target is not None})

    return await _change(request, act, refused=(issues.NothingToSend, issues.TransitionRefused), now=now)


async def _relay(
    request: web.Request, session: Session, target: Relay, reply: Reply, *, now: datetime, dedup: str
) -> None:
    """Queue ``reply`` for the young person behind ``target``, in the change's transaction."""
    await relay(
        session,
        sealer=request.config_dict[SEALER],
        pseudonymiser=request.config_dict[PSEUDONYMISER],
        target=target,
        reply=reply,
        now=now,
        dedup=dedup,
    )


async def tag(request: web.Request) -> web.StreamResponse:
    """Set the issue's themes from the taxonomy."""
    config = request.app[PORTAL]
    form = await request.post()
    chosen = [str(v) for v in form.getall("theme", []) if isinstance(v, str)]

    async def act(session: Session) -> Change:
        themes = await issues.tag(
            session,
            reference=_reference(request),
            themes=chosen,
            known=config.theme_names.keys(),
            now=config.clock(),
        )
        return Change("issue.tagged", "tagged", {"themes": list(themes)})

    return await _change(request, act)


async def approve_quote(request: web.Request) -> web.StreamResponse:
    """Approve a sentence of a redacted message for board papers."""
    config = request.app[PORTAL]
    sentence = await form_text(request, "sentence", limit=600)
    message = await form_text(request, "message_id", limit=12)

    async def act(session: Session) -> Change:
        quote_id = await issues.approve_quote(
            session,
            reference=_reference(request),
            message_id=whole_number(message) or 0,
            sentence=sentence,
            staff=current_staff(request),
            now=config.clock(),
        )
        return Change("quote.approved", "quoted", {"quote": quote_id})

    return await _change(request, act)


async def reveal_contact(request: web.Request) -> web.StreamResponse:
    """Show what the young person chose to share to be contacted by name (audited)."""
    async with request.config_dict[DATABASE].session() as session:
        contact = await issues.open_shared_contact(session, request.config_dict[SEALER], _reference(request))
        await audited(
            request, session, "issue.contact_viewed", target_type="issue", target_id=_reference(request)
        )
    return await thread(request, contact=contact or "Nothing was shared.")


def _explain(exc: Exception) -> str:
    if isinstance(exc, issues.TransitionRefused):
        return _("This issue is closed, so nothing more can be sent in it.")
    if isinstance(exc, issues.RecipientGone):
        return _("The young person has left Heard, so a reply cannot reach them. You can still close it.")
    return str(exc).capitalize() + "."
