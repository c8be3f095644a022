"""Four eyes on board papers: whoever drafted a paper cannot approve it (unless a tiny team says so)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import CookieJar
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.appkeys import SETTINGS
from bot.settings import Settings
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.models import AuditEntry, BoardPaper
from feedback.staff import Passwords, Role, add_staff
from tests.bot.portal.conftest import (
    PASSWORD,
    START,
    Clock,
    Seeded,
    build_app,
    csrf_of,
    portal_config,
    sign_in,
    username,
)

WORKER = username(Role.PARTICIPATION_WORKER)


async def _paper(db: Database, cheap_passwords: Passwords) -> int:
    async with db.session() as session:
        await add_staff(
            session,
            username="second-worker",
            role=Role.PARTICIPATION_WORKER,
            password=PASSWORD,
            passwords=cheap_passwords,
            now=START,
        )
        paper = BoardPaper(period="2026 Q3", status="draft", created_at=START, created_by=WORKER)
        session.add(paper)
        await session.flush()
        assert paper.id is not None
        return paper.id


async def _audit(db: Database, action: str) -> list[dict[str, Any]]:
    async with db.session() as session:
        rows = (await session.execute(select(AuditEntry).where(AuditEntry.action == action))).scalars().all()  # type: ignore[arg-type]
    return [json.loads(r.detail_json or "{}") for r in rows]


async def test_the_drafter_cannot_approve_their_own_paper(
    portal: TestClient, db: Database, cheap_passwords: Passwords, seeded: Seeded
) -> None:
    """Finding (Low): one worker could draft, approve and publish a board paper alone."""
    paper_id = await _paper(db, cheap_passwords)
    token = await sign_in(portal, WORKER)
    alone = await portal.post(
        f"/staff/papers/{paper_id}/approve", data={"_csrf": token}, allow_redirects=False
    )
    assert alone.status == 409 and "a colleague must approve it" in await alone.text()
    assert await _audit(db, "board_paper.approval_refused") == [{"reason": "drafter"}]
    await portal.post("/staff/logout", data={"_csrf": token})
    colleague = await sign_in(portal, "second-worker")
    approved = await portal.post(
        f"/staff/papers/{paper_id}/approve", data={"_csrf": colleague}, allow_redirects=False
    )
    assert approved.status == 303
    assert await _audit(db, "board_paper.approved") == [{"four_eyes": True, "approver_drafted": False}]


async def test_a_tiny_team_can_turn_four_eyes_off_and_it_is_audited(
    aiohttp_client: Any,
    db: Database,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    cheap_passwords: Passwords,
    clock: Clock,
    seeded: Seeded,
) -> None:
    app = build_app(db, sealer, pseudonymiser, portal_config(cheap_passwords, clock))
    app[SETTINGS] = Settings(public_url="https://heard.example.org", paper_four_eyes=False)
    client = await aiohttp_client(app, cookie_jar=CookieJar(unsafe=True))
    paper_id = await _paper(db, cheap_passwords)
    token = await sign_in(client, WORKER)
    alone = await client.post(
        f"/staff/papers/{paper_id}/approve", data={"_csrf": token}, allow_redirects=False
    )
    assert alone.status == 303
    assert await _audit(db, "board_paper.approved") == [{"four_eyes": False, "approver_drafted": True}]


async def test_the_notice_box_shows_only_fixed_words(portal: TestClient, seeded: Seeded) -> None:
    """Finding (Low): attacker-chosen text appeared in the portal's notice box (``?done=``)."""
    await sign_in(portal, WORKER)
    for path in ("/staff/papers", "/staff/rounds", "/staff/issues/" + seeded.reference):
        page = await (await portal.get(f"{path}?done=Call+0900+123+456+to+verify+your+account")).text()
        assert "0900" not in page, path
    await portal.post("/staff/logout", data={"_csrf": await csrf_of(portal, "/staff/dashboard")})
    await sign_in(portal, username(Role.ADMIN))
    page = await (await portal.get("/staff/accounts?done=Call+0900+123+456")).text()
    assert "0900" not in page
