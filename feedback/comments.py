"""Survey comments for staff: the anonymised free-text answers, filtered, re-themed, quoted and linked.

Free-text survey answers are redacted and theme-tagged in the background;
this module is how staff read them. Only ``text_redacted`` of an answer whose
redaction is done is ever returned, so a comment still waiting is invisible,
never shown raw. A comment's cohort is named only when its group in that
round is big enough to publish as a breakdown (the disclosure module's
rule), because a comment from one of four 16–17 year olds nearly names them.

Workers can correct a comment's themes (kept as labelled data beside issue
corrections), approve one sentence of it as a quote for board papers (the
same rule as issue quotes: copied exactly from the anonymised words), and
link it to the issue whose outcome answers it, so "you said, we did" can give
a concrete example.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Table, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.disclosure import narrow_enough
from feedback.models import (
    AnswerRecord,
    Campaign,
    CommentAction,
    CommentQuote,
    Issue,
    Response,
    SurveyRecord,
    SurveyVersion,
    table_of,
)
from feedback.staff import StaffAccount
from feedback.surveys_store import load_survey, survey_label
from feedback.theme_corrections import record_answer_correction
from surveys import Survey as SurveyDefinition

__all__ = [
    "SENTIMENTS",
    "CommentChoices",
    "CommentFilter",
    "CommentNotFound",
    "CommentRefused",
    "SurveyComment",
    "approve_comment_quote",
    "comment_choices",
    "correct_comment_themes",
    "link_comment_action",
    "list_comments",
    "survey_label",
]

SENTIMENTS = ("positive", "negative", "mixed", "neutral")
_answer: Table = table_of(AnswerRecord)
_response: Table = table_of(Response)
_campaign: Table = table_of(Campaign)
_version: Table = table_of(SurveyVersion)
_survey: Table = table_of(SurveyRecord)
_quote: Table = table_of(CommentQuote)
_action: Table = table_of(CommentAction)
_issue: Table = table_of(Issue)


class CommentNotFound(LookupError):
    """No readable survey comment has that id."""


class CommentRefused(ValueError):
    """A theme, quote or link was not allowed as given; the message says why."""


Cohort = tuple[str, str]  # (care status, age band)


@dataclass(frozen=True)
class SurveyComment:
    """One anonymised survey comment as staff see it; ``cohort`` is None when its group is small."""

    id: int
    round_id: int
    round_name: str
    survey_title: str
    question_id: str
    question: str
    promise: str | None
    cohort: Cohort | None
    text: str
    themes: tuple[str, ...]
    sentiment: str | None
    quote: str | None
    action_reference: str | None
    action_outcome: str | None


@dataclass(frozen=True)
class CommentFilter:
    """What to show; None means any."""

    round_id: int | None = None
    survey: str | None = None  # survey slug
    question: str | None = None  # question id
    promise: str | None = None  # promise code
    cohort: Cohort | None = None
    theme: str | None = None
    sentiment: str | None = None


@dataclass(frozen=True)
class CommentChoices:
    """The values each filter can take, for the page's drop-downs."""

    rounds: list[tuple[int, str]]
    surveys: list[tuple[str, str]]
    questions: list[tuple[str, str]]
    promises: list[tuple[str, str]]  # only promises a free-text question measures
    cohorts: list[Cohort]


def _readable() -> list[ColumnElement[bool]]:
    """Conditions for a comment staff may read: anonymised, not waiting, not forgotten."""
    return [_answer.c.redaction_status == "done", _answer.c.text_redacted.is_not(None)]


async def _definitions(session: AsyncSession, version_ids: Collection[int]) -> dict[int, SurveyDefinition]:
    return {vid: await load_survey(session, vid) for vid in sorted(version_ids)}


async def _group_sizes(session: AsyncSession) -> dict[tuple[int, str, str], int]:
    """Return how many young people answered each round, by cohort (the base a cohort label rests on)."""
    rows = await session.execute(
        select(
            _response.c.campaign_id,
            _response.c.care_status,
            _response.c.age_band,
            func.count(func.distinct(_response.c.id)),
        )
        .select_from(_response.join(_answer, _answer.c.response_id == _response.c.id))
        .where(_response.c.campaign_id.is_not(None))
        .group_by(_response.c.campaign_id, _response.c.care_status, _response.c.age_band)
    )
    return {(int(c), str(s), str(b)): int(n) for c, s, b, n in rows.all()}


