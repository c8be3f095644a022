"""Reading the facts for a paper: grouped counts only, and never a sealed column.

Only anonymised or coded columns are read (answer codes, themes, sentiment,
statuses, approved quotes). Nothing here needs the Sealer, on purpose.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.sql import ColumnElement
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.aggregate.facts import (
    COHORTS,
    ActionFact,
    ClosedIssue,
    CohortFilter,
    CommentFact,
    CouncilFacts,
    Facts,
    IssueFact,
    ItemCounts,
    MonthFacts,
    PromiseInfo,
    QuoteFact,
    RoundFacts,
    WellbeingQuestion,
)
from feedback.aggregate.period import Period, month_of
from feedback.models import (
    Alert,
    AnswerRecord,
    Campaign,
    CampaignDispatch,
    CommentAction,
    CommentQuote,
    Issue,
    Participant,
    Quote,
    Response,
    SurveyVersion,
    table_of,
)
from surveys import Survey

__all__ = ["PROMISE_LOOKBACK", "read_council", "read_facts"]

PROMISE_LOOKBACK = 4  # how many earlier periods to search for the previous round of a promise
_MEASURED = ("promise", "charter")

campaign_t = table_of(Campaign)
dispatch_t = table_of(CampaignDispatch)
participant_t = table_of(Participant)
response_t = table_of(Response)
answer_t = table_of(AnswerRecord)
version_t = table_of(SurveyVersion)
issue_t = table_of(Issue)
alert_t = table_of(Alert)
quote_t = table_of(Quote)
comment_quote_t = table_of(CommentQuote)
comment_action_t = table_of(CommentAction)


def _in_window(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.start_at(), column < period.end_at())


def _cohort(table: Any, cohort: CohortFilter) -> list[ColumnElement[bool]]:
    conditions = []
    if cohort.care_status is not None:
        conditions.append(table.c.care_status == cohort.care_status)
    if cohort.age_band is not None:
        conditions.append(table.c.age_band == cohort.age_band)
    return conditions


def decode(value_json: str | None) -> tuple[str | int, ...]:
    """Return the answer codes stored in ``value_json`` (a code, a scale point or a list)."""
    if value_json is None:
        return ()
    value = json.loads(value_json)
    if isinstance(value, list):
        return tuple(value)
    return () if value is None else (value,)


def _themes(themes_json: str | None) -> tuple[str, ...]:
    return tuple(json.loads(themes_json)) if themes_json else ()


def _filed_under(chosen: str | None, themes_json: str | None) -> str | None:
    """Return the theme a quote is filed under: its source's, as a worker may since have corrected them.

    The theme set when the quote was approved stands while its issue or comment
    still carries it; once a worker has re-themed the source without it, the
    quote follows the source's first theme (none if the worker removed them
    all), so a school quote is not left under the theme it was first tagged with.
    """
    if themes_json is None:
        return chosen
    themes = _themes(themes_json)
    return chosen if chosen in themes else (themes[0] if themes else None)


async def _surveys(session: AsyncSession) -> dict[int, Survey]:
    rows = await session.execute(select(version_t.c.id, version_t.c.definition_json))
    return {int(i): Survey.model_validate_json(text) for i, text in rows.all()}


async def _rounds(
    session: AsyncSession, period: Period, cohort: CohortFilter, surveys: dict[int, Survey]
) -> list[RoundFacts]:
    closes = func.coalesce(campaign_t.c.closes_at, campaign_t.c.opens_at)
    rows = await session.execute(
        select(campaign_t.c.id, campaign_t.c.name, campaign_t.c.survey_version_id)
        .where(_in_window(closes, period))
        .order_by(closes, campaign_t.c.id)
    )
    found = []
    for campaign_id, name, version_id in rows.all():
        invited = await session.execute(
            select(participant_t.c.care_status, participant_t.c.age_band, func.count())
            .select_from(dispatch_t.join(participant_t))
            .where(
                dispatch_t.c.campaign_id == campaign_id,
                dispatch_t.c.kind == "invite",
                *_cohort(participant_t, cohort),
            )
            .group_by(participant_t.c.care_status, participant_t.c.age_band)
        )
        responded = await session.execute(
            select(
                response_t.c.care_status,
                response_t.c.age_band,
                func.count(),
                func.count(response_t.c.completed_on),
            )
            .where(response_t.c.campaign_id == campaign_id, *_cohort(response_t, cohort))
            .group_by(response_t.c.care_status, response_t.c.age_band)
        )
        counts: dict[tuple[str, str], list[int]] = {}
        for status, band, n in invited.all():
            counts.setdefault((status, band), [0, 0, 0])[0] = int(n)
        for status, band, started, completed in responded.all():
            entry = counts.setdefault((status, band), [0, 0, 0])
            entry[1], entry[2] = int(started), int(completed)
        survey = surveys[version_id]
        found.append(
            RoundFacts(
                campaign_id=int(campaign_id),
                name=str(name),
                survey_title=survey.title,
                purpose=survey.purpose,
                counts={key: (max(v[0], v[1]), v[1], v[2]) for key, v in counts.items()},
            )
        )
    return found


def _promise_questions(survey: Survey) -> dict[str, tuple[str, frozenset[str | int]]]:
    return {
        q.id: (q.promise, frozenset(q.positive))
        for q in survey.questions
        if q.promise is not None and q.positive
    }


async def _items(
    session: AsyncSession,
    rounds: Sequence[RoundFacts],
    cohort: CohortFilter,
    surveys: dict[int, Survey],
) -> dict[str, ItemCounts]:
    ids = [r.campaign_id for r in rounds if r.purpose in _MEASURED]
    if not ids:
        return {}
    base = (
        select(response_t.c.survey_version_id, answer_t.c.question_id)
        .select_from(answer_t.join(response_t))
        .where(
            response_t.c.campaign_id.in_(ids),
            answer_t.c.declined.is_(False),
            answer_t.c.value_json.is_not(None),
            *_cohort(response_t, cohort),
        )
    )
    grouped = await session.execute(
        base.add_columns(answer_t.c.value_json, func.count()).group_by(
            response_t.c.survey_version_id, answer_t.c.question_id, answer_t.c.value_json
        )
    )
    positive: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    asked: dict[str, list[tuple[int, str]]] = {}
    for version_id, question_id, value_json, n in grouped.all():
        measured = _promise_questions(surveys[version_id]).get(question_id)
        if measured is None:
            continue
        code, good = measured
        asked.setdefault(code, []).append((version_id, question_id))
        answers[code] += n
        if any(v in good for v in decode(value_json)):
            positive[code] += n
    result = {}
    for code, pairs in asked.items():
        which = or_(
            *(and_(response_t.c.survey_version_id == v, answer_t.c.question_id == q) for v, q in set(pairs))
        )
        people = await session.execute(
            base.with_only_columns(func.count(distinct(answer_t.c.response_id))).where(which)
        )
        result[code] = ItemCounts(positive[code], answers[code], int(people.scalar_one()))
    return result


async def _wellbeing(
    session: AsyncSession, period: Period, cohort: CohortFilter, surveys: dict[int, Survey]
) -> list[WellbeingQuestion]:
    versions = [v for v, s in surveys.items() if s.purpose == "check_in"]
    if not versions:
        return []
    rows = await session.execute(
        select(response_t.c.survey_version_id, answer_t.c.question_id, answer_t.c.value_json, func.count())
        .select_from(answer_t.join(response_t))
        .where(
            response_t.c.survey_version_id.in_(versions),
            response_t.c.started_on >= period.start,
            response_t.c.started_on <= period.last,
            answer_t.c.declined.is_(False),
            answer_t.c.value_json.is_not(None),
            *_cohort(response_t, cohort),
        )
        .group_by(response_t.c.survey_version_id, answer_t.c.question_id, answer_t.c.value_json)
    )
    counts: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for _version, question_id, value_json, n in rows.all():
        totals[question_id] += n
        for code in decode(value_json):
            counts.setdefault(question_id, Counter())[str(code)] += n
    # The newest check-in version gives the wording and the order of questions.
    survey = surveys[max(versions)]
    found = []
    for q in survey.questions:
        if not q.closed or q.id not in counts:
            continue
        labels = {str(c.code): c.label for c in q.choices or ()}
        labels.update({str(i + 1): p.label for i, p in enumerate(q.scale or ())})
        labels.update({"yes": "Yes", "no": "No", "not_sure": "Not sure"})
        options = tuple((str(code), labels.get(str(code), str(code))) for code in q.answer_codes())
        found.append(
            WellbeingQuestion(
                q.id, q.text, options, dict(counts[q.id]), totals[q.id], multiple=q.kind == "multiple_choice"
            )
        )
    return found


async def _issues(session: AsyncSession, period: Period, cohort: CohortFilter) -> list[IssueFact]:
    rows = await session.execute(
        select(issue_t.c.themes_json, issue_t.c.sentiment).where(
            _in_window(issue_t.c.created_at, period), *_cohort(issue_t, cohort)
        )
    )
    return [IssueFact(_themes(t), s) for t, s in rows.all()]


async def _closed(session: AsyncSession, period: Period, cohort: CohortFilter) -> list[ClosedIssue]:
    rows = await session.execute(
        select(issue_t.c.themes_json, issue_t.c.helped).where(
            issue_t.c.status == "closed",
            issue_t.c.outcome.is_not(None),
            _in_window(issue_t.c.closed_at, period),
            *_cohort(issue_t, cohort),
        )
    )
    return [ClosedIssue(_themes(t), h) for t, h in rows.all()]


async def _alerts(session: AsyncSession, period: Period, cohort: CohortFilter) -> dict[str, int]:
    query = select(alert_t.c.level, func.count()).where(_in_window(alert_t.c.created_at, period))
    if not cohort.everyone:
        query = query.select_from(alert_t.join(participant_t)).where(*_cohort(participant_t, cohort))
    rows = await session.execute(query.group_by(alert_t.c.level))
    return {str(level): int(n) for level, n in rows.all()}


async def _quotes(session: AsyncSession, period: Period, cohort: CohortFilter) -> list[QuoteFact]:
    rows = await session.execute(
        select(quote_t.c.issue_id, quote_t.c.text, quote_t.c.theme, quote_t.c.age_band, issue_t.c.themes_json)
        .select_from(quote_t.join(issue_t))
        .where(_in_window(quote_t.c.approved_at, period), *_cohort(issue_t, cohort))
        .order_by(quote_t.c.approved_at, quote_t.c.id)
    )
    seen: set[int] = set()
    quotes = []
    for issue_id, text, theme, band, themes_json in rows.all():
        if issue_id in seen:  # one quote per thread, whatever the table allows
            continue
        seen.add(issue_id)
        quotes.append(QuoteFact(int(issue_id), str(text), _filed_under(theme, themes_json), band))
    return quotes


def _readable_comment(period: Period, cohort: CohortFilter) -> list[ColumnElement[bool]]:
    """Survey comments staff could read, from responses begun in ``period`` (a text waiting is invisible)."""
    return [
        answer_t.c.redaction_status == "done",
        answer_t.c.text_redacted.is_not(None),
        response_t.c.started_on >= period.start,
        response_t.c.started_on <= period.last,
        *_cohort(response_t, cohort),
    ]


async def _comments(session: AsyncSession, period: Period, cohort: CohortFilter) -> list[CommentFact]:
    rows = await session.execute(
        select(answer_t.c.themes_json, answer_t.c.sentiment)
        .select_from(answer_t.join(response_t))
        .where(*_readable_comment(period, cohort))
    )
    return [CommentFact(_themes(t), s) for t, s in rows.all()]


async def _comment_quotes(session: AsyncSession, period: Period, cohort: CohortFilter) -> list[QuoteFact]:
    """Return quotes approved in ``period`` from survey comments, cut from the anonymised words."""
    rows = await session.execute(
        select(
            answer_t.c.id,
            answer_t.c.text_redacted,
            comment_quote_t.c.start,
            comment_quote_t.c.end,
            comment_quote_t.c.theme,
            response_t.c.age_band,
            answer_t.c.themes_json,
        )
        .select_from(comment_quote_t.join(answer_t).join(response_t))
        .where(
            _in_window(comment_quote_t.c.approved_at, period),
            answer_t.c.redaction_status == "done",
            answer_t.c.text_redacted.is_not(None),
            *_cohort(response_t, cohort),
        )
        .order_by(comment_quote_t.c.approved_at, comment_quote_t.c.id)
    )
    return [
        QuoteFact(int(answer_id), str(text)[start:end], _filed_under(theme, themes), band, source="survey")
        for answer_id, text, start, end, theme, band, themes in rows.all()
        if str(text)[start:end].strip()
    ]


async def _actions(session: AsyncSession, period: Period, cohort: CohortFilter) -> list[ActionFact]:
    """Return survey comments linked to an issue closed with an outcome in ``period``."""
    rows = await session.execute(
        select(
            answer_t.c.text_redacted,
            answer_t.c.themes_json,
            comment_quote_t.c.start,
            comment_quote_t.c.end,
            issue_t.c.outcome,
        )
        .select_from(
            comment_action_t.join(issue_t, comment_action_t.c.issue_id == issue_t.c.id)
            .join(answer_t, comment_action_t.c.answer_id == answer_t.c.id)
            .join(response_t, answer_t.c.response_id == response_t.c.id)
            .outerjoin(comment_quote_t, comment_quote_t.c.answer_id == answer_t.c.id)
        )
        .where(
            issue_t.c.outcome.is_not(None),
            _in_window(issue_t.c.closed_at, period),
            answer_t.c.text_redacted.is_not(None),
            *_cohort(response_t, cohort),
        )
        .order_by(issue_t.c.closed_at, comment_action_t.c.id)
    )
    found = []
    for text, themes_json, start, end, outcome in rows.all():
        themes = _themes(themes_json)
        said = str(text)[start:end] if start is not None else None
        found.append(ActionFact(said or None, themes[0] if themes else None, str(outcome)))
    return found


def _promises(surveys: Iterable[Survey]) -> dict[str, PromiseInfo]:
    found: dict[str, PromiseInfo] = {}
    for survey in sorted(surveys, key=lambda s: (s.id, s.version)):
        if survey.purpose in _MEASURED:
            for item in survey.promises:
                found[item.code] = PromiseInfo(item.code, item.promise, survey.purpose)
    return found


async def read_facts(session: AsyncSession, period: Period, cohort: CohortFilter | None = None) -> Facts:
    """Return the counts a paper for ``period`` needs, with the previous period's for comparison."""
    cohort = cohort or CohortFilter()
    surveys = await _surveys(session)
    rounds = await _rounds(session, period, cohort, surveys)
    items = await _items(session, rounds, cohort, surveys)
    before: dict[str, tuple[ItemCounts, str]] = {}
    window = period
    for _ in range(PROMISE_LOOKBACK):
        window = window.previous()
        earlier = await _items(session, await _rounds(session, window, cohort, surveys), cohort, surveys)
        for code, counts in earlier.items():
            before.setdefault(code, (counts, window.label))
    issues = await _issues(session, period, cohort)
    return Facts(
        period=period,
        previous=period.previous(),
        cohort=cohort,
        rounds=tuple(rounds),
        promises=_promises(surveys.values()),
        items=items,
        items_before=before,
        wellbeing=tuple(await _wellbeing(session, period, cohort, surveys)),
        issues=tuple(i for i in issues if i.themes),
        issues_before=tuple(i for i in await _issues(session, period.previous(), cohort) if i.themes),
        untagged=sum(1 for i in issues if not i.themes),
        closed=tuple(await _closed(session, period, cohort)),
        alerts=await _alerts(session, period, cohort),
        quotes=tuple(await _quotes(session, period, cohort)),
    )


