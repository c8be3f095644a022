"""The web chat's pages: open the chat (with or without a code), send a message, fetch new messages.

For someone who has joined, each message is one transaction: the inbox row
(so a form sent twice is handled once), then the same turn the inbox worker
runs for a Telegram update (``bot.workers.turns``: the engine's writes, the
replies queued in the outbox, the row marked done) — then one commit; the
page then takes its replies back out of the outbox. Without JavaScript every form posts and the page
reloads (post, redirect, get); with it, the same routes answer in JSON.

For anyone who has not joined and consented, nothing is stored: their turn
runs in a transaction that is rolled back (unless it is the privacy card's
OK, which makes them a member) and the replies are shown straight away. So
the public page cannot be used to fill the database, and help numbers still
reach anyone who asks. Rate limits (``bot.webchat.limits``) answer kindly,
with the help numbers, when a browser or an address goes too fast.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.appkeys import DATABASE, PSEUDONYMISER, SEALER, SETTINGS
from bot.client_address import client_address
from bot.conversation import ConversationEngine, Inbound, InboundKind, Reply
from bot.conversation.actions import parse_action
from bot.conversation.catalogue import BASE, locale_for, say_in
from bot.conversation.flows.join import looks_like_code
from bot.conversation.text import MAX_TEXT, parse_command
from bot.conversation.types import inbound_to_json
from bot.outgoing import open_outgoing
from bot.webchat.identity import (
    LEGACY_COOKIE_NAME,
    WEB,
    Visitor,
    legacy_token,
    new_token,
    read_token,
    remember,
    visitor_for,
)
from bot.webchat.limits import ChatLimits
from bot.webchat.render import as_messages, new_nonce
from bot.workers.handover import ReplyQueue
from bot.workers.turns import Turns
from feedback import inbox
from feedback.db import Session
from feedback.participants import find_member
from feedback.web_delivery import collect_for_chat

__all__ = ["TEMPLATES", "WEBCHAT", "WebChat", "chat_page", "open_chat", "poll", "send"]

log = logging.getLogger(__name__)

TEMPLATES = web.AppKey("webchat_templates", jinja2.Environment)
_NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Browsers say where a navigation came from; only these may be given a new identity cookie.
_OWN_NAVIGATION = frozenset({"none", "same-origin", "same-site"})
PENDING_CODE_COOKIE = "heard_chat_code"  # a code from a link, carried (sealed) across the redirect
CARD_COOKIE = "heard_chat_card"  # the code of a privacy card shown and not yet answered (sealed)


def _card_code(action: str) -> str | None:
    """Return the code an OK button on a privacy card carries (in any language), or None."""
    parsed = parse_action(action)
    if parsed is None or parsed.flow != "consent" or parsed.arg is None:
        return None
    return parsed.arg if parsed.verb == "ok" or parsed.verb.startswith("ok_") else None


def _notice(request: web.Request, name: str, locale: str = BASE) -> str:
    """Return a web chat notice (busy, slow down, something went wrong) with the configured helplines."""
    settings = request.app[SETTINGS]
    phones = {"childline": settings.childline_phone, "samaritans": settings.samaritans_phone}
    return say_in(locale, f"web.{name}", **phones)


@dataclass
class WebChat:
    """What the web chat needs at run time."""

    engine: ConversationEngine
    secure_cookies: bool
    help_numbers: tuple[str, ...]
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    limits: ChatLimits = field(default_factory=ChatLimits)


WEBCHAT = web.AppKey("webchat", WebChat)


def _visitor(request: web.Request, token: str) -> Visitor:
    return visitor_for(token, request.app[PSEUDONYMISER])


def _wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


async def _reader(request: web.Request, visitor: Visitor) -> str:
    """Return the catalogue the page speaks in: the member's language and easy read; English otherwise."""
    async with request.app[DATABASE].session() as session:
        person = await find_member(session, visitor.pseudonym)
    return locale_for(person.language, easy_read=person.easy_read) if person is not None else BASE


def _words(locale: str) -> dict[str, object]:
    """Return what a template needs to speak ``locale``: ``t(key)`` and the page's ``lang``."""
    primary = locale.split("@", 1)[0]
    return {"t": partial(say_in, locale), "lang": "en-GB" if primary == BASE else primary}


