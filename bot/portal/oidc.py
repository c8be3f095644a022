"""Staff single sign-on with OpenID Connect: the authorisation code flow with PKCE, for any provider.

Heard is a confidential client. It sends the browser to the provider with a
random ``state`` (against forged callbacks), a ``nonce`` (against replayed ID
tokens) and a PKCE challenge (RFC 7636, from authlib), exchanges the code at the
token endpoint with its client secret, and accepts the ID token only when its
signature matches the provider's published keys and its issuer, audience,
nonce and times are right (joserfc, authlib's successor for JOSE). The
provider's discovery document and keys are cached; keys are fetched again
once when a token names a key Heard has not seen (the provider rotated).

The person's Heard role comes from a claim (``groups`` or app ``roles``)
through ``HEARD_OIDC_ROLE_MAP``; someone the map does not cover is refused.
Multi-factor sign-in is the provider's job here (Entra ID Conditional Access).
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from bot.oidc_config import OidcSettings
from bot.portal.words import _
from feedback.staff import Role

__all__ = ["OidcRefused", "OidcSignIn", "Pending"]

_CACHE_SECONDS = 3600
_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]
_TIMEOUT = aiohttp.ClientTimeout(total=10)


class OidcRefused(Exception):
    """Single sign-on did not produce a usable identity; ``reason`` is a short code for the audit log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Pending:
    """What the browser carries (sealed) between leaving for the provider and coming back."""

    state: str
    nonce: str
    verifier: str
    next: str
    started: float

    def to_json(self) -> str:
        """Return the pending sign-in as JSON, for sealing into a cookie."""
        return json.dumps(self.__dict__, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Pending:
        """Return the pending sign-in in ``text`` (raises ``ValueError`` when it is not one)."""
        data = json.loads(text)
        try:
            return cls(str(data["state"]), str(data["nonce"]), str(data["verifier"]), str(data["next"]),
                       float(data["started"]))  # fmt: skip
        except (KeyError, TypeError) as exc:
            raise ValueError("not a pending sign-in") from exc


@dataclass
class OidcSignIn:
    """Talks to one OpenID Connect provider on behalf of the portal."""

    settings: OidcSettings
    _metadata: dict[str, Any] | None = None
    _metadata_at: float = 0.0
    _keys: KeySet | None = None
    _keys_at: float = 0.0
    name: str = field(default="oidc", init=False)

    @property
    def label(self) -> str:
        """Return the sign-in button's words, in the portal's language."""
        return _("Sign in with %(provider)s", provider=self.settings.label)

    async def _get_json(self, url: str) -> dict[str, Any]:
        async with aiohttp.ClientSession(timeout=_TIMEOUT) as http, http.get(url) as response:
            if response.status != 200:
                raise OidcRefused("provider_unavailable")
            data = await response.json(content_type=None)
        if not isinstance(data, dict):
            raise OidcRefused("provider_unavailable")
        return data

    async def metadata(self) -> dict[str, Any]:
        """Return the provider's discovery document (cached for an hour)."""
        if self._metadata is None or time.monotonic() - self._metadata_at > _CACHE_SECONDS:
            found = await self._get_json(f"{self.settings.issuer}/.well-known/openid-configuration")
            if str(found.get("issuer", "")).rstrip("/") != self.settings.issuer:
                raise OidcRefused("issuer_mismatch")
            self._metadata, self._metadata_at = found, time.monotonic()
        return self._metadata

    async def _key_set(self, *, fresh: bool = False) -> KeySet:
        if fresh or self._keys is None or time.monotonic() - self._keys_at > _CACHE_SECONDS:
            jwks = await self._get_json(str((await self.metadata())["jwks_uri"]))
            self._keys, self._keys_at = KeySet.import_key_set(jwks), time.monotonic()  # type: ignore[arg-type]
        return self._keys

    async def start(self, redirect_uri: str, next_path: str) -> tuple[str, Pending]:
        """Return where to send the browser, and what it must bring back."""
        pending = Pending(
            state=secrets.token_urlsafe(24),
            nonce=secrets.token_urlsafe(24),
            verifier=secrets.token_urlsafe(48),
            next=next_path,
            started=time.time(),
        )
        query = {
            "response_type": "code",
            "client_id": self.settings.client_id,
            "redirect_uri": redirect_uri,
            "scope": "openid profile email",
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": create_s256_code_challenge(pending.verifier),
            "code_challenge_method": "S256",
        }
        endpoint = str((await self.metadata())["authorization_endpoint"])
        joiner = "&" if "?" in endpoint else "?"
        return f"{endpoint}{joiner}{urlencode(query)}", pending

    async def finish(self, code: str, pending: Pending, redirect_uri: str) -> Mapping[str, Any]:
        """Exchange ``code`` and return the ID token's verified claims, or raise ``OidcRefused``."""
        endpoint = str((await self.metadata())["token_endpoint"])
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": pending.verifier,
        }
        headers = {"Accept": "application/json", "Authorization": self._client_auth()}
        async with (
            aiohttp.ClientSession(timeout=_TIMEOUT) as http,
            http.post(endpoint, data=form, headers=headers) as response,
        ):
            if response.status != 200:
                raise OidcRefused("token_refused")
            tokens = await response.json(content_type=None)
        id_token = tokens.get("id_token") if isinstance(tokens, dict) else None
        if not isinstance(id_token, str):
            raise OidcRefused("no_id_token")
        return await self._verified(id_token, pending.nonce)

    def _client_auth(self) -> str:
        """Return the client_secret_basic header: id and secret form-encoded, then base64 (RFC 6749 2.3.1)."""
        pair = f"{quote(self.settings.client_id, safe='')}:{quote(self.settings.client_secret, safe='')}"
        return "Basic " + base64.b64encode(pair.encode()).decode()

    async def _verified(self, id_token: str, nonce: str) -> Mapping[str, Any]:
        try:
            try:
                token = jwt.decode(id_token, await self._key_set(), algorithms=_ALGORITHMS)
            except JoseError:  # perhaps a key the provider has just rotated in: look once more
                token = jwt.decode(id_token, await self._key_set(fresh=True), algorithms=_ALGORITHMS)
            registry = jwt.JWTClaimsRegistry(
                leeway=120,
                iss={"essential": True, "value": self.settings.issuer},
                aud={"essential": True, "value": self.settings.client_id},
                sub={"essential": True},
                exp={"essential": True},
                nonce={"essential": True, "value": nonce},
            )
            registry.validate(token.claims)
        except (JoseError, ValueError) as exc:
            raise OidcRefused("id_token_invalid") from exc
        return token.claims

    def role_for(self, claims: Mapping[str, Any]) -> Role | None:
        """Return the Heard role the claims map to (the first match in the role map), or None."""
        held = claims.get(self.settings.roles_claim)
        values = {str(v) for v in held} if isinstance(held, list) else {str(held)} if held else set()
        for value, role in self.settings.role_map:
            if value in values:
                return Role(role)
        return None

    def username_for(self, claims: Mapping[str, Any]) -> str | None:
        """Return the Heard username for the claims (lower-cased), or None when the claim is missing."""
        for claim in (self.settings.username_claim, "preferred_username", "email"):
            value = claims.get(claim)
            if isinstance(value, str) and value.strip():
                return value.strip().lower()[:120]
        return None