async def _round_counts(
    session: AsyncSession, campaign_id: int
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """Return invited, started and completed per cohort, counted as ``heard campaign show`` counts them."""
    from feedback.campaigns import get_round, response_counts

    counts = await response_counts(session, await get_round(session, campaign_id))
    return {
        (c.care_status, c.age_band): (n.invited, n.started, n.completed) for c, n in counts.by_cohort.items()
    }


async def _rounds_by_cohort(
    session: AsyncSession, period: Period | None, surveys: dict[int, Survey], *, only: set[int] | None = None
) -> list[RoundFacts]:
    closes = func.coalesce(campaign_t.c.closes_at, campaign_t.c.opens_at)
    query = select(campaign_t.c.id, campaign_t.c.name, campaign_t.c.survey_version_id)
    if period is not None:
        query = query.where(_in_window(closes, period))
    if only is not None:
        if not only:
            return []
        query = query.where(campaign_t.c.id.in_(sorted(only)))
    rows = await session.execute(query.order_by(closes, campaign_t.c.id))
    found = []
    for campaign_id, name, version_id in rows.all():
        survey = surveys[version_id]
        bare = RoundFacts(int(campaign_id), str(name), survey.title, survey.purpose, {})
        measured = _promise_questions(survey)
        questions = {
            code: sum(1 for c, _ in measured.values() if c == code)
            for code in {c for c, _ in measured.values()}
        }
        items = {}
        for cohort in COHORTS:
            got = await _items(session, [bare], CohortFilter(*cohort), surveys)
            items[cohort] = {
                code: ItemCounts(n.positive, n.answers, n.respondents, questions.get(code, 1))
                for code, n in got.items()
            }
        found.append(
            RoundFacts(
                int(campaign_id),
                str(name),
                survey.title,
                survey.purpose,
                await _round_counts(session, int(campaign_id)),
                items,
            )
        )
    return found


async def read_council(
    session: AsyncSession,
    period: Period,
    *,
    note: str | None = None,
    also_months: Iterable[str] = (),
    also_rounds: Iterable[int] = (),
) -> CouncilFacts:
    """Return the counts behind every paper for ``period``, by cohort and month (whole months only).

    ``also_months`` (``2026-07``) and ``also_rounds`` (round ids) are read too,
    because an earlier release showed numbers about them: the check needs their
    true values to know which of those numbers are small.
    """
    surveys = await _surveys(session)
    previous = period.previous()
    months: dict[tuple[tuple[str, str], str], MonthFacts] = {}
    wanted = {m.label: m for m in [*previous.months(), *period.months()]}
    for label in also_months:
        year, _, number = label.partition("-")
        if year.isdigit() and number.isdigit():
            found_month = month_of(date(int(year), int(number), 1))
            wanted.setdefault(found_month.label, found_month)
    for month in sorted(wanted.values()):
        for cohort in COHORTS:
            chosen = CohortFilter(*cohort)
            issues = await _issues(session, month, chosen)
            found = MonthFacts(
                issues=tuple(i for i in issues if i.themes),
                untagged=sum(1 for i in issues if not i.themes),
                closed=tuple(await _closed(session, month, chosen)),
                alerts=await _alerts(session, month, chosen),
                wellbeing=tuple(await _wellbeing(session, month, chosen, surveys)),
                quotes=(
                    *await _quotes(session, month, chosen),
                    *await _comment_quotes(session, month, chosen),
                ),
                comments=tuple(await _comments(session, month, chosen)),
                actions=tuple(await _actions(session, month, chosen)),
            )
            if found != MonthFacts():
                months[cohort, month.label] = found
    before: list[tuple[RoundFacts, str]] = []
    window = period
    for _ in range(PROMISE_LOOKBACK):
        window = window.previous()
        earlier = await _rounds_by_cohort(session, window, surveys)
        before += [(r, window.label) for r in reversed(earlier)]
    rounds = await _rounds_by_cohort(session, period, surveys)
    known = {r.campaign_id for r in rounds} | {r.campaign_id for r, _ in before}
    other = [r for r in await _rounds_by_cohort(session, None, surveys, only=set(also_rounds) - known)]
    return CouncilFacts(
        period=period,
        previous=previous,
        months=months,
        rounds=tuple(rounds),
        rounds_before=tuple(before),
        promises=_promises(surveys.values()),
        note=note,
        rounds_other=tuple(other),
    )
