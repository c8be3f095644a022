"""Typed keys for what the aiohttp application holds; one module so every piece agrees."""

from __future__ import annotations

from aiohttp import web

from bot.metrics import Metrics
from bot.settings import Settings
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database

SETTINGS = web.AppKey("settings", Settings)
DATABASE = web.AppKey("database", Database)
SEALER = web.AppKey("sealer", Sealer)
PSEUDONYMISER = web.AppKey("pseudonymiser", Pseudonymiser)
METRICS = web.AppKey("metrics", Metrics)