def _page(
    request: web.Request, template: str, context: dict[str, Any], status: int = 200, locale: str = BASE
) -> web.Response:
    chat = request.app[WEBCHAT]
    council = request.app[SETTINGS].council_name
    return aiohttp_jinja2.render_template(
        template,
        request,
        {
            **_words(locale),
            "council": council,
            "numbers": chat.help_numbers,
            "childline": request.app[SETTINGS].childline_phone,
            "samaritans": request.app[SETTINGS].samaritans_phone,
            **context,
        },
        app_key=TEMPLATES,
        status=status,
    )


def _fragment(
    request: web.Request, messages: list[dict[str, object]], visitor: Visitor, locale: str = BASE
) -> str:
    return aiohttp_jinja2.render_string(
        "messages.html",
        request,
        {**_words(locale), "messages": messages, "csrf": visitor.csrf},
        app_key=TEMPLATES,
    )


async def _delivered(session: Session, request: web.Request, visitor: Visitor, now: datetime) -> list[Reply]:
    items = await collect_for_chat(session, chat_key=visitor.chat_key, now=now)
    sealer = request.app[SEALER]
    return [open_outgoing(sealer, item).reply for item in items]


def _address(request: web.Request) -> str:
    return client_address(request)


def _tries_code(inbound: Inbound) -> bool:
    """Return True when a message from someone not joined is an invite code attempt."""
    if inbound.kind is not InboundKind.TEXT:
        return False
    command = parse_command(inbound.text)
    if command is not None:
        return command.name == "start" and bool(command.arg)
    return looks_like_code(inbound.text)


async def _is_member(request: web.Request, visitor: Visitor) -> bool:
    async with request.app[DATABASE].session() as session:
        return await find_member(session, visitor.pseudonym) is not None


async def _turn(
    request: web.Request, visitor: Visitor, inbound: Inbound, nonce: str, now: datetime
) -> list[Reply] | None:
    """Handle one message; return its replies for the page to show, or None when they were queued.

    A member's message is stored in the inbox (a form sent twice is a
    duplicate, handled once) and handled as the inbox worker handles a
    Telegram update (``Turns.handle_turn``), in this request's transaction, so
    its replies are in the outbox when the page asks for them. Anyone else's
    turn is rolled back, so it leaves no row, unless it made them a member
    (the privacy card's OK).
    """
    chat = request.app[WEBCHAT]
    update_id = int(request.app[PSEUDONYMISER].pseudonym("web-update", f"{visitor.token}:{nonce}")[:15], 16)
    turns = Turns(
        chat.engine,
        request.app[SEALER],
        request.app[PSEUDONYMISER],
        ReplyQueue(receivers={}, on_pending=None, clock=lambda: now),  # the page collects them itself
        clock=lambda: now,
    )
    async with request.app[DATABASE].session() as session:
        answered: list[Reply] | None = None
        if await find_member(session, visitor.pseudonym) is None:
            answered = list(await turns.answer(session, inbound))
            if await find_member(session, visitor.pseudonym) is None:
                await session.rollback()
                return answered
        item_id = await inbox.accept_one(
            session,
            channel=WEB,
            update_id=update_id,
            chat_key=visitor.chat_key,
            # The inbox's one form for every channel, without the words: they are handled in this request.
            payload_sealed=request.app[SEALER].seal(inbound_to_json(replace(inbound, text=""))),
            now=now,
        )
        if item_id is None and answered is None:
            log.info("webchat.duplicate", extra={"event": "webchat.duplicate"})
            return None
        await turns.handle_turn(session, inbound, item_id=item_id, key=f"web:{update_id}", answered=answered)
    return None


async def _slowed(request: web.Request, visitor: Visitor, notice: str) -> web.Response:
    """Return the kind "please wait" answer, with the help numbers, as page or JSON."""
    log.info("webchat.rate_limited", extra={"event": "webchat.rate_limited"})
    locale = await _reader(request, visitor)
    replies = [Reply(_notice(request, notice, locale))]
    if _wants_json(request):
        html = _fragment(request, as_messages(replies), visitor, locale)
        return web.json_response({"html": html, "count": 1}, status=429, headers={"Retry-After": "60"})
    response = chat_page(request, visitor, replies, status=429, locale=locale)
    response.headers["Retry-After"] = "60"
    return response


async def _identity(request: web.Request) -> tuple[str | None, bool]:
    """Return this browser's token (None: it has none Heard will honour) and whether it is new to it.

    An old unsigned cookie is honoured only if it already belongs to a member,
    so a member keeps their chat when identities became signed, and a made-up
    token is still worthless.
    """
    token = read_token(request, request.app[PSEUDONYMISER])
    if token is not None:
        return token, False
    old = legacy_token(request)
    if old is not None and await _is_member(request, _visitor(request, old)):
        return old, True
    return None, False


