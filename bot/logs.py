"""Logging as one JSON object per line: event names and opaque ids only, never what anyone typed.

One shape for every record, Heard's own and every library's: ``ts``,
``level`` (the standard name: DEBUG, INFO, WARNING, ERROR, CRITICAL),
``logger``, ``msg`` and the ``extra`` fields a caller chose. A field that
would replace one of those four (say ``level`` for a risk level) is kept
beside it as ``extra_level`` instead. Libraries speak only from WARNING up,
whatever Heard's own level; Python warnings go through the same handler.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from feedback.operations import error_code

__all__ = ["configure_logging", "log_failure"]

# Attributes every LogRecord has; anything else was passed through ``extra=`` on purpose.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_OWN = ("bot", "feedback", "anonymiser", "surveys", "heard", "__main__")  # Heard's own loggers
_FIXED = ("ts", "level", "logger", "msg")


class LibrariesAtWarning(logging.Filter):
    """Lets a library's record through only from WARNING up (WeasyPrint alone wrote 44 lines a paper)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Return True for Heard's own records and for anyone's warnings and errors."""
        own = record.name.split(".", 1)[0] in _OWN
        return own or record.levelno >= logging.WARNING


class JsonFormatter(logging.Formatter):
    """Formats records as JSON with the ``extra`` fields the caller chose to include."""

    def __init__(self, *, tracebacks: bool = False) -> None:
        super().__init__()
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD:
                entry[f"extra_{key}" if key in _FIXED else key] = value
        if record.exc_info and record.exc_info[0] is not None:
            # The exception type only: messages can echo user input back.
            entry["exc_type"] = record.exc_info[0].__name__
            if self.tracebacks:
                entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    """One readable line for people at a terminal: ``heard: warning: event (hint)``."""

    def __init__(self, *, tracebacks: bool = False) -> None:
        super().__init__()
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        hint = getattr(record, "hint", None)
        suffix = f": {hint}" if hint else ""
        line = f"heard: {record.levelname.lower()}: {record.getMessage()}{suffix}"
        if self.tracebacks and record.exc_info and record.exc_info[0] is not None:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(level: str = "INFO", *, plain: bool = False, tracebacks: bool = False) -> None:
    """Send logs to stderr (JSON for the service, plain lines for commands); quieten chatty libraries.

    Tracebacks are left out unless ``tracebacks`` (``heard --debug``): their
    last line repeats the exception's message, which can echo what someone typed.
    """
    handler = logging.StreamHandler(sys.stderr)
    formatter = PlainFormatter if plain else JsonFormatter
    handler.setFormatter(formatter(tracebacks=tracebacks))
    handler.addFilter(LibrariesAtWarning())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.captureWarnings(True)  # Python warnings as records in the same format, not raw lines
    # httpx logs full request URLs, which for the Bot API contain the bot token.
    for noisy in ("httpx", "httpcore", "telegram", "apscheduler", "aiohttp.access", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    # At DEBUG, aiosqlite and SQLAlchemy log statements with their parameters: anonymised text,
    # pseudonyms and sealed values. They stay at WARNING whatever the level.
    for leaky in ("aiosqlite", "sqlalchemy", "asyncpg"):
        logging.getLogger(leaky).setLevel(logging.WARNING)


def log_failure(
    log: logging.Logger, event: str, exc: BaseException, level: int = logging.WARNING, **fields: object
) -> None:
    """Log ``event`` on ``log`` with the exception's type and a safe code only, never its message.

    An exception's message can echo what someone wrote, and a database's can
    quote a statement's values; its type and ``error_code`` (SQLSTATE, SQLite
    error name or the type again) cannot. ``fields`` must be as safe: counts,
    codes, never text or ids.
    """
    log.log(
        level,
        event,
        extra={"event": event, "exc_type": type(exc).__name__, "code": error_code(exc), **fields},
    )