def _themes(raw: str | None) -> tuple[str, ...]:
    return tuple(json.loads(raw)) if raw else ()


async def list_comments(
    session: AsyncSession, wanted: CommentFilter = CommentFilter(), *, limit: int = 200
) -> list[SurveyComment]:
    """Return readable survey comments matching ``wanted``, newest round first, at most ``limit``."""
    query = (
        select(
            _answer.c.id,
            _answer.c.question_id,
            _answer.c.text_redacted,
            _answer.c.themes_json,
            _answer.c.sentiment,
            _response.c.campaign_id,
            _response.c.survey_version_id,
            _response.c.care_status,
            _response.c.age_band,
            _campaign.c.name,
            _survey.c.slug,
            _quote.c.start,
            _quote.c.end,
            _issue.c.reference,
            _issue.c.outcome,
        )
        .select_from(
            _answer.join(_response, _answer.c.response_id == _response.c.id)
            .join(_campaign, _response.c.campaign_id == _campaign.c.id)
            .join(_version, _response.c.survey_version_id == _version.c.id)
            .join(_survey, _version.c.survey_id == _survey.c.id)
            .outerjoin(_quote, _quote.c.answer_id == _answer.c.id)
            .outerjoin(_action, _action.c.answer_id == _answer.c.id)
            .outerjoin(_issue, _action.c.issue_id == _issue.c.id)
        )
        .where(*_readable())
        .order_by(_campaign.c.opens_at.desc(), _answer.c.id)
    )
    if wanted.round_id is not None:
        query = query.where(_response.c.campaign_id == wanted.round_id)
    if wanted.survey:
        query = query.where(_survey.c.slug == wanted.survey)
    if wanted.question:
        query = query.where(_answer.c.question_id == wanted.question)
    if wanted.sentiment:
        query = query.where(_answer.c.sentiment == wanted.sentiment)
    if wanted.cohort:
        query = query.where(
            _response.c.care_status == wanted.cohort[0], _response.c.age_band == wanted.cohort[1]
        )
    rows = (await session.execute(query)).all()
    definitions = await _definitions(session, {int(r.survey_version_id) for r in rows})
    sizes = await _group_sizes(session)
    found: list[SurveyComment] = []
    for row in rows:
        survey = definitions[int(row.survey_version_id)]
        question = next((q for q in survey.questions if q.id == row.question_id), None)
        promise = question.promise if question else None
        themes = _themes(row.themes_json)
        if wanted.promise and promise != wanted.promise:
            continue
        if wanted.theme and wanted.theme not in themes:
            continue
        big = narrow_enough([sizes.get((int(row.campaign_id), row.care_status, row.age_band), 0)])
        if wanted.cohort and not big:
            continue  # a filter by a small group would list that group's comments
        text = str(row.text_redacted)
        found.append(
            SurveyComment(
                id=int(row.id),
                round_id=int(row.campaign_id),
                round_name=str(row.name),
                survey_title=survey_label(survey),
                question_id=str(row.question_id),
                question=question.text if question else str(row.question_id),
                promise=promise,
                cohort=(str(row.care_status), str(row.age_band)) if big else None,
                text=text,
                themes=themes,
                sentiment=row.sentiment,
                quote=text[row.start : row.end] if row.start is not None else None,
                action_reference=row.reference,
                action_outcome=row.outcome,
            )
        )
        if len(found) >= limit:
            break
    return found


async def comment_choices(session: AsyncSession) -> CommentChoices:
    """Return the rounds, surveys, questions, promises and big-enough cohorts comments can be filtered by."""
    rows = (
        await session.execute(
            select(_campaign.c.id, _campaign.c.name, _campaign.c.survey_version_id, _survey.c.slug)
            .select_from(_campaign.join(_version).join(_survey))
            .order_by(_campaign.c.opens_at.desc())
        )
    ).all()
    definitions = await _definitions(session, {int(r.survey_version_id) for r in rows})
    surveys: dict[str, str] = {}
    questions: dict[str, str] = {}
    promises: dict[str, str] = {}
    rounds: list[tuple[int, str]] = []
    for row in rows:
        survey = definitions[int(row.survey_version_id)]
        # Two rounds' names can differ by a capital letter only; the survey's age bands tell them apart.
        rounds.append((int(row.id), f"{row.name} · {survey_label(survey)}"))
        surveys.setdefault(str(row.slug), survey_label(survey))
        wording = {item.code: item.promise for item in survey.promises}
        for question in survey.questions:
            if question.kind != "free_text":
                continue
            questions.setdefault(question.id, f"{question.text} ({survey_label(survey)})")
            # A comment belongs to a promise only through the question tied to it (a "what would help?").
            if question.promise:
                promises.setdefault(question.promise, wording.get(question.promise, question.promise))
    cohorts: Counter[Cohort] = Counter()
    for (_, status, band), size in (await _group_sizes(session)).items():
        if narrow_enough([size]):
            cohorts[(status, band)] += size
    return CommentChoices(
        rounds=rounds,
        surveys=sorted(surveys.items(), key=lambda item: item[1]),
        questions=sorted(questions.items(), key=lambda item: item[1]),
        promises=sorted(promises.items()),
        cohorts=sorted(cohorts),
    )


