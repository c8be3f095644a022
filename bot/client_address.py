"""The address a request really came from, for rate limits and the audit log.

Behind a reverse proxy or load balancer every request arrives from the proxy,
so limits per address would lump every young person (or every member of staff)
together. ``X-Forwarded-For`` names the client, but anyone can send it, so it
is believed only from the proxies listed in ``HEARD_TRUSTED_PROXIES``, and then
read from the right: the first address that is not itself a trusted proxy is
the client (everything to its left was written by the client and is ignored).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from aiohttp import web

from bot.appkeys import SETTINGS

__all__ = ["client_address"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in trusted)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: web.Request) -> str:
    """Return the client's address: the connection's, or the one a trusted proxy forwarded."""
    remote = request.remote or "unknown"
    networks = _networks(request.config_dict[SETTINGS].trusted_proxies)
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = ",".join(request.headers.getall("X-Forwarded-For", []))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops[-20:]):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # not an address: believe the connection, not the header
    return remote
