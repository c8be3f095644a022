"""Storage, encryption, pseudonyms, issues, disclosure-controlled aggregation, board papers.

The names below are the doors a newcomer (or ``bot``) comes in by: the
database, sealing and pseudonyms, and the member shape the conversation
receives. Each service lives in its own module (``feedback.rounds``,
``feedback.triage``, ``feedback.disclosure`` …) and is imported from there;
these are loaded on first use (PEP 562), so ``import feedback`` stays cheap
and cannot create an import cycle.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from feedback.crypto import Pseudonymiser, Sealer
    from feedback.db import Database, Session
    from feedback.participants import Member

__all__ = ["Database", "Member", "Pseudonymiser", "Sealer", "Session"]

_HOMES = {
    "Database": "feedback.db",
    "Session": "feedback.db",
    "Sealer": "feedback.crypto",
    "Pseudonymiser": "feedback.crypto",
    "Member": "feedback.participants",
}


def __getattr__(name: str) -> Any:
    """Load a public name from its own module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'feedback' has no attribute {name!r}")
    return getattr(import_module(home), name)
