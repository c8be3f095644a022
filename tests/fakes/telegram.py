"""A fake Telegram Bot API server on 127.0.0.1 for tests and benches.

It speaks enough of the Bot API for python-telegram-bot and Heard (getMe,
setWebhook, deleteWebhook, getWebhookInfo, getUpdates, sendMessage,
answerCallbackQuery, editMessageReplyMarkup), records what was sent, and can
misbehave on request: 429 with ``retry_after``, 5xx, dropped connections,
blocked chats, held requests, and Telegram's rate limits (per chat and overall).

    async with FakeBotApi() as fake:
        settings = replace(settings, telegram_api_url=fake.api_url, telegram_token=fake.token)
        ...
        await fake.wait_for_sent(3)
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["BOT_USER", "DEFAULT_TOKEN", "FakeBotApi", "SentMessage"]

DEFAULT_TOKEN = "123456:TEST-token-for-the-fake-bot-api_xyz"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Heard",
    "username": "HeardTestBot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass(frozen=True)
class SentMessage:
    """A message the fake accepted, in the order it accepted them."""

    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None
    message_id: int
    at: float  # time.monotonic() when accepted

    @property
    def callback_data(self) -> list[str]:
        """Return every button's callback data, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b["callback_data"] for row in rows for b in row if "callback_data" in b]

    @property
    def urls(self) -> list[str]:
        """Return every URL button's link."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b["url"] for row in rows for b in row if "url" in b]


@dataclass
class _Fault:
    status: int
    retry_after: int | None
    description: str
    drop: bool = False


@dataclass
class _Window:
    limit: int
    seconds: float
    hits: deque[float] = field(default_factory=deque)

    def admit(self, now: float) -> float | None:
        """Record a hit, or return how long until one would be admitted."""
        while self.hits and self.hits[0] <= now - self.seconds:
            self.hits.popleft()
        if len(self.hits) >= self.limit:
            return self.hits[0] + self.seconds - now
        self.hits.append(now)
        return None


class FakeBotApi:
    """The fake server; start it with ``async with`` (or ``start()``/``close()``)."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        chat_limit: tuple[int, float] | None = None,
        overall_limit: tuple[int, float] | None = None,
        send_delay: float = 0.0,
    ) -> None:
        self.token = token
        self.chat_limit = chat_limit
        self.overall_limit = overall_limit
        self.send_delay = send_delay
        self.sent: list[SentMessage] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.call_times: list[tuple[str, float]] = []  # (method, time.monotonic()) per call
        self.callback_answers: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] | None = None
        self.rejected_429 = 0
        self.abandoned = 0  # held sends answered 502 on release (never delivered)
        self.listeners: list[Callable[[SentMessage], None]] = []
        self._faults: dict[str, deque[_Fault]] = defaultdict(deque)
        self._blocked: set[int] = set()
        self._chat_windows: dict[int, _Window] = {}
        self._overall_window = _Window(*overall_limit) if overall_limit else None
        self._updates: list[dict[str, Any]] = []
        self._updates_changed = asyncio.Event()
        self._sent_changed = asyncio.Event()
        self._gate: asyncio.Event | None = None
        self.held = 0
        self._next_message_id = 1
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> FakeBotApi:
        """Listen on a free port on 127.0.0.1."""
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        """Stop listening; held requests are released first."""
        self.release()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    @property
    def api_url(self) -> str:
        """Return the value for ``HEARD_TELEGRAM_API_URL``."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- misbehaviour ----------------------------------------------------------------------
    def fail(
        self,
        method: str,
        status: int = 500,
        *,
        times: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error."""
        text = description or ("Too Many Requests" if status == 429 else "Internal Server Error")
        for _ in range(times):
            self._faults[method].append(_Fault(status, retry_after, text))

    def drop(self, method: str, *, times: int = 1) -> None:
        """Close the connection without answering the next ``times`` calls of ``method``."""
        for _ in range(times):
            self._faults[method].append(_Fault(0, None, "", drop=True))

    def block(self, chat_id: int) -> None:
        """Behave as if the user of ``chat_id`` blocked the bot."""
        self._blocked.add(chat_id)

    def hold(self) -> None:
        """Make sendMessage hang, undelivered, until ``release()`` (then it answers 502).

        This is a request lost on the way to Telegram, e.g. when the sender's
        process is killed mid-call; ``held`` and ``abandoned`` count them.
        """
        self._gate = asyncio.Event()

    def release(self) -> None:
        """Let held sendMessage calls finish."""
        if self._gate is not None:
            self._gate.set()
            self._gate = None

    # -- updates for getUpdates ------------------------------------------------------------
    def queue_update(self, update: dict[str, Any]) -> None:
        """Offer ``update`` to the next getUpdates call."""
        self._updates.append(update)
        self._updates_changed.set()

    @property
    def pending_updates(self) -> int:
        """Return how many queued updates have not been confirmed by a later offset."""
        return len(self._updates)

    # -- observing -------------------------------------------------------------------------
    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Return the messages sent to ``chat_id``, in order."""
        return [m for m in self.sent if m.chat_id == chat_id]

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        """Return the parameters of every call of ``method``, in order."""
        return [params for name, params in self.calls if name == method]

    async def wait_for_sent(self, count: int, timeout: float = 10.0) -> list[SentMessage]:
        """Wait until at least ``count`` messages were sent; return them all."""
        await self.wait_until(lambda: len(self.sent) >= count, timeout)
        return list(self.sent)

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` holds after some call; raise ``TimeoutError`` otherwise."""
        async with asyncio.timeout(timeout):
            while not predicate():
                self._sent_changed.clear()
                await self._sent_changed.wait()

    # -- the API ---------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        self.calls.append((method, params))
        self.call_times.append((method, time.monotonic()))
        try:
            fault = self._faults[method].popleft() if self._faults[method] else None
            if fault is not None and fault.drop:
                assert request.transport is not None
                request.transport.close()
                return web.Response(status=500)
            if fault is not None:
                return _error(fault.status, fault.description, retry_after=fault.retry_after)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                return _error(404, "Not Found: method not found")
            return await handler(request, params)
        finally:
            self._sent_changed.set()

    async def _api_getMe(self, _request: web.Request, _params: dict[str, Any]) -> web.Response:
        return _ok(BOT_USER)

    async def _api_setWebhook(self, _request: web.Request, params: dict[str, Any]) -> web.Response:
        self.webhook = params
        return _ok(True)

    async def _api_deleteWebhook(self, _request: web.Request, params: dict[str, Any]) -> web.Response:
        self.webhook = None
        if _bool(params.get("drop_pending_updates")):
            self._updates.clear()
        return _ok(True)

    async def _api_getWebhookInfo(self, _request: web.Request, _params: dict[str, Any]) -> web.Response:
        url = (self.webhook or {}).get("url", "")
        return _ok({"url": url, "has_custom_certificate": False, "pending_update_count": 0})

    async def _api_getUpdates(self, _request: web.Request, params: dict[str, Any]) -> web.Response:
        if self.webhook is not None:
            return _error(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        wait = min(float(params.get("timeout") or 0), 2.0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and wait > 0:
            self._updates_changed.clear()
            try:
                async with asyncio.timeout(wait):
                    await self._updates_changed.wait()
            except TimeoutError:
                pass
        return _ok(self._updates[:limit])

    async def _api_sendMessage(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        chat_id = int(params["chat_id"])
        if self._gate is not None:
            # A held call never delivers: it models a request that dies before Telegram takes it.
            self.held += 1
            self._sent_changed.set()
            try:
                await self._gate.wait()
            finally:
                self.abandoned += 1
            return _error(502, "Bad Gateway")
        if self.send_delay:
            await asyncio.sleep(self.send_delay)
        if chat_id in self._blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        wait = self._admit(chat_id)
        if wait is not None:
            self.rejected_429 += 1
            retry_after = max(1, math.ceil(wait))
            return _error(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)
        text = str(params.get("text", ""))
        if not text or len(text.encode("utf-16-le")) // 2 > 4096:
            return _error(400, "Bad Request: message text is empty or too long")
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        message_id = self._next_message_id
        self._next_message_id += 1
        message = SentMessage(chat_id, text, markup, message_id, time.monotonic())
        self.sent.append(message)
        for listener in self.listeners:
            listener(message)
        result: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }
        if markup:
            result["reply_markup"] = markup
        return _ok(result)

    async def _api_answerCallbackQuery(self, _request: web.Request, params: dict[str, Any]) -> web.Response:
        self.callback_answers.append(params)
        return _ok(True)

    async def _api_editMessageReplyMarkup(
        self, _request: web.Request, _params: dict[str, Any]
    ) -> web.Response:
        return _ok(True)

    def _admit(self, chat_id: int) -> float | None:
        now = time.monotonic()
        waits = []
        if self.chat_limit is not None:
            window = self._chat_windows.setdefault(chat_id, _Window(*self.chat_limit))
            waits.append(window.admit(now))
        if self._overall_window is not None and not any(w is not None for w in waits):
            waits.append(self._overall_window.admit(now))
            if waits[-1] is not None and self.chat_limit is not None:
                self._chat_windows[chat_id].hits.pop()  # not sent after all
        return max((w for w in waits if w is not None), default=None)


async def _params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        else:
            params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return params


def _bool(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _ok(result: object) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(status: int, description: str, *, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)
