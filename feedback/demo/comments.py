"""Demo survey comments reviewed as a participation worker reviews them: a few quotes, a few actions.

Runs after the demo's words are anonymised, through ``feedback.comments``, so
the quotes are copied from the anonymised words and the links go to issues
closed with an outcome, exactly as the portal's Survey comments page does.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time

from sqlalchemy import select

from feedback.aggregate.period import Period
from feedback.comments import CommentRefused, approve_comment_quote, link_comment_action
from feedback.demo.council import Council
from feedback.models import AnswerRecord, Issue, Response, table_of

__all__ = ["review_comments"]

QUOTES = 6
ACTIONS = 3
_answer = table_of(AnswerRecord)
_response = table_of(Response)
_issue = table_of(Issue)


async def review_comments(council: Council, period: Period) -> None:
    """Approve a few of the period's survey comments as quotes and link a few to an issue's outcome."""
    s, rng = council.session, council.rng
    last = council.last_day(period)
    if last is None:
        return
    reviewed = min(datetime.combine(last, time(16), tzinfo=UTC), council.now)
    rows = (
        await s.execute(
            select(_answer.c.id, _answer.c.text_redacted, _answer.c.themes_json)
            .select_from(_answer.join(_response))
            .where(
                _answer.c.redaction_status == "done",
                _answer.c.text_redacted.is_not(None),
                _response.c.started_on >= period.start,
                _response.c.started_on <= last,
            )
            .order_by(_answer.c.id)
        )
    ).all()
    closed = (
        await s.execute(
            select(_issue.c.reference, _issue.c.themes_json)
            .where(_issue.c.outcome.is_not(None), _issue.c.closed_at <= reviewed)
            .order_by(_issue.c.id)
        )
    ).all()
    said: set[str] = set()
    quoted = linked = 0
    for answer_id, text, themes_json in rng.sample(rows, len(rows)):
        themes = set(json.loads(themes_json) if themes_json else [])
        if quoted < QUOTES and text not in said:
            said.add(text)
            await approve_comment_quote(
                s, answer_id=answer_id, sentence=text, staff=council.worker, now=reviewed
            )
            quoted += 1
        action = next((ref for ref, tj in closed if themes & set(json.loads(tj) if tj else [])), None)
        if linked < ACTIONS and action is not None:
            try:
                await link_comment_action(
                    s, answer_id=answer_id, reference=action, staff=council.worker, now=reviewed
                )
                linked += 1
            except CommentRefused:
                continue
        if quoted >= QUOTES and linked >= ACTIONS:
            break