async def _comment(session: AsyncSession, answer_id: int) -> AnswerRecord:
    answer = await session.get(AnswerRecord, answer_id)
    if answer is None or answer.redaction_status != "done" or not answer.text_redacted:
        raise CommentNotFound(answer_id)
    return answer


async def correct_comment_themes(
    session: AsyncSession, *, answer_id: int, themes: Sequence[str], known: Collection[str], now: datetime
) -> tuple[str, ...]:
    """Set a comment's themes (replacing the tagger's) and keep the correction; return them in order."""
    chosen = tuple(dict.fromkeys(t.strip().upper() for t in themes if t.strip()))
    unknown = [t for t in chosen if t not in known]
    if unknown:
        raise CommentRefused(f"unknown theme(s): {', '.join(unknown)}")
    answer = await _comment(session, answer_id)
    automatic = _themes(answer.themes_json)
    answer.themes_json = json.dumps(list(chosen))
    await session.flush()
    await record_answer_correction(session, answer_id=answer_id, automatic=automatic, themes=chosen, now=now)
    return chosen


async def approve_comment_quote(
    session: AsyncSession,
    *,
    answer_id: int,
    sentence: str,
    staff: StaffAccount,
    now: datetime,
    theme: str | None = None,
) -> int:
    """Approve one sentence of a comment for board papers; return the quote id.

    As with issue quotes, the sentence must appear word for word in the
    anonymised text, so nothing redaction removed can slip back in; a
    comment has at most one quote, and approving another replaces it.
    """
    words = " ".join(sentence.split())
    if not words:
        raise CommentRefused("the quote is empty")
    answer = await _comment(session, answer_id)
    text = str(answer.text_redacted)
    start = text.find(words)
    if start < 0:
        raise CommentRefused("the quote must be copied exactly from the anonymised comment")
    if theme is None:
        themes = _themes(answer.themes_json)
        theme = themes[0] if themes else None
    quote = (
        (await session.execute(select(CommentQuote).where(_quote.c.answer_id == answer_id))).scalars().first()
    )
    quote = quote or CommentQuote(answer_id=answer_id, start=start, end=start + len(words))
    quote.start, quote.end, quote.theme = start, start + len(words), theme
    quote.approved_by, quote.approved_at = staff.id, now
    session.add(quote)
    await session.flush()
    return int(quote.id or 0)


async def link_comment_action(
    session: AsyncSession, *, answer_id: int, reference: str, staff: StaffAccount, now: datetime
) -> str | None:
    """Link a comment to the issue whose outcome answers it; an empty reference removes the link.

    Only an issue closed with an outcome is a "you said, we did" action, so
    only such an issue can be linked: the paper then quotes its outcome.
    """
    await _comment(session, answer_id)
    link = (
        (await session.execute(select(CommentAction).where(_action.c.answer_id == answer_id)))
        .scalars()
        .first()
    )
    reference = reference.strip().upper()
    if not reference:
        if link is not None:
            await session.delete(link)
            await session.flush()
        return None
    issue = (await session.execute(select(Issue).where(_issue.c.reference == reference))).scalars().first()
    if issue is None or issue.id is None:
        raise CommentRefused(f"there is no issue {reference}")
    if not issue.outcome:
        raise CommentRefused(f"issue {reference} has no outcome yet; close it with what was done first")
    link = link or CommentAction(answer_id=answer_id, issue_id=issue.id)
    link.issue_id, link.linked_by, link.linked_at = issue.id, staff.id, now
    session.add(link)
    await session.flush()
    return reference
