"""Safeguarding alerts: the list (waiting first, urgent first), one alert with the words as written, actions.

This is the only place in the portal where raw text is opened, and every
opening is audited. Each alert shows why the risk check raised it and how the
young person answered Heard's safety questions. A safeguarding lead can
acknowledge it, record what was done, mark it "not a concern" (with a
reason, counted in the weekly figures), or message the young person through
Heard; the message goes into the thread when the alert came from one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from aiohttp import web

from bot.appkeys import DATABASE, PSEUDONYMISER, SEALER
from bot.portal.changes import Change, audited, make_change
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.relay import relay, reply_message, safeguarding_message, speaking_to
from bot.portal.render import form_text, page, refuse, whole_number
from bot.portal.safeguarding import contact_answer, safe_check_answer
from bot.portal.words import _
from feedback import issues, safeguarding
from feedback.db import Session

__all__ = ["acknowledge", "alert", "alerts", "message", "not_a_concern", "record_action", "waiting"]


def _alert_id(request: web.Request) -> int:
    alert_id = whole_number(request.match_info["alert_id"])
    if alert_id is None:
        raise web.HTTPNotFound()
    return alert_id


async def alerts(request: web.Request) -> web.StreamResponse:
    """List alerts, overdue urgent ones first."""
    config = request.app[PORTAL]
    now = config.clock()
    async with request.config_dict[DATABASE].session() as session:
        rows = await safeguarding.list_alerts(session, now=now, renotify_after=config.renotify_after)
        weeks = await safeguarding.weekly_counts(session, now=now)
        await audited(request, session, "alerts.listed", now=now, detail={"shown": len(rows)})
    return await page(request, "alerts.html", alerts=rows, weeks=weeks, safe_check_answer=safe_check_answer)


async def alert(request: web.Request, *, problem: str | None = None) -> web.StreamResponse:
    """Show one alert with the flagged words and, for an issue, its whole thread as written."""
    config = request.app[PORTAL]
    now = config.clock()
    alert_id = _alert_id(request)
    sealer = request.config_dict[SEALER]
    async with request.config_dict[DATABASE].session() as session:
        row = await safeguarding.get_alert(session, alert_id, now=now, renotify_after=config.renotify_after)
        if row is None:
            raise refuse(request, _("There is no such alert."), 404)
        text = await safeguarding.open_alert_text(session, sealer, alert_id)
        check_reply = await safeguarding.open_check_reply(session, sealer, alert_id)
        issue_id = await safeguarding.issue_id_of(session, alert_id)
        raw = await issues.raw_thread(session, sealer, issue_id) if issue_id is not None else ()
        can_reach = await safeguarding.relay_for_alert(session, alert_id) is not None
        viewed = {"thread_messages": len(raw), "check_reply": check_reply is not None}
        await audited(
            request,
            session,
            "alert.raw_viewed",
            now=now,
            target_type="alert",
            target_id=alert_id,
            detail=viewed,
        )
    return await page(
        request,
        "alert.html",
        http_status=400 if problem else 200,
        alert=row,
        text=text,
        check_reply=check_reply,
        thread=raw,
        can_reach=can_reach,
        problem=problem,
        notice=request.query.get("done"),
        safe_check_answer=safe_check_answer,
        contact_answer=contact_answer,
    )


async def _change(
    request: web.Request, act: Callable[[Session], Awaitable[Change]], now: datetime
) -> web.HTTPSeeOther:
    """Make and audit a change to the alert in the path; return the way back to it with the notice."""
    alert_id = _alert_id(request)
    done = await make_change(request, act, target_type="alert", target_id=alert_id, now=now)
    return web.HTTPSeeOther(f"/staff/alerts/{alert_id}?done={done}")


async def acknowledge(request: web.Request) -> web.StreamResponse:
    """Acknowledge an alert: a lead has it in hand (stops re-notifying)."""
    now = request.app[PORTAL].clock()
    alert_id = _alert_id(request)

    async def act(session: Session) -> Change:
        changed = await safeguarding.acknowledge(
            session, alert_id=alert_id, staff_id=current_staff(request).id, now=now
        )
        return Change("alert.acknowledged", "acknowledged", {"first": changed})

    raise await _change(request, act, now)


async def record_action(request: web.Request) -> web.StreamResponse:
    """Record what was done about an alert."""
    now = request.app[PORTAL].clock()
    alert_id = _alert_id(request)
    note = await form_text(request, "note")
    if not note:
        return await alert(request, problem=_("Write what was done before saving."))

    async def act(session: Session) -> Change:
        await safeguarding.record_action(
            session, alert_id=alert_id, staff_id=current_staff(request).id, note=note, now=now
        )
        return Change("alert.action_recorded", "recorded")

    raise await _change(request, act, now)


async def not_a_concern(request: web.Request) -> web.StreamResponse:
    """Mark an alert "not a concern": a reason is required, and it counts in the weekly false alarms."""
    config = request.app[PORTAL]
    now = config.clock()
    alert_id = _alert_id(request)
    reason = await form_text(request, "reason")
    if not reason:
        return await alert(request, problem=_("Say why this is not a concern before marking it."))

    async def act(session: Session) -> Change:
        found = await safeguarding.get_alert(session, alert_id, now=now, renotify_after=config.renotify_after)
        if found is None:
            raise refuse(request, _("There is no such alert."), 404)
        changed = await safeguarding.mark_not_a_concern(
            session, alert_id=alert_id, staff_id=current_staff(request).id, reason=reason, now=now
        )
        return Change("alert.not_a_concern", "dismissed" if changed else "already", {"first": changed})

    raise await _change(request, act, now)


async def message(request: web.Request) -> web.StreamResponse:
    """Send the young person a message through Heard (into the thread if there is one)."""
    config = request.app[PORTAL]
    now = config.clock()
    alert_id = _alert_id(request)
    text = await form_text(request, "text")
    if not text:
        return await alert(request, problem=_("Write a message before sending."))
    staff = current_staff(request)
    sealer, pseudonymiser = request.config_dict[SEALER], request.config_dict[PSEUDONYMISER]
    async with request.config_dict[DATABASE].session() as session:
        target = await safeguarding.relay_for_alert(session, alert_id)
        if target is None:
            return await alert(request, problem=_("The young person has left Heard; nothing can reach them."))
        with speaking_to(target):
            reply = safeguarding_message(text)
        dedup = f"alert-message:{alert_id}:{now.timestamp()}"
        if target.reference:
            try:  # into the thread, so the worker sees it too
                target = await issues.staff_reply(
                    session,
                    reference=target.reference,
                    staff=staff,
                    text=text,
                    now=now,
                    author="safeguarding",
                )
                with speaking_to(target):
                    reply = reply_message(target.reference, text, from_safeguarding=True)
                dedup = f"issue-reply:{target.message_id}"
            except issues.TransitionRefused:
                pass  # the thread is closed: safety comes first, so send it on its own
        await relay(
            session,
            sealer=sealer,
            pseudonymiser=pseudonymiser,
            target=target,
            reply=reply,
            now=now,
            dedup=dedup,
        )
        await audited(request, session, "alert.messaged", now=now, target_type="alert", target_id=alert_id)
    raise web.HTTPSeeOther(f"/staff/alerts/{alert_id}?done=sent")


async def waiting(request: web.Request) -> web.StreamResponse:
    """Return how many alerts wait (JSON), so an open portal tab can flag new ones."""
    config = request.app[PORTAL]
    async with request.config_dict[DATABASE].session() as session:
        total, overdue = await safeguarding.waiting_counts(
            session, now=config.clock(), renotify_after=config.renotify_after
        )
    return web.json_response({"waiting": total, "overdue": overdue})
