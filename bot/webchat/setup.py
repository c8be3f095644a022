"""Mounting the web chat on Heard's application: routes, templates, static files and its engine."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.appkeys import SETTINGS
from bot.conversation import ConversationEngine
from bot.helplines import EMERGENCY
from bot.webchat.render import PhoneLinks
from bot.webchat.views import TEMPLATES, WEBCHAT, WebChat, open_chat, poll, send

__all__ = ["setup_webchat"]

HERE = Path(__file__).parent
STATIC = "webchat_static"


def setup_webchat(app: web.Application, engine: ConversationEngine | None = None) -> None:
    """Add ``/chat`` (page, messages and static files) to ``app``."""
    settings = app[SETTINGS]
    phones = (settings.childline_phone, settings.samaritans_phone, EMERGENCY, settings.out_of_hours_phone)
    numbers = tuple(n for n in phones if n)
    app[WEBCHAT] = WebChat(
        engine=engine or ConversationEngine.for_app(app),
        secure_cookies=settings.production or settings.public_url.startswith("https://"),
        help_numbers=numbers,
    )
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        undefined=jinja2.StrictUndefined,
        app_key=TEMPLATES,
    )
    env.filters["phones"] = PhoneLinks(numbers)
    env.globals["static_url"] = lambda name: str(app.router[STATIC].url_for(filename=name))
    app.router.add_get("/chat", open_chat)
    app.router.add_post("/chat", send)
    app.router.add_get("/chat/messages", poll)
    app.router.add_static("/chat/static/", HERE / "static", append_version=True, name=STATIC)
