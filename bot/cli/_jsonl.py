"""Streaming JSON Lines loop shared by `heard anonymise`, `heard themes` and `heard risk`.

Contract (ARCHITECTURE.md): one output line per input line, in order, flushed
as soon as its input line has been read, so the command works as a co-process.
When more input is already waiting it is read without blocking and handled as
one batch, which lets spaCy's ``nlp.pipe`` do its job.
"""

from __future__ import annotations

import json
import os
import select
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

MAX_BATCH = 64

ProcessBatch = Callable[[Sequence[str]], Sequence[dict[str, Any]]]


class _LineReader:
    """Reads complete lines from a file descriptor, never blocking once a line is in hand."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = bytearray()
        self._eof = False

    def _fill(self, block: bool) -> None:
        if self._eof:
            return
        if not block:
            ready, _, _ = select.select([self._fd], [], [], 0)
            if not ready:
                return
        chunk = os.read(self._fd, 65536)
        if chunk:
            self._buffer.extend(chunk)
        else:
            self._eof = True

    def _pop_lines(self, limit: int) -> list[bytes]:
        lines: list[bytes] = []
        while len(lines) < limit:
            end = self._buffer.find(b"\n")
            if end < 0:
                break
            lines.append(bytes(self._buffer[:end]))
            del self._buffer[: end + 1]
        return lines

    def next_batch(self, limit: int = MAX_BATCH) -> list[bytes] | None:
        """Return up to ``limit`` lines; ``None`` at end of input."""
        lines = self._pop_lines(limit)
        while not lines:
            if self._eof:
                if self._buffer:
                    last = bytes(self._buffer)
                    self._buffer.clear()
                    return [last]
                return None
            self._fill(block=True)
            lines = self._pop_lines(limit)
        # Take whatever else is already waiting, without blocking.
        while len(lines) < limit and not self._eof:
            before = len(self._buffer)
            self._fill(block=False)
            if len(self._buffer) == before:
                break
            lines.extend(self._pop_lines(limit - len(lines)))
        return lines


def parse_text_line(raw: bytes) -> str | dict[str, Any]:
    """Return the ``text`` field of one input line, or an error object for that line."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"error": "line is not valid UTF-8"}
    if not decoded.strip():
        return {"error": 'empty line: expected a JSON object like {"text": "..."}'}
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return {"error": f"invalid JSON: {exc.msg} at column {exc.colno}"}
    if not isinstance(obj, dict):
        return {"error": 'expected a JSON object like {"text": "..."}'}
    text = obj.get("text")
    if not isinstance(text, str):
        return {"error": 'missing or non-string "text" field'}
    return text


def serve_jsonl(process: ProcessBatch, stdin: BinaryIO, stdout: BinaryIO) -> int:
    """Answer every input line on ``stdout`` in order; return the exit status (always 0)."""
    reader = _LineReader(stdin.fileno())
    while True:
        batch = reader.next_batch()
        if batch is None:
            return 0
        parsed = [parse_text_line(line) for line in batch]
        texts = [p for p in parsed if isinstance(p, str)]
        try:
            results = list(process(texts)) if texts else []
        except Exception as exc:  # one bad batch must not end the co-process
            results = [{"error": f"could not process text: {type(exc).__name__}"}] * len(texts)
        answers = iter(results)
        for item in parsed:
            out = next(answers) if isinstance(item, str) else item
            stdout.write(json.dumps(out, ensure_ascii=False).encode("utf-8") + b"\n")
            stdout.flush()
