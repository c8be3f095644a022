"""The portal's stylesheet and script, served from memory (CSP forbids inline styles and scripts)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from aiohttp import web

__all__ = ["static_file"]

STATIC_DIR = Path(__file__).with_name("static")
TYPES = {".css": "text/css", ".js": "text/javascript"}


@cache
def _files() -> dict[str, tuple[bytes, str]]:
    return {
        path.name: (path.read_bytes(), TYPES[path.suffix])
        for path in STATIC_DIR.iterdir()
        if path.suffix in TYPES
    }


async def static_file(request: web.Request) -> web.StreamResponse:
    """Return one of the portal's own static files, or 404."""
    found = _files().get(request.match_info["name"])
    if found is None:
        raise web.HTTPNotFound()
    body, content_type = found
    return web.Response(body=body, content_type=content_type, charset="utf-8")
