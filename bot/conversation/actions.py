"""Button action codes: compact, checked against a strict grammar, and never trusted.

An action is ``flow:verb`` or ``flow:verb:ARG`` in at most 64 bytes
(Telegram's callback data limit). Anyone can forge callback data or a form
field, so parsing only says an action is well formed; the flow that owns it
decides whether it makes sense now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_ACTION_BYTES", "Action", "action_code", "parse_action"]

MAX_ACTION_BYTES = 64
_ACTION_RE = re.compile(r"^([a-z]{2,12}):([a-z_]{2,16})(?::([A-Za-z0-9_-]{1,32}))?$")


@dataclass(frozen=True)
class Action:
    """A well-formed action: the flow it is addressed to, the verb and an optional argument."""

    flow: str
    verb: str
    arg: str | None = None


def action_code(flow: str, verb: str, arg: str | None = None) -> str:
    """Return the code for a button; raise ValueError if it would not parse back."""
    code = f"{flow}:{verb}" if arg is None else f"{flow}:{verb}:{arg}"
    if parse_action(code) != Action(flow, verb, arg):
        raise ValueError(f"not a valid action code: {code!r}")
    return code


def parse_action(raw: str) -> Action | None:
    """Return the action in ``raw``, or None when it is not well formed."""
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_ACTION_BYTES:
        return None
    match = _ACTION_RE.match(raw)
    if match is None:
        return None
    return Action(match[1], match[2], match[3])
