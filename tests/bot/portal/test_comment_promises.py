"""The survey comments page over HTTP offers the promises the follow-ups ask about, and filters by one.

The shipped Promise surveys ask "what would help?" after an answer that says
a promise is not kept; those follow-ups are what tie a comment to a promise.
(That the demo council answers them is checked in tests/feedback/test_demo.py.)
"""

from __future__ import annotations

import html
import json
import re

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from feedback.db import Database
from feedback.models import AnswerRecord, Response
from feedback.staff import Role
from tests.bot.portal.conftest import sign_in, username
from tests.feedback.test_comments import _comments

_PROMISES = re.compile(r'<select name="promise">(.*?)</select>', re.S)
_OPTION = re.compile(r'<option value="([^"]+)"')
_QUESTION = re.compile(r'<p class="question">(.*?)</p>', re.S)
WROTE = {
    "social_worker_better": "the same social worker for more than a few months",
    "listen_better": "tell me what happened after my review",
}


async def _round_with_follow_ups(db: Database) -> None:
    """The comments round of the feedback tests, where 11-15s also said what would help two promises."""
    await _comments(db)  # twelve 11-15s, "anything else" comments from three of them
    async with db.session() as session:
        responses = (
            await session.execute(
                select(Response.id).where(Response.age_band == "11-15").order_by(Response.id)
            )  # type: ignore[arg-type]
        ).scalars()
        for i, response_id in enumerate(responses):
            question = list(WROTE)[i % 2]
            session.add(
                AnswerRecord(
                    response_id=response_id,
                    question_id=question,
                    text_sealed="sealed-raw",
                    text_redacted=f"{WROTE[question]} {i}",
                    themes_json=json.dumps(["SW"]),
                    sentiment="neutral",
                    redaction_status="done",
                )
            )


async def test_the_page_offers_the_promises_and_filters_by_one(portal: TestClient, db: Database) -> None:
    await _round_with_follow_ups(db)
    await sign_in(portal, username(Role.PARTICIPATION_WORKER))

    response = await portal.get("/staff/comments")
    assert response.status == 200
    page = await response.text()
    promises = _PROMISES.search(page)
    assert promises, "the promise filter is offered"
    assert {"CIC-LISTEN", "CIC-SOCIAL-WORKER", "CIC-HEALTH"} <= set(_OPTION.findall(promises.group(1)))
    assert f"{WROTE['listen_better']} 1" in page and "my school is ok 11-15 0" in page

    response = await portal.get("/staff/comments", params={"promise": "CIC-SOCIAL-WORKER"})
    assert response.status == 200
    page = await response.text()
    assert 'value="CIC-SOCIAL-WORKER" selected' in page
    asked = {html.unescape(q) for q in _QUESTION.findall(page)}
    assert asked == {"What would make things better with your social worker?"}
    assert page.count(WROTE["social_worker_better"]) == 6
    assert WROTE["listen_better"] not in page and "my school is ok" not in page
