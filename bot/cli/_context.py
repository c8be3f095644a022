"""What most commands need first: validated settings with keys, and a database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.cli._errors import UserError
from bot.keys import with_local_keys
from bot.settings import Settings, SettingsError

T = TypeVar("T")
log = logging.getLogger("heard")


def load_settings(*, with_keys: bool = True) -> Settings:
    """Return settings from the environment, or raise ``UserError`` listing every problem."""
    try:
        settings = Settings.from_env()
        if with_keys:
            settings = with_local_keys(settings)
    except SettingsError as exc:
        raise UserError(str(exc)) from exc
    if settings.keys_generated:
        log.warning(
            "keys.local",
            extra={
                "event": "keys.local",
                "hint": f"using keys from {settings.data_dir / 'keys.json'}; "
                "set HEARD_SECRET_KEYS and HEARD_PSEUDONYM_KEY for real use",
            },
        )
    return settings


def run(coro_factory: Callable[[], Awaitable[T]]) -> T:
    """Run an async step from a synchronous command."""

    async def runner() -> T:
        return await coro_factory()

    return asyncio.run(runner())