async def open_chat(request: web.Request) -> web.StreamResponse:
    """Show the chat; with ``?code=`` start joining, then redirect so the code leaves the address bar."""
    chat = request.app[WEBCHAT]
    token, upgraded = await _identity(request)
    code = request.query.get("code", "").strip()[:32]
    now = chat.clock()
    if token is None:
        if request.headers.get("Sec-Fetch-Site", "") not in _OWN_NAVIGATION:
            # Arrived from another site (a link in a message app): a SameSite=Strict cookie would not
            # have been sent, so making a new one could replace this browser's real identity.
            return _page(request, "landing.html", {"code": code})
        if not chat.limits.new_identity(_address(request), now):
            log.info("webchat.rate_limited", extra={"event": "webchat.rate_limited"})
            return _page(request, "busy.html", {"message": _notice(request, "busy")}, status=429)
        token = new_token()
    visitor = _visitor(request, token)
    secure = chat.secure_cookies or request.secure
    sealer = request.app[SEALER]
    response: web.StreamResponse
    if code:
        member = await _is_member(request, visitor)
        if member:
            inbound = Inbound(
                WEB, visitor.pseudonym, InboundKind.TEXT, text=f"/start {code}", address=visitor.address
            )
            await _turn(request, visitor, inbound, nonce=f"code-{code}-{now:%Y%m%d%H%M}", now=now)
        response = web.Response(status=303, headers={"Location": "/chat#latest"})
        if not member:
            # Nothing is stored for someone who has not joined, so the code waits in a short-lived
            # sealed cookie and is checked when the page it redirects to is shown.
            response.set_cookie(
                PENDING_CODE_COOKIE,
                sealer.seal(code),
                max_age=600,
                path="/chat",
                httponly=True,
                secure=secure,
                samesite="Strict",
            )
    else:
        pending = _pending_code(request)
        if pending:
            response = await _joining(request, visitor, pending, now)
            response.del_cookie(PENDING_CODE_COOKIE, path="/chat")
        else:
            async with request.app[DATABASE].session() as session:
                replies = await _delivered(session, request, visitor, now)
                if not replies:
                    greeting = Inbound(WEB, visitor.pseudonym, InboundKind.TEXT, address=visitor.address)
                    replies = await chat.engine.greet(session, greeting, now=now)
            response = chat_page(request, visitor, replies, locale=await _reader(request, visitor))
    remember(response, token, request.app[PSEUDONYMISER], secure=secure)
    if upgraded:
        response.del_cookie(LEGACY_COOKIE_NAME, path="/chat")
    return response


def _pending_code(request: web.Request) -> str:
    return _sealed_cookie(request, PENDING_CODE_COOKIE)


def _sealed_cookie(request: web.Request, name: str) -> str:
    sealed = request.cookies.get(name, "")
    if not sealed:
        return ""
    try:
        return request.app[SEALER].open(sealed)[:32]
    except Exception:  # expired keys or a forged value: there is simply no code
        return ""


def _remember_card(
    request: web.Request,
    response: web.StreamResponse,
    shown: list[Reply] | None,
    *,
    secure: bool,
    inbound: Inbound | None = None,
) -> None:
    """Keep the code of a privacy card just shown (sealed, in the browser only), or end it.

    Nothing is stored for someone who has not pressed OK, so the browser
    carries the unanswered card: words typed before OK then get the card again
    (``Inbound.card_code``) instead of a request for a code. Joining (``shown``
    is None: the replies were queued), either card button, or typed words
    answered without the card (the code ran out) end it; "Get help now" keeps it.
    """
    codes = [
        code for reply in shown or [] for row in reply.buttons for b in row if (code := _card_code(b.action))
    ]
    if codes:
        response.set_cookie(
            CARD_COOKIE,
            request.app[SEALER].seal(codes[-1]),
            max_age=3600,
            path="/chat",
            httponly=True,
            secure=secure,
            samesite="Strict",
        )
        return
    answered = inbound is not None and (
        inbound.kind is InboundKind.TEXT or inbound.text.startswith("consent:")
    )
    if CARD_COOKIE in request.cookies and (shown is None or answered):
        response.del_cookie(CARD_COOKIE, path="/chat")


