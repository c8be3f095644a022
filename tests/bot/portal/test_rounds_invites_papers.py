"""Rounds are validated and scheduled; invite codes are shown once; papers go draft, approved, published."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient
from sqlalchemy import text

from feedback.db import Database
from feedback.models import BoardPaper, BoardPaperFile
from feedback.staff import Role
from surveys import load_bank
from tests.bot.portal.conftest import START, Clock, sign_in, username


def _round_form(token: str, **changes: str) -> list[tuple[str, str]]:
    survey = load_bank().get("check-in")  # written for every cohort, as the form picks two
    form = {
        "_csrf": token,
        "name": "Promise check-in, winter",
        "survey": f"{survey.id}@{survey.version}",
        "opens_on": "2026-12-01",
        "closes_on": "2026-12-20",
        "reminder_days": "3, 7",
        "invite_text": "",
    }
    form.update(changes)
    return [*form.items(), ("cohort", "in_care:11-15"), ("cohort", "care_leaver:16-25")]


async def test_a_round_is_checked_then_scheduled_and_can_be_closed(
    portal: TestClient, db: Database, clock: Clock
) -> None:
    token = await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    backwards = await portal.post("/staff/rounds", data=_round_form(token, closes_on="2026-11-25"))
    assert backwards.status == 400 and "after" in await backwards.text()
    bad_days = await portal.post("/staff/rounds", data=_round_form(token, reminder_days="soon"))
    assert bad_days.status == 400 and "whole numbers" in await bad_days.text()
    nobody = await portal.post("/staff/rounds", data=[(k, v) for k, v in _round_form(token) if k != "cohort"])
    assert nobody.status == 400 and "cohort" in (await nobody.text()).lower()

    made = await portal.post("/staff/rounds", data=_round_form(token))
    assert made.status == 200 and "Round scheduled" in await made.text()
    async with db.session() as session:
        row = (
            await session.execute(text("SELECT id, status, cohorts_json, reminder_days_json FROM campaign"))
        ).one()
        versions = (await session.execute(text("SELECT count(*) FROM survey_version"))).scalar_one()
    assert row[1] == "scheduled" and versions == 1
    assert '"age_band": "11-15"' in row[2] and row[3] == "[3, 7]"
    assert "Promise check-in, winter" in await (await portal.get("/staff/dashboard")).text()

    await portal.post(f"/staff/rounds/{row[0]}/close", data={"_csrf": token})
    async with db.session() as session:
        status = (await session.execute(text("SELECT status FROM campaign"))).scalar_one()
    assert status == "closed"
    assert "Promise check-in, winter" not in await (await portal.get("/staff/dashboard")).text()


async def test_invite_codes_appear_once_on_the_sheet_and_are_stored_hashed(
    portal: TestClient, db: Database
) -> None:
    token = await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    sheet = await (
        await portal.post(
            "/staff/invites",
            data={
                "_csrf": token,
                "cohort": "in_care:8-10",
                "count": "3",
                "expires_days": "30",
                "max_uses": "1",
                "batch": "Spring event",
            },
        )
    ).text()
    codes = re.findall(r'<p class="code">([A-Z0-9]{4}-[A-Z0-9]{4})</p>', sheet)
    assert len(codes) == 3 and sheet.count("data:image/svg+xml") == 3  # under 16: web chat only
    assert "t.me/" not in sheet
    async with db.session() as session:
        stored = " ".join(str(r) for r in (await session.execute(text("SELECT * FROM invite"))).all())
    assert not any(code.replace("-", "") in stored for code in codes)
    listing = await (await portal.get("/staff/invites")).text()
    assert "Spring event" in listing and not any(code in listing for code in codes)
    too_many = await portal.post(
        "/staff/invites",
        data={
            "_csrf": token,
            "cohort": "in_care:8-10",
            "count": "5000",
            "expires_days": "30",
            "max_uses": "1",
        },
    )
    assert too_many.status == 400


async def test_papers_go_from_draft_to_board_viewers_only_when_published(
    portal: TestClient, db: Database
) -> None:
    async with db.session() as session:
        paper = BoardPaper(period="2026 Q3", status="draft", created_at=START, created_by="system")
        session.add(paper)
        await session.flush()
        assert paper.id is not None
        session.add(
            BoardPaperFile(
                paper_id=paper.id,
                format="html",
                filename="voice-2026Q3.html",
                content=b"<h1>Voice of the child</h1>",
                created_at=START,
            )
        )
    viewer = await sign_in(portal, username(Role.BOARD_VIEWER))
    assert "No papers have been published yet." in await (await portal.get("/staff/papers")).text()
    assert (await portal.get(f"/staff/papers/{paper.id}/html")).status == 404
    await portal.post("/staff/logout", data={"_csrf": viewer})

    worker = await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    early = await portal.post(f"/staff/papers/{paper.id}/publish", data={"_csrf": worker})
    assert early.status == 409
    await portal.post(f"/staff/papers/{paper.id}/approve", data={"_csrf": worker})
    await portal.post(f"/staff/papers/{paper.id}/publish", data={"_csrf": worker})
    await portal.post("/staff/logout", data={"_csrf": worker})

    await sign_in(portal, username(Role.BOARD_VIEWER))
    assert "2026 Q3" in await (await portal.get("/staff/papers")).text()
    download = await portal.get(f"/staff/papers/{paper.id}/html")
    assert download.status == 200 and await download.read() == b"<h1>Voice of the child</h1>"
    assert "attachment" in download.headers["Content-Disposition"]
    async with db.session() as session:
        actions = {r[0] for r in (await session.execute(text("SELECT action FROM audit_log"))).all()}
    assert {"board_paper.approved", "board_paper.published", "board_paper.downloaded"} <= actions


async def test_period_and_group_are_choices_and_drafting_again_shows_the_draft(
    portal: TestClient, db: Database
) -> None:
    from bot.portal.views.papers import period_choices

    [(quarter, _words), *_] = period_choices(START.date())
    async with db.session() as session:
        paper = BoardPaper(period=f"{quarter}, to date", cohort="in_care", status="draft", created_at=START,
                           created_by="system")  # fmt: skip
        session.add(paper)
        await session.flush()
    worker = await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    listed = await (await portal.get("/staff/papers")).text()
    assert '<select id="period" name="period"' in listed and '<select id="pcohort" name="cohort">' in listed
    assert f'<option value="{quarter}">' in listed
    assert '<option value="in_care">Children in care</option>' in listed
    typed = await portal.post("/staff/papers", data={"_csrf": worker, "period": "last term", "cohort": ""})
    assert typed.status == 400 and "Choose a period from the list." in await typed.text()
    again = await portal.post("/staff/papers", data={"_csrf": worker, "period": quarter, "cohort": "in_care"},
                              allow_redirects=False)  # fmt: skip
    assert again.status == 303 and again.headers["Location"].endswith(f"#paper-{paper.id}")
    shown = await (await portal.get(again.headers["Location"])).text()
    assert f"Paper {paper.id} is already a draft for that period and group" in shown
    async with db.session() as session:
        assert len((await session.execute(text("SELECT id FROM board_paper"))).all()) == 1
