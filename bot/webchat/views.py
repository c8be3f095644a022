"""The web chat's pages: open the chat (with or without a code), send a message, fetch new messages.

Each message is one transaction: the inbox row (so a form sent twice is
handled once), the engine's writes, the replies queued in the outbox and,
for the page that asked, those replies taken back out — then one commit.
Without JavaScript every form posts and the page reloads (post, redirect,
get); with it, the same routes answer in JSON.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.appkeys import DATABASE, PSEUDONYMISER, SEALER, SETTINGS
from bot.conversation import ConversationEngine, Inbound, InboundKind, Reply
from bot.conversation.text import MAX_TEXT
from bot.outgoing import open_outgoing, queue_replies
from bot.webchat.identity import WEB, Visitor, new_token, read_token, remember, visitor_for
from bot.webchat.render import as_messages, new_nonce
from feedback import inbox
from feedback.models import InboxItem, table_of
from feedback.web_delivery import collect_for_chat

__all__ = ["TEMPLATES", "WEBCHAT", "WebChat", "chat_page", "open_chat", "poll", "send"]

log = logging.getLogger(__name__)

TEMPLATES = web.AppKey("webchat_templates", jinja2.Environment)
_inbox = table_of(InboxItem).c
_NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Browsers say where a navigation came from; only these may be given a new identity cookie.
_OWN_NAVIGATION = frozenset({"none", "same-origin", "same-site"})
FALLBACK = (
    "Sorry, something went wrong on our side and I couldn't read that message. "
    "Please try again in a little while.\n"
    "If you need to talk to someone now, call Childline free on 0800 1111. In an emergency, call 999."
)


@dataclass
class WebChat:
    """What the web chat needs at run time."""

    engine: ConversationEngine
    secure_cookies: bool
    help_numbers: tuple[str, ...]
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


WEBCHAT = web.AppKey("webchat", WebChat)


def _visitor(request: web.Request, token: str) -> Visitor:
    return visitor_for(token, request.app[PSEUDONYMISER])


def _wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _page(request: web.Request, template: str, context: dict[str, Any], status: int = 200) -> web.Response:
    chat = request.app[WEBCHAT]
    council = request.app[SETTINGS].council_name
    return aiohttp_jinja2.render_template(
        template,
        request,
        {"council": council, "numbers": chat.help_numbers, **context},
        app_key=TEMPLATES,
        status=status,
    )


def _fragment(request: web.Request, messages: list[dict[str, object]], visitor: Visitor) -> str:
    return aiohttp_jinja2.render_string(
        "messages.html",
        request,
        {"messages": messages, "csrf": visitor.csrf},
        app_key=TEMPLATES,
    )


async def _delivered(
    session: AsyncSession, request: web.Request, visitor: Visitor, now: datetime
) -> list[Reply]:
    items = await collect_for_chat(session, chat_key=visitor.chat_key, now=now)
    sealer = request.app[SEALER]
    return [open_outgoing(sealer, item).reply for item in items]


async def _turn(request: web.Request, visitor: Visitor, inbound: Inbound, nonce: str, now: datetime) -> None:
    """Handle one message in the caller's transaction; a form sent twice is handled once."""
    chat = request.app[WEBCHAT]
    update_id = int(request.app[PSEUDONYMISER].pseudonym("web-update", f"{visitor.token}:{nonce}")[:15], 16)
    async with request.app[DATABASE].session() as session:
        sealed = request.app[SEALER].seal(json.dumps({"kind": str(inbound.kind)}))
        fresh = await inbox.accept(
            session,
            channel=WEB,
            update_id=update_id,
            chat_key=visitor.chat_key,
            payload_sealed=sealed,
            now=now,
        )
        if not fresh:
            log.info("webchat.duplicate", extra={"event": "webchat.duplicate"})
            return
        replies = await chat.engine.handle(session, inbound, now=now)
        await queue_replies(
            session,
            sealer=request.app[SEALER],
            pseudonymiser=request.app[PSEUDONYMISER],
            channel=WEB,
            address=visitor.address,
            replies=replies,
            now=now,
            dedup_prefix=f"web:{update_id}",
        )
        stmt = select(_inbox.id).where(_inbox.channel == WEB, _inbox.update_id == update_id)
        item_id = (await session.execute(stmt)).scalar_one()
        await inbox.mark_done(session, item_id, now=now)


