"""Local keys: generated once into the data dir for development and demos, never in production."""

from __future__ import annotations

import json
import logging
import os
import secrets
from dataclasses import replace
from pathlib import Path

from bot.settings import Settings, SettingsError
from feedback.crypto import generate_fernet_key, generate_pseudonym_key

__all__ = ["KEYS_FILE", "with_local_keys"]

KEYS_FILE = "keys.json"
log = logging.getLogger(__name__)


def _generated(path: Path) -> dict[str, object]:
    if path.exists():
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(loaded, dict):
            raise SettingsError([f"{path} is not a JSON object; delete it to generate new keys"])
        return loaded
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    keys: dict[str, object] = {
        "secret_keys": [generate_fernet_key()],
        "pseudonym_key": generate_pseudonym_key(),
        "webhook_secret": secrets.token_urlsafe(32),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(keys, handle, indent=2)
    log.warning(
        "keys.generated",
        extra={"event": "keys.generated", "path": str(path)},
    )
    return keys


def with_local_keys(settings: Settings) -> Settings:
    """Return ``settings`` with any missing key filled from (or generated into) the data dir.

    In production nothing is generated: missing keys were already refused by
    ``Settings.from_env``, and this returns the settings unchanged.
    """
    if settings.production:
        return settings
    needed = not settings.secret_keys or not settings.pseudonym_key or not settings.webhook_secret
    if not needed:
        return settings
    stored = _generated(settings.data_dir / KEYS_FILE)
    secret_keys = settings.secret_keys or tuple(str(k) for k in stored["secret_keys"])  # type: ignore[attr-defined]
    return replace(
        settings,
        secret_keys=secret_keys,
        pseudonym_key=settings.pseudonym_key or str(stored["pseudonym_key"]),
        webhook_secret=settings.webhook_secret or str(stored["webhook_secret"]),
        keys_generated=True,
    )
