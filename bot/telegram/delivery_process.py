"""Bot API calls from a child process, so PTB's request building and parsing run on a core of their own.

At load the outbox sender spends much of its time inside PTB: building each
``sendMessage`` request and parsing the ``Message`` that comes back. The
sender stays in the server process and keeps everything that touches the
database (claiming, pacing, retries, marking sent); only the calls move.
``DeliveryProcess`` is a ``Deliver`` like ``TelegramDelivery``: it hands
each message to a child running ``TelegramDelivery`` on PTB's ``Bot`` and
waits for the outcome, which means exactly what it would have meant inline.

The two talk in JSON lines over the child's stdin and stdout; the child logs
to stderr, and its own ``sys.stdout`` points there too, so nothing stray can
corrupt the stream. Server to child: the bot's connection once, then
``{"id", "chat", "reply"}`` per message and ``{"cancel": id}`` when the
sender stops waiting for one. Child to server: ``{"id"}`` once sent, or
``{"id", "retry", "after", "pause_all"}`` / ``{"id", "give_up", "blocked"}``.

Nothing about the child is durable, so nothing is lost with it. If it dies,
every message in its hands is retried later (``DeliveryProcessLost``: like a
network error, the message may or may not have reached Telegram) and the next
message starts a new child. If the server dies, the child reads end of file
and stops at once, abandoning its requests just as the server's own would
have been abandoned.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from bot.outgoing import Outgoing, reply_from_dict, reply_to_dict
from bot.workers.sender import GiveUp, RetryLater

__all__ = ["BotConnection", "DeliveryProcess", "DeliveryProcessExited", "main"]

log = logging.getLogger(__name__)

LINE_LIMIT = 16 * 1024 * 1024  # a reply is at most a few pages of text; a line holds one
LOST = "DeliveryProcessLost"
# Not ``-m``: this module is imported by its package first, which runpy warns about.
CHILD = "from bot.telegram.delivery_process import main; main()"


class DeliveryProcessExited(Exception):
    """The delivery child exited (killed, crashed); the message is its exit code only."""


@dataclass(frozen=True)
class BotConnection:
    """What the child needs to reach the Bot API (sent over its stdin, never on its command line)."""

    token: str
    api_url: str
    connections: int = 256


class DeliveryProcess:
    """Delivers ``Outgoing`` messages through a child process; a ``Deliver`` for ``OutboxSender``."""

    def __init__(
        self,
        connection: BotConnection,
        *,
        restart_pause: float = 1.0,
        command: Sequence[str] | None = None,
        log_level: str = "INFO",
        ready_timeout: float = 60.0,
        call_timeout: float = 120.0,
    ) -> None:
        self.connection = connection
        self.log_level = log_level
        self.ready_timeout = ready_timeout
        self.call_timeout = call_timeout  # longer than every PTB timeout of a call put together
        self.restart_pause = restart_pause
        self.command = tuple(command or (sys.executable, "-c", CHILD))
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._starting = asyncio.Lock()
        self._started_at = -float("inf")
        self._closed = False
        self.starts = 0  # how many children were started (a restart shows here)

    @property
    def pid(self) -> int | None:
        """Return the running child's process id, if there is one."""
        return self._process.pid if self._process is not None else None

    async def start(self) -> None:
        """Start the child now rather than with the first message (it takes a moment to import)."""
        await self._running()

    async def __call__(self, outgoing: Outgoing) -> None:
        """Send ``outgoing``; raises ``RetryLater`` or ``GiveUp`` as ``TelegramDelivery`` would."""
        process = await self._running()
        message_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[message_id] = future
        try:
            job = {"id": message_id, "chat": outgoing.address, "reply": reply_to_dict(outgoing.reply)}
            await self._write(process, job)
            async with asyncio.timeout(self.call_timeout):
                outcome = await future
        except TimeoutError as exc:  # PTB's own timeouts answer well before this; the child is stuck
            with contextlib.suppress(Exception):
                await self._write(process, {"cancel": message_id})
            _log_event("telegram.delivery_process_timeout", logging.WARNING)
            raise RetryLater("DeliveryTimedOut") from exc
        except asyncio.CancelledError:
            if not future.done():  # stop the child's request too, as cancelling it inline would
                with contextlib.suppress(Exception):
                    await asyncio.shield(self._write(process, {"cancel": message_id}))
            raise
        except (ConnectionError, RuntimeError) as exc:  # the pipe broke: the child is gone
            raise RetryLater(LOST) from exc
        finally:
            self._pending.pop(message_id, None)
        _raise_for(outcome)

    async def watch(self) -> None:
        """Keep a child ready: start one if none runs, and raise when it exits.

        Run under a supervisor, a killed child is replaced at once (after the
        usual ``restart_pause``) rather than with the next message, and the
        time it is down shows in ``/readyz``.
        """
        process = await self._running()
        code = await process.wait()
        raise DeliveryProcessExited(f"exit {code}")

    async def close(self) -> None:
        """Stop the child: it sees end of file, abandons what it holds and exits."""
        self._closed = True
        process = self._process
        if process is None:
            return
        if process.stdin is not None and not process.stdin.is_closing():
            process.stdin.close()
        try:
            async with asyncio.timeout(10):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def _running(self) -> asyncio.subprocess.Process:
        if self._process is not None and self._process.returncode is None:
            return self._process
        async with self._starting:
            if self._process is not None and self._process.returncode is None:
                return self._process
            if self._closed:
                raise RetryLater(LOST)
            pause = self._started_at + self.restart_pause - time.monotonic()
            if pause > 0:  # a child that keeps dying must not be restarted in a tight loop
                await asyncio.sleep(pause)
            self._started_at = time.monotonic()
            try:
                process = await asyncio.create_subprocess_exec(
                    *self.command,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    limit=LINE_LIMIT,
                )
            except OSError as exc:
                _log_event("telegram.delivery_process_failed", logging.ERROR, exc_type=type(exc).__name__)
                raise RetryLater(LOST) from exc
            self.starts += 1
            hello = {
                "token": self.connection.token,
                "api_url": self.connection.api_url,
                "connections": self.connection.connections,
                "log_level": self.log_level,
            }
            try:
                await self._write(process, hello)
                await self._until_ready(process)
            except BaseException as exc:  # not ready, or the caller was cancelled: no half-started child
                if process.returncode is None:
                    process.kill()
                if not isinstance(exc, Exception):
                    raise
                await process.wait()
                _log_event("telegram.delivery_process_failed", logging.ERROR, exc_type=type(exc).__name__)
                raise RetryLater(LOST) from exc
            self._process = process
            self._reader = asyncio.create_task(self._read(process), name="telegram delivery results")
            _log_event("telegram.delivery_process_started", logging.INFO, pid=process.pid)
            return process

    async def _until_ready(self, process: asyncio.subprocess.Process) -> None:
        """Wait for the child to say it can send.

        The sender paces messages as it hands them over; messages handed to a
        child still importing would pile up and leave in one burst, which is
        just what pacing is there to prevent.
        """
        assert process.stdout is not None
        async with asyncio.timeout(self.ready_timeout):
            line = await process.stdout.readline()
        if json.loads(line or b"null") != {"ready": True}:
            raise RuntimeError("the delivery process did not start")

    async def _write(self, process: asyncio.subprocess.Process, message: dict[str, Any]) -> None:
        assert process.stdin is not None
        process.stdin.write(json.dumps(message, ensure_ascii=False).encode() + b"\n")
        await process.stdin.drain()

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        """Settle each message as its outcome arrives; when the child is gone, settle the rest."""
        assert process.stdout is not None
        try:
            while line := await process.stdout.readline():
                try:
                    outcome = json.loads(line)
                    future = self._pending.get(int(outcome["id"]))
                except (ValueError, KeyError, TypeError):
                    _log_event("telegram.delivery_process_garbled", logging.WARNING)
                    continue
                if future is not None and not future.done():
                    future.set_result(outcome)
        except (ValueError, ConnectionError) as exc:  # an over-long line, or the pipe broke
            _log_event("telegram.delivery_process_garbled", logging.WARNING, exc_type=type(exc).__name__)
        finally:
            if process.returncode is None and not self._closed:
                process.kill()
            code = await process.wait()
            if not self._closed:
                _log_event("telegram.delivery_process_lost", logging.WARNING, exit_code=code)
            for future in self._pending.values():
                if not future.done():
                    future.set_result({"retry": LOST})


