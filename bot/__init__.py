"""The running service: settings, aiohttp app, channels, conversation, jobs, staff portal, CLI.

Its entry points: ``Settings`` (every ``HEARD_*`` variable, read once),
``init_app`` (the aiohttp application ``heard serve`` runs) and ``main``
(the ``heard`` command). They are loaded on first use (PEP 562), so
importing one part of ``bot`` does not start the rest.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.app import init_app
    from bot.cli import main
    from bot.settings import Settings

__all__ = ["Settings", "init_app", "main"]

_HOMES = {"Settings": "bot.settings", "init_app": "bot.app", "main": "bot.cli"}


def __getattr__(name: str) -> Any:
    """Load a public name from its own module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'bot' has no attribute {name!r}")
    return getattr(import_module(home), name)
