"""The survey comments page's group filter over HTTP: either spelling of a cohort reads; nonsense is any."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from feedback.db import Database
from feedback.staff import Role
from tests.bot.portal.conftest import sign_in, username
from tests.feedback.test_comments import _comments


async def _shown(portal: TestClient, cohort: str) -> str:
    response = await portal.get("/staff/comments", params={"cohort": cohort})
    assert response.status == 200
    return await response.text()


async def test_the_group_filter_reads_either_spelling_and_ignores_nonsense(
    portal: TestClient, db: Database
) -> None:
    await _comments(db)  # two named comments from 11-15s, one unnamed from a small group of 16-17s
    await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    for typed in ("in_care:11-15", "in-care:11-15"):
        page = await _shown(portal, typed)
        assert "my school is ok 11-15 0" in page and "my school is ok 11-15 1" in page, typed
        assert "my school is ok 16-17 0" not in page, typed
    for nonsense in ("adults:11-15", "in-care:99", "in-care"):
        page = await _shown(portal, nonsense)
        assert "my school is ok 16-17 0" in page and "my school is ok 11-15 0" in page, nonsense