async def _joining(request: web.Request, visitor: Visitor, code: str, now: datetime) -> web.Response:
    """Check a code from a link for someone not yet joined and show the answer (the privacy card)."""
    chat = request.app[WEBCHAT]
    if not chat.limits.code(_address(request), visitor.pseudonym, now):
        return await _slowed(request, visitor, "codes_wait")
    inbound = Inbound(
        WEB, visitor.pseudonym, InboundKind.TEXT, text=f"/start {code}", address=visitor.address
    )
    replies = await _turn(request, visitor, inbound, nonce=new_nonce(), now=now)
    shown = replies or []
    if replies is None:
        async with request.app[DATABASE].session() as session:
            replies = await _delivered(session, request, visitor, now)
    response = chat_page(request, visitor, replies, locale=await _reader(request, visitor))
    _remember_card(request, response, shown, secure=chat.secure_cookies or request.secure)
    return response


def chat_page(
    request: web.Request, visitor: Visitor, replies: list[Reply], status: int = 200, locale: str = BASE
) -> web.Response:
    """Return the chat page showing ``replies`` and the message box, in ``locale``."""
    context = {
        "messages": as_messages(replies),
        "csrf": visitor.csrf,
        "max_text": MAX_TEXT,
        "compose_nonce": new_nonce(),
    }
    response = _page(request, "chat.html", context, status=status, locale=locale)
    response.headers["Cache-Control"] = "no-store"
    return response


async def send(request: web.Request) -> web.StreamResponse:
    """Take a typed message or a button press, answer it, and show (or return) the replies."""
    chat = request.app[WEBCHAT]
    token = read_token(request, request.app[PSEUDONYMISER])
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
            WEB,
            visitor.pseudonym,
            InboundKind.TEXT,
            text=text[: MAX_TEXT * 2],
            address=visitor.address,
            card_code=_sealed_cookie(request, CARD_COOKIE),
        )
    else:
        inbound = None
    now = chat.clock()
    address = _address(request)
    typed = inbound is not None and inbound.kind is InboundKind.TEXT
    if inbound is not None and not chat.limits.message(address, visitor.pseudonym, now, typed=typed):
        return await _slowed(request, visitor, "slow_down")
    guessing = inbound is not None and _tries_code(inbound) and not await _is_member(request, visitor)
    if guessing and not chat.limits.code(address, visitor.pseudonym, now):
        return await _slowed(request, visitor, "codes_wait")
    failed = False
    shown: list[Reply] | None = None
    if inbound is not None:
        try:
            shown = await _turn(request, visitor, inbound, nonce, now)
        except Exception as exc:  # the person still gets an answer and the help numbers
            log.error(
                "webchat.turn_failed", extra={"event": "webchat.turn_failed", "exc_type": type(exc).__name__}
            )
            failed = True
    response: web.StreamResponse
    locale = await _reader(request, visitor)  # after the turn: a language chosen now speaks at once
    if not as_json:
        if failed:
            fallback = [Reply(_notice(request, "fallback", locale))]
            return chat_page(request, visitor, fallback, status=500, locale=locale)
        if shown is None:
            response = web.HTTPSeeOther("/chat#latest")
            _remember_card(request, response, None, secure=chat.secure_cookies or request.secure)
            raise response
        response = chat_page(request, visitor, shown, locale=locale)  # not joined: shown here, not queued
    else:
        if shown is not None:
            replies = shown
        else:
            async with request.app[DATABASE].session() as session:
                replies = await _delivered(session, request, visitor, now)
        if failed:
            replies.append(Reply(_notice(request, "fallback", locale)))
        html = _fragment(request, as_messages(replies), visitor, locale)
        response = web.json_response({"html": html, "count": len(replies)})
    if not failed and inbound is not None:
        secure = chat.secure_cookies or request.secure
        _remember_card(request, response, shown, secure=secure, inbound=inbound)
    return response


async def poll(request: web.Request) -> web.StreamResponse:
    """Return messages queued for this chat since the page last looked (worker replies, invites)."""
    token = read_token(request, request.app[PSEUDONYMISER])
    if token is None:
        return web.json_response({"html": "", "count": 0})
    visitor = _visitor(request, token)
    async with request.app[DATABASE].session() as session:
        replies = await _delivered(session, request, visitor, request.app[WEBCHAT].clock())
    locale = await _reader(request, visitor) if replies else BASE
    html = _fragment(request, as_messages(replies), visitor, locale) if replies else ""
    response = web.json_response({"html": html, "count": len(replies)})
    response.headers["Cache-Control"] = "no-store"
    return response