def _raise_for(outcome: dict[str, Any]) -> None:
    if "retry" in outcome:
        after = outcome.get("after")
        raise RetryLater(
            str(outcome["retry"]),
            after=float(after) if after is not None else None,
            pause_all=bool(outcome.get("pause_all")),
        )
    if "give_up" in outcome:
        raise GiveUp(str(outcome["give_up"]), blocked=bool(outcome.get("blocked")))


def _log_event(event: str, level: int, **fields: Any) -> None:
    log.log(level, event, extra={"event": event, **fields})


# --- the child --------------------------------------------------------------------------------


async def _child(stdin: asyncio.StreamReader, out: asyncio.StreamWriter) -> None:
    """Deliver what the server sends until end of file, then abandon whatever is still in hand."""
    from telegram import Bot
    from telegram.error import TelegramError

    from bot.logs import configure_logging
    from bot.telegram.delivery import TelegramDelivery, classify
    from bot.telegram.request import AiohttpRequest

    hello = json.loads(await stdin.readline() or b"null")
    if not isinstance(hello, dict):
        return
    configure_logging(str(hello.get("log_level", "INFO")))
    bot = Bot(
        str(hello["token"]),
        base_url=str(hello["api_url"]),
        request=AiohttpRequest(connections=int(hello.get("connections", 256))),
        get_updates_request=AiohttpRequest(connections=1),  # never used here; spares httpx
    )
    deliver = TelegramDelivery(bot)
    out.write(b'{"ready": true}\n')
    ready = asyncio.Lock()
    tasks: dict[int, asyncio.Task[None]] = {}

    async def one(message_id: int, job: dict[str, Any]) -> None:
        outcome: dict[str, Any] = {"id": message_id}
        try:
            async with ready:
                await bot.initialize()  # once: opens the connection pool and checks the token
            await deliver(Outgoing("telegram", str(job["chat"]), reply_from_dict(job["reply"])))
        except RetryLater as exc:
            outcome |= {"retry": exc.code, "after": exc.after, "pause_all": exc.pause_all}
        except GiveUp as exc:
            outcome |= {"give_up": exc.code, "blocked": exc.blocked}
        except TelegramError as exc:  # from initialize: the same rules as a failed send
            verdict = classify(exc)
            if isinstance(verdict, GiveUp):
                outcome |= {"give_up": verdict.code, "blocked": verdict.blocked}
            else:
                outcome |= {"retry": verdict.code, "after": verdict.after, "pause_all": verdict.pause_all}
        except (KeyError, TypeError, ValueError) as exc:  # a malformed job can never be sent
            outcome |= {"give_up": type(exc).__name__}
        except Exception as exc:  # a bug: retried, bounded, by the sender
            outcome |= {"retry": type(exc).__name__}
        out.write(json.dumps(outcome).encode() + b"\n")

    try:
        while line := await stdin.readline():
            try:
                job = json.loads(line)
                if "cancel" in job:
                    task = tasks.get(int(job["cancel"]))
                    if task is not None:
                        task.cancel()
                    continue
                message_id = int(job["id"])
            except (ValueError, KeyError, TypeError):
                _log_event("telegram.delivery_job_garbled", logging.WARNING)
                continue
            task = asyncio.create_task(one(message_id, job))
            tasks[message_id] = task
            task.add_done_callback(partial(_forget, tasks, message_id))
    finally:
        for task in list(tasks.values()):
            task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)
        with contextlib.suppress(Exception):
            await bot.shutdown()


def _forget(tasks: dict[int, asyncio.Task[None]], message_id: int, _task: asyncio.Task[None]) -> None:
    tasks.pop(message_id, None)


async def _child_streams() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Return the protocol's streams; from here on ``sys.stdout`` writes to stderr."""
    loop = asyncio.get_running_loop()
    protocol_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # a stray print or library banner must not land in the protocol
    reader = asyncio.StreamReader(limit=LINE_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, protocol_out)
    return reader, asyncio.StreamWriter(transport, protocol, None, loop)


def main() -> None:
    """Run as the server's delivery child (``DeliveryProcess`` starts it).

    Interrupts and terminate signals are ignored: Ctrl-C reaches the whole
    process group, and a service manager may signal every process in it. The
    child stops when the server closes its stdin (or dies), not before, so
    the server settles every message it handed over.
    """
    from bot.logs import configure_logging

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    configure_logging("WARNING")

    async def run() -> None:
        reader, writer = await _child_streams()
        await _child(reader, writer)

    asyncio.run(run())


if __name__ == "__main__":
    main()
