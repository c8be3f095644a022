"""The dashboard: staff see their own queues exactly; roles that cannot open them see no counts."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from bot.metrics import Metrics
from feedback.staff import Role
from tests.bot.portal.conftest import Seeded, sign_in, username


async def test_queues_are_exact_for_those_who_open_them_and_absent_for_others(
    portal: TestClient, seeded: Seeded
) -> None:
    await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    worker = await (await portal.get("/staff/dashboard")).text()
    assert "Issues waiting for a reply" in worker and "counted exactly" in worker
    assert "Safeguarding alerts waiting" not in worker
    await portal.post("/staff/logout", data={"_csrf": await _csrf(portal)})

    await sign_in(portal, username(Role.BOARD_VIEWER))
    board = await (await portal.get("/staff/dashboard")).text()
    assert "Issues waiting for a reply" not in board and "Safeguarding alerts waiting" not in board
    assert "Open issues by theme" not in board
    assert "kept for the staff who handle them" in board


async def _csrf(portal: TestClient) -> str:
    from tests.bot.portal.conftest import csrf_of

    return await csrf_of(portal, "/staff/dashboard")


def test_metrics_publish_no_count_of_alerts() -> None:
    metrics = Metrics()
    metrics.risk_alerts.labels("urgent").inc()
    assert b"risk_alerts" not in metrics.render()
