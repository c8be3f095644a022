"""The issues inbox and thread: anonymised text only; reply, close with an outcome, tag, approve a quote.

Replies and outcomes are relayed to the young person in the same transaction
that records them, so a worker never sees "sent" for a message that was not
queued. Every view and action is audited by issue reference.
"""

from __future__ import annotations

from aiohttp import web

from bot.appkeys import DATABASE, PSEUDONYMISER, SEALER
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.relay import outcome_message, relay, reply_message, speaking_to
from bot.portal.render import form_text, page, refuse, whole_number
from bot.portal.words import N_, _
from feedback import audit, issues

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
    config = request.app[PORTAL]
    status = request.query.get("status", "needs_reply")
    status = status if status in STATUS_FILTERS else "needs_reply"
    theme = request.query.get("theme") or None
    risk = request.query.get("risk") or None
    risk = risk if risk in RISK_FILTERS else None
    search = (request.query.get("q") or "").strip()[:100] or None
    async with request.config_dict[DATABASE].session() as session:
        found = await issues.list_issues(session, status=status, theme=theme, risk=risk, search=search)
        await audit.record(
            session,
            actor=current_staff(request).actor,
            action="issues.listed",
            now=config.clock(),
            detail={"shown": len(found), "searched": bool(search)},
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
    config = request.app[PORTAL]
    reference = _reference(request)
    async with request.config_dict[DATABASE].session() as session:
        found = await issues.get_thread(session, reference)
        if found is None:
            raise refuse(request, _("There is no issue with that reference."), 404)
        await audit.record(
            session,
            actor=current_staff(request).actor,
            action="issue.viewed",
            now=config.clock(),
            target_type="issue",
            target_id=reference,
        )
    return await page(
        request,
        "issue.html",
        http_status=400 if problem else 200,
        thread=found,
        notice=notice or request.query.get("done"),
        problem=problem,
        contact=contact,
    )


async def _act(request: web.Request, action: str, detail: dict[str, object] | None = None) -> None:
    """Audit one action on the current issue (in its own short transaction)."""
    config = request.app[PORTAL]
    async with request.config_dict[DATABASE].session() as session:
        await audit.record(
            session,
            actor=current_staff(request).actor,
            action=action,
            now=config.clock(),
            target_type="issue",
            target_id=_reference(request),
            detail=detail,
        )


def _done(request: web.Request, what: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"/staff/issues/{_reference(request)}?done={what}")


async def reply(request: web.Request) -> web.StreamResponse:
    """Record a reply and queue it for the young person."""
    config = request.app[PORTAL]
    now = config.clock()
    text = await form_text(request, "text")
    staff = current_staff(request)
    try:
        async with request.config_dict[DATABASE].session() as session:
            target = await issues.staff_reply(
                session, reference=_reference(request), staff=staff, text=text, now=now
            )
            with speaking_to(target):
                reply = reply_message(target.reference, text)
            await relay(
                session,
                sealer=request.config_dict[SEALER],
                pseudonymiser=request.config_dict[PSEUDONYMISER],
                target=target,
                reply=reply,
                now=now,
                dedup=f"issue-reply:{target.message_id}",
            )
            await audit.record(
                session,
                actor=staff.actor,
                action="issue.replied",
                now=now,
                target_type="issue",
                target_id=target.reference,
            )
    except issues.IssueNotFound:
        raise refuse(request, _("There is no issue with that reference."), 404) from None
    except (issues.NothingToSend, issues.TransitionRefused, issues.RecipientGone) as exc:
        return await thread(request, problem=_explain(exc))
    raise _done(request, "replied")


async def close(request: web.Request) -> web.StreamResponse:
    """Close with an outcome and tell the young person what was done."""
    config = request.app[PORTAL]
    now = config.clock()
    outcome = await form_text(request, "outcome")
    staff = current_staff(request)
    try:
        async with request.config_dict[DATABASE].session() as session:
            target = await issues.close_with_outcome(
                session, reference=_reference(request), staff=staff, outcome=outcome, now=now
            )
            if target is not None:
                with speaking_to(target):
                    told = outcome_message(target.reference, outcome)
                await relay(
                    session,
                    sealer=request.config_dict[SEALER],
                    pseudonymiser=request.config_dict[PSEUDONYMISER],
                    target=target,
                    reply=told,
                    now=now,
                    dedup=f"issue-outcome:{target.message_id}",
                )
            await audit.record(
                session,
                actor=staff.actor,
                action="issue.closed",
                now=now,
                target_type="issue",
                target_id=_reference(request),
                detail={"told": target is not None},
            )
    except issues.IssueNotFound:
        raise refuse(request, _("There is no issue with that reference."), 404) from None
    except (issues.NothingToSend, issues.TransitionRefused) as exc:
        return await thread(request, problem=_explain(exc))
    raise _done(request, "closed")


async def tag(request: web.Request) -> web.StreamResponse:
    """Set the issue's themes from the taxonomy."""
    config = request.app[PORTAL]
    form = await request.post()
    chosen = [str(v) for v in form.getall("theme", []) if isinstance(v, str)]
    try:
        async with request.config_dict[DATABASE].session() as session:
            themes = await issues.tag(
                session,
                reference=_reference(request),
                themes=chosen,
                known=config.theme_names.keys(),
                now=config.clock(),
            )
            await audit.record(
                session,
                actor=current_staff(request).actor,
                action="issue.tagged",
                now=config.clock(),
                target_type="issue",
                target_id=_reference(request),
                detail={"themes": list(themes)},
            )
    except issues.IssueNotFound:
        raise refuse(request, _("There is no issue with that reference."), 404) from None
    except issues.NothingToSend as exc:
        return await thread(request, problem=_explain(exc))
    raise _done(request, "tagged")


async def approve_quote(request: web.Request) -> web.StreamResponse:
    """Approve a sentence of a redacted message for board papers."""
    config = request.app[PORTAL]
    sentence = await form_text(request, "sentence", limit=600)
    message = await form_text(request, "message_id", limit=12)
    try:
        async with request.config_dict[DATABASE].session() as session:
            quote_id = await issues.approve_quote(
                session,
                reference=_reference(request),
                message_id=whole_number(message) or 0,
                sentence=sentence,
                staff=current_staff(request),
                now=config.clock(),
            )
            await audit.record(
                session,
                actor=current_staff(request).actor,
                action="quote.approved",
                now=config.clock(),
                target_type="issue",
                target_id=_reference(request),
                detail={"quote": quote_id},
            )
    except issues.IssueNotFound:
        raise refuse(request, _("There is no issue with that reference."), 404) from None
    except issues.NothingToSend as exc:
        return await thread(request, problem=_explain(exc))
    raise _done(request, "quoted")


async def reveal_contact(request: web.Request) -> web.StreamResponse:
    """Show what the young person chose to share to be contacted by name (audited)."""
    config = request.app[PORTAL]
    async with request.config_dict[DATABASE].session() as session:
        contact = await issues.open_shared_contact(session, request.config_dict[SEALER], _reference(request))
        await audit.record(
            session,
            actor=current_staff(request).actor,
            action="issue.contact_viewed",
            now=config.clock(),
            target_type="issue",
            target_id=_reference(request),
        )
    return await thread(request, contact=contact or "Nothing was shared.")


def _explain(exc: Exception) -> str:
    if isinstance(exc, issues.TransitionRefused):
        return _("This issue is closed, so nothing more can be sent in it.")
    if isinstance(exc, issues.RecipientGone):
        return _("The young person has left Heard, so a reply cannot reach them. You can still close it.")
    return str(exc).capitalize() + "."
