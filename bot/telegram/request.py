"""A python-telegram-bot ``BaseRequest`` on aiohttp, the HTTP stack the rest of Heard already runs on.

PTB's default transport (httpx) is several times slower here under load; one
pooled aiohttp ``ClientSession`` keeps connections alive and sends JSON bodies.
Errors never carry the request URL: it contains the bot token.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

__all__ = ["AiohttpRequest"]

_JSON_HEADERS = {"Content-Type": "application/json", "User-Agent": BaseRequest.USER_AGENT}


class AiohttpRequest(BaseRequest):
    """Sends Bot API requests over one pooled aiohttp session.

    ``connections`` bounds simultaneous requests (PTB's ``connection_pool_size``);
    timeouts follow PTB's meaning: ``pool`` waits for a free connection,
    ``connect`` for the TCP/TLS handshake, ``read`` for the answer.
    """

    def __init__(
        self,
        *,
        connections: int = 256,
        connect_timeout: float | None = 5.0,
        read_timeout: float | None = 10.0,
        write_timeout: float | None = 10.0,
        pool_timeout: float | None = 5.0,
    ) -> None:
        self._connections = connections
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """Return the read timeout used when a call does not pass its own."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the connection pool (idempotent)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections, keepalive_timeout=60)
            self._session = aiohttp.ClientSession(connector=connector, raise_for_status=False)

    async def shutdown(self) -> None:
        """Close the connection pool (idempotent)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Return the HTTP status and body of one Bot API call."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized; use it inside 'async with'")
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        write = self._write_timeout if isinstance(write_timeout, DefaultValue) else write_timeout
        connect = self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_sum(pool, connect),
            sock_connect=connect,
            sock_read=_sum(read, write),
        )
        kwargs: dict[str, Any] = {"timeout": timeout}
        if request_data is not None and request_data.contains_files:
            kwargs["data"] = _multipart(request_data)
            kwargs["headers"] = {"User-Agent": self.USER_AGENT}
        elif request_data is not None:
            kwargs["data"] = request_data.json_payload
            kwargs["headers"] = _JSON_HEADERS
        try:
            async with self._session.request(method, url, **kwargs) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut(f"aiohttp.{type(exc).__name__}") from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}") from exc


def _sum(first: float | None, second: float | None) -> float | None:
    if first is None or second is None:
        return None
    return first + second


def _multipart(request_data: RequestData) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        filename, content, mimetype = part
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