async def open_chat(request: web.Request) -> web.StreamResponse:
    """Show the chat; with ``?code=`` start joining, then redirect so the code leaves the address bar."""
    chat = request.app[WEBCHAT]
    token = read_token(request)
    code = request.query.get("code", "").strip()[:32]
    if token is None:
        if request.headers.get("Sec-Fetch-Site", "") not in _OWN_NAVIGATION:
            # Arrived from another site (a link in a message app): a SameSite=Strict cookie would not
            # have been sent, so making a new one could replace this browser's real identity.
            return _page(request, "landing.html", {"code": code})
        token = new_token()
    visitor = _visitor(request, token)
    now = chat.clock()
    if code:
        inbound = Inbound(
            WEB, visitor.pseudonym, InboundKind.TEXT, text=f"/start {code}", address=visitor.address
        )
        await _turn(request, visitor, inbound, nonce=f"code-{code}-{now:%Y%m%d%H%M}", now=now)
        response: web.StreamResponse = web.Response(status=303, headers={"Location": "/chat#latest"})
    else:
        async with request.app[DATABASE].session() as session:
            replies = await _delivered(session, request, visitor, now)
            if not replies:
                greeting = Inbound(WEB, visitor.pseudonym, InboundKind.TEXT, address=visitor.address)
                replies = await chat.engine.greet(session, greeting, now=now)
        response = chat_page(request, visitor, replies)
    remember(response, token, secure=chat.secure_cookies or request.secure)
    return response


def chat_page(
    request: web.Request, visitor: Visitor, replies: list[Reply], status: int = 200
) -> web.Response:
    """Return the chat page showing ``replies`` and the message box."""
    context = {
        "messages": as_messages(replies),
        "csrf": visitor.csrf,
        "max_text": MAX_TEXT,
        "compose_nonce": new_nonce(),
    }
    response = _page(request, "chat.html", context, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


async def send(request: web.Request) -> web.StreamResponse:
    """Take a typed message or a button press, answer it, and show (or return) the replies."""
    chat = request.app[WEBCHAT]
    token = read_token(request)
    as_json = _wants_json(request)
    if token is None:
        if as_json:
            return web.json_response({"error": "reload the page"}, status=401)
        raise web.HTTPSeeOther("/chat")
    visitor = _visitor(request, token)
    form = await request.post()
    if not visitor.csrf_ok(form.get("csrf")):
        log.info("webchat.csrf_refused", extra={"event": "webchat.csrf_refused"})
        raise web.HTTPForbidden(text="This page has expired. Please reload it and try again.")
    nonce = str(form.get("nonce", ""))
    if not _NONCE_RE.match(nonce):
        raise web.HTTPBadRequest(text="This form is missing a piece. Please reload the page.")
    action, text = form.get("action"), form.get("text")
    if isinstance(action, str) and action:
        inbound = Inbound(
            WEB, visitor.pseudonym, InboundKind.CHOICE, text=action[:128], address=visitor.address
        )
    elif isinstance(text, str) and text.strip():
        inbound = Inbound(
            WEB, visitor.pseudonym, InboundKind.TEXT, text=text[: MAX_TEXT * 2], address=visitor.address
        )
    else:
        inbound = None
    now = chat.clock()
    failed = False
    if inbound is not None:
        try:
            await _turn(request, visitor, inbound, nonce, now)
        except Exception as exc:  # the person still gets an answer and the help numbers
            log.error(
                "webchat.turn_failed", extra={"event": "webchat.turn_failed", "exc_type": type(exc).__name__}
            )
            failed = True
    if not as_json:
        if failed:
            return chat_page(request, visitor, [Reply(FALLBACK)], status=500)
        raise web.HTTPSeeOther("/chat#latest")
    async with request.app[DATABASE].session() as session:
        replies = await _delivered(session, request, visitor, now)
    if failed:
        replies.append(Reply(FALLBACK))
    return web.json_response(
        {"html": _fragment(request, as_messages(replies), visitor), "count": len(replies)}
    )


async def poll(request: web.Request) -> web.StreamResponse:
    """Return messages queued for this chat since the page last looked (worker replies, invites)."""
    token = read_token(request)
    if token is None:
        return web.json_response({"html": "", "count": 0})
    visitor = _visitor(request, token)
    async with request.app[DATABASE].session() as session:
        replies = await _delivered(session, request, visitor, request.app[WEBCHAT].clock())
    html = _fragment(request, as_messages(replies), visitor) if replies else ""
    response = web.json_response({"html": html, "count": len(replies)})
    response.headers["Cache-Control"] = "no-store"
    return response
