"""Sealing (encryption at rest) and pseudonyms: the two ways Heard avoids holding identities.

Sealing uses MultiFernet so keys can be rotated: the first key encrypts, every
key decrypts. Pseudonyms are keyed HMAC-SHA256 digests, so a user id cannot be
recovered from the database without the pseudonym key, and the same person
always maps to the same participant.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = [
    "MIN_PSEUDONYM_KEY_BYTES",
    "Pseudonymiser",
    "Sealer",
    "UnsealableError",
    "WeakKeyError",
    "generate_fernet_key",
    "generate_pseudonym_key",
]

MIN_PSEUDONYM_KEY_BYTES = 32


class WeakKeyError(ValueError):
    """A key is missing, malformed or too weak."""


class UnsealableError(ValueError):
    """A sealed value could not be opened with any configured key."""


def generate_fernet_key() -> str:
    """Return a fresh Fernet key (URL-safe base64 of 32 random bytes)."""
    return Fernet.generate_key().decode("ascii")


def generate_pseudonym_key() -> str:
    """Return a fresh pseudonym key: 32 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def check_fernet_key(key: str) -> None:
    """Raise ``WeakKeyError`` unless ``key`` is a valid Fernet key."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise WeakKeyError("not URL-safe base64") from exc
    if len(raw) != 32:
        raise WeakKeyError(f"decodes to {len(raw)} bytes, a Fernet key is 32")
    if len(set(raw)) < 8:
        raise WeakKeyError("has almost no randomness (repeated bytes)")


def pseudonym_key_bytes(key: str) -> bytes:
    """Return the raw bytes of a pseudonym key, raising ``WeakKeyError`` if it is weak."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
        if len(raw) < MIN_PSEUDONYM_KEY_BYTES:
            raise ValueError
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = key.encode("utf-8")
    if len(raw) < MIN_PSEUDONYM_KEY_BYTES:
        raise WeakKeyError(
            f"is {len(raw)} bytes; use at least {MIN_PSEUDONYM_KEY_BYTES} random bytes "
            "(run 'heard keys generate')"
        )
    if len(set(raw)) < 8:
        raise WeakKeyError("has almost no randomness (repeated bytes)")
    return raw


class Sealer:
    """Seals and opens text with a list of Fernet keys; the first key encrypts."""

    __slots__ = ("_multi", "_primary", "keys")

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise WeakKeyError("at least one secret key is needed")
        for index, key in enumerate(keys, start=1):
            try:
                check_fernet_key(key)
            except WeakKeyError as exc:
                raise WeakKeyError(f"secret key {index} {exc}") from exc
        self.keys = tuple(keys)
        self._multi = MultiFernet([Fernet(k) for k in self.keys])
        self._primary = Fernet(self.keys[0])

    def seal(self, plaintext: str) -> str:
        """Return an opaque token for ``plaintext``."""
        return self._multi.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> str:
        """Return the plaintext of ``token``; raise ``UnsealableError`` if no key opens it."""
        try:
            return self._multi.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError) as exc:
            raise UnsealableError("no configured key opens this value") from exc

    def is_current(self, token: str) -> bool:
        """Return True when ``token`` is already sealed under the first (current) key."""
        try:
            self._primary.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            return False
        return True

    def reseal(self, token: str) -> str:
        """Return ``token`` re-encrypted under the current key (MultiFernet.rotate)."""
        try:
            return self._multi.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as exc:
            raise UnsealableError("no configured key opens this value") from exc


@dataclass(frozen=True)
class Pseudonymiser:
    """Maps a channel user id to a stable pseudonym that reveals nothing without the key."""

    key: bytes

    @classmethod
    def from_setting(cls, key: str) -> Pseudonymiser:
        """Return a pseudonymiser for a configured key string (validated for strength)."""
        return cls(pseudonym_key_bytes(key))

    def pseudonym(self, channel: str, user_id: str | int) -> str:
        """Return ``HMAC-SHA256(key, channel + ":" + user_id)`` as hex."""
        message = f"{channel}:{user_id}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def code_hash(self, code: str) -> str:
        """Return a keyed hash for an invite code, so stored codes cannot be replayed."""
        message = f"invite:{code.strip().upper()}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()
