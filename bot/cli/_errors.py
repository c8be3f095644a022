"""Errors the CLI reports as one line instead of a traceback, including its own bugs."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

__all__ = ["BUG_EXIT", "UserError", "report_bug"]

BUG_EXIT = 70  # EX_SOFTWARE: an internal error, told apart from a mistake (2) or a refusal (1)
_OURS = ("anonymiser", "bot", "feedback", "surveys")
_ROOT = Path(__file__).resolve().parents[2]


class UserError(Exception):
    """A mistake the person running the command can fix; the message says how."""


def _where(exc: BaseException) -> str:
    """Return ``path:line`` of the innermost frame in Heard's own code (else the innermost of all)."""
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(_ROOT) and path.relative_to(_ROOT).parts[0] in _OURS:
            return f"{path.relative_to(_ROOT).as_posix()}:{frame.lineno}"
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "unknown"


def report_bug(exc: Exception, *, debug: bool) -> int:
    """Tell the person that Heard failed, in one line and a hint; log the traceback only with ``--debug``.

    The line names the exception's type and where it happened, never its
    message: messages can repeat database values or what a young person wrote.
    """
    print(f"heard: error: unexpected {type(exc).__name__} at {_where(exc)}", file=sys.stderr)
    if debug:
        logging.getLogger("heard").error("cli.bug", exc_info=exc, extra={"event": "cli.bug"})
        hint = "this is a bug; please report it with the output of 'heard --version' and the traceback above"
    else:
        hint = (
            "this is a bug; please report it with the output of 'heard --version' "
            "(run the command again as 'heard --debug ...' to log the traceback too)"
        )
    print(f"heard: {hint}", file=sys.stderr)
    return BUG_EXIT
