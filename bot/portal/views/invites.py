"""Invite batches: make codes for a cohort and print them once, with QR codes for the joining links.

Codes exist in the clear only on the sheet shown right after making them (the
database keeps keyed hashes), so the sheet is built for printing and the page
says to print it now. Cohorts under 16 get the web chat link only, because
Telegram requires UK users to be 16 or over.
"""

from __future__ import annotations

from datetime import timedelta

import segno
from aiohttp import web

from bot.appkeys import DATABASE, PSEUDONYMISER, SETTINGS
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.names import invite_group
from bot.portal.render import page
from bot.portal.words import _
from feedback import audit, invites
from surveys.cohorts import ALL_COHORTS, parse_cohort

__all__ = ["create_batch", "invite_list"]

MAX_BATCH = 200


def _qr(url: str) -> str:
    """Return a QR code for ``url`` as an SVG data URI (allowed by the portal's CSP)."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2)


async def invite_list(request: web.Request, *, problem: str | None = None) -> web.StreamResponse:
    """List batches (counts only, never codes) and the form for a new batch."""
    async with request.config_dict[DATABASE].session() as session:
        batches = await invites.list_batches(session)
    cohorts = [(f"{c.care_status}:{c.age_band}", invite_group(c)) for c in ALL_COHORTS]
    return await page(
        request,
        "invites.html",
        http_status=400 if problem else 200,
        batches=batches,
        cohorts=cohorts,
        problem=problem,
    )


async def create_batch(request: web.Request) -> web.StreamResponse:
    """Make a batch of codes and show the printable sheet."""
    config = request.app[PORTAL]
    settings = request.config_dict[SETTINGS]
    now = config.clock()
    form = await request.post()
    try:
        cohort = parse_cohort(str(form.get("cohort", "")))
        count = int(str(form.get("count", "0")))
        days = int(str(form.get("expires_days", "30")))
        uses = int(str(form.get("max_uses", "1")))
    except ValueError:
        return await invite_list(request, problem=_("Choose a group and give whole numbers."))
    if not (1 <= count <= MAX_BATCH and 1 <= days <= 365 and 1 <= uses <= 500):
        return await invite_list(
            request,
            problem=_(
                "Make 1 to %(most)s codes, valid 1 to 365 days, each usable 1 to 500 times.", most=MAX_BATCH
            ),
        )
    label = str(form.get("batch", "")).strip()[:64] or f"{cohort.care_status}-{cohort.age_band}-{now:%Y%m%d}"
    staff = current_staff(request)
    async with request.config_dict[DATABASE].session() as session:
        codes = await invites.create_invites(
            session,
            pseudonymiser=request.config_dict[PSEUDONYMISER],
            care_status=cohort.care_status,
            age_band=cohort.age_band,
            count=count,
            expires_at=now + timedelta(days=days),
            max_uses=uses,
            batch=label,
            now=now,
            created_by=staff.actor,
        )
        await audit.record(
            session,
            actor=staff.actor,
            action="invites.created",
            now=now,
            target_type="invite_batch",
            target_id=label,
            detail={"count": len(codes)},
        )
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    telegram = settings.telegram_bot_username if not cohort.under_16 else ""
    cards = []
    for code in codes:
        web_link = f"{base}/chat?code={code}"
        tg_link = f"https://t.me/{telegram}?start={code}" if telegram else None
        cards.append(
            {
                "code": invites.display_code(code),
                "web_link": web_link,
                "web_qr": _qr(web_link),
                "tg_link": tg_link,
                "tg_qr": _qr(tg_link) if tg_link else None,
            }
        )
    return await page(
        request,
        "invite_sheet.html",
        cards=cards,
        batch=label,
        cohort=cohort,
        expires=(now + timedelta(days=days)).date(),
        council=settings.council_name,
    )
