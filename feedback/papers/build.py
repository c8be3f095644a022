"""Turning facts into paper content: every number goes through disclosure control here, once."""

from __future__ import annotations

from collections import Counter
from datetime import date

from anonymiser.themes.taxonomy import Taxonomy
from feedback.aggregate.facts import Facts, QuoteFact
from feedback.aggregate.tables import (
    alert_table,
    change_hint,
    outcome_table,
    priority_before_table,
    priority_table,
    promise_results,
    response_table,
    theme_table,
)
from feedback.disclosure import MIN_BASE, PublishedTable, percentage, show_count, suppress
from feedback.papers import wording
from feedback.papers.content import (
    Finding,
    PaperContent,
    PromiseRow,
    QuoteItem,
    Table,
    ThemeRow,
    WellbeingRow,
)
from feedback.papers.status import count_change, rag, share_trend

__all__ = ["MAX_QUOTES", "QUOTES_PER_PRIORITY", "build_content"]

MAX_QUOTES = 8
QUOTES_PER_PRIORITY = 2


def suppression_note(threshold: int) -> str:
    """Return the footnote shown under any table with a ``c``."""
    return (f"c: a number from 1 to {threshold}, or a number hidden so that a small one cannot be "
            "worked out from the totals. 0 means nobody.")


def _table(published: PublishedTable, caption: str, note: str | None = None) -> Table:
    cells = [list(row) for row in published.cells]
    notes = [n for n in (note, suppression_note(published.threshold) if published.suppressed else None) if n]
    return Table(name=published.name, caption=caption, rows=list(published.rows),
                 columns=list(published.columns), cells=cells, note=" ".join(notes) or None)


def _responses(facts: Facts, k: int) -> list[Table]:
    tables = []
    for round_ in facts.rounds:
        counts = response_table(round_, facts.cohort)
        if not counts.rows:
            continue
        published = suppress(counts, threshold=k)
        table = _table(published, f"{round_.name} ({round_.survey_title}): who was invited and who answered",
                       f"The total column is the number invited. A response rate is shown only when "
                       f"at least {MIN_BASE} were invited and the numbers are not hidden.")
        rates: list[str | int] = []
        for row in published.cells:
            completed, invited = row[0], row[-1]
            share = (percentage(completed, invited) if isinstance(completed, int)
                     and isinstance(invited, int) else None)
            rates.append(f"{share}%" if share is not None else "–")
        cells = [[*row, rate] for row, rate in zip(table.cells, rates, strict=True)]
        tables.append(table.model_copy(update={"columns": [*table.columns, "Response rate"],
                                               "cells": cells}))
    return tables


def _promises(facts: Facts, k: int) -> list[PromiseRow]:
    rows = []
    for result in promise_results(facts):
        now = result.now
        share = percentage(now.positive, now.answers) if now.respondents >= MIN_BASE else None
        before = result.before
        previous = (percentage(before.positive, before.answers)
                    if before is not None and before.respondents >= MIN_BASE else None)
        hint = change_hint(result.now, before) if before is not None and share is not None else None
        status, label = rag(share)
        rows.append(PromiseRow(
            code=result.code, promise=result.promise,
            kind="Charter" if result.purpose == "charter" else "Promise",
            share=share, base=show_count(result.now.respondents, k), previous=previous,
            previous_label=result.before_label if previous is not None else None,
            trend=share_trend(share, previous), hint=hint, rag=status, rag_label=label,
        ))
    return rows


def _wellbeing(facts: Facts, k: int) -> list[WellbeingRow]:
    rows = []
    for question in facts.wellbeing:
        for code, label in question.options:
            rows.append(WellbeingRow(
                question=question.text, answer=label,
                share=percentage(question.counts.get(code, 0), question.answers),
                base=show_count(question.answers, k),
            ))
    return rows


def _priorities(facts: Facts, taxonomy: Taxonomy, k: int) -> Table:
    now = suppress(priority_table(facts.issues, taxonomy), threshold=k)
    before = suppress(priority_before_table(facts.issues_before, taxonomy, facts.previous.label), threshold=k)
    table = _table(now, f"Issues raised in {facts.period.label} by corporate parenting priority and feeling",
                   "Each issue is counted once, under the priority of its main theme. "
                   "The previous period and the change are worked out from separately protected counts.")
    if before.suppressed and not now.suppressed:
        table = table.model_copy(update={"note": suppression_note(k) + " " + (table.note or "")})
    cells = []
    for i, row in enumerate(table.cells):
        previous = before.cells[i][0]
        cells.append([*row, previous, count_change(row[-1], previous)])
    return table.model_copy(update={"columns": [*table.columns, facts.previous.label, "Change"],
                                    "cells": cells})


def _themes(facts: Facts, taxonomy: Taxonomy, k: int) -> list[ThemeRow]:
    published = suppress(theme_table(facts.issues, facts.issues_before, taxonomy,
                                     (facts.period.label, facts.previous.label)), threshold=k)
    return [
        ThemeRow(theme=theme.name, priority=theme.corporate_parenting_priority, now=row[0], before=row[1],
                 change=count_change(row[0], row[1]))
        for theme, row in zip(taxonomy, published.cells, strict=True)
    ]


def _quotes(quotes: tuple[QuoteFact, ...], taxonomy: Taxonomy) -> dict[str, list[QuoteItem]]:
    by_priority: dict[str, list[QuoteItem]] = {}
    threads: set[int] = set()
    taken = 0
    for quote in quotes:
        if quote.issue_id in threads or taken >= MAX_QUOTES:
            continue
        theme = taxonomy.theme(quote.theme) if quote.theme and quote.theme in taxonomy else None
        key = theme.corporate_parenting_priority if theme else ""
        if len(by_priority.setdefault(key, [])) >= QUOTES_PER_PRIORITY:
            continue
        threads.add(quote.issue_id)
        taken += 1
        by_priority[key].append(QuoteItem(text=quote.text, theme=theme.name if theme else None,
                                          age_band=quote.age_band))
    return by_priority


def _findings(facts: Facts, taxonomy: Taxonomy, priorities: Table, themes: list[ThemeRow]) -> list[Finding]:
    quotes = _quotes(facts.quotes, taxonomy)
    total_col = priorities.columns.index("Total")
    findings = []
    for i, priority in enumerate(priorities.rows[:-1]):
        row = priorities.cells[i]
        mentioned = sorted(
            ((t.now, t.theme) for t in themes if t.priority == priority and isinstance(t.now, int) and t.now),
            reverse=True,
        )
        text = wording.finding(priority, row[total_col], row[0], str(row[-1]), facts.previous.label,
                               [f"{name} ({n})" for n, name in mentioned[:3]])
        findings.append(Finding(priority=priority, text=text, quotes=quotes.get(priority, [])))
    if quotes.get(""):
        findings.append(Finding(priority="Other things young people said", text="", quotes=quotes[""]))
    return findings


def build_content(
    facts: Facts, taxonomy: Taxonomy, *, council: str, generated_on: date, suppression_max: int = 5
) -> PaperContent:
    """Return the paper's content for these facts, with every number disclosure-controlled."""
    k = suppression_max
    responses = _responses(facts, k)
    promises = _promises(facts, k)
    priorities = _priorities(facts, taxonomy, k)
    themes = _themes(facts, taxonomy, k)
    outcomes = _table(suppress(outcome_table(facts.closed, taxonomy), threshold=k),
                      f"Issues closed with an outcome in {facts.period.label}, and whether the young person "
                      "said it helped", "Counted once each, under the priority of the main theme.")
    alerts = _table(suppress(alert_table(facts), threshold=k),
                    f"Safeguarding alerts raised in {facts.period.label}",
                    "Counts only. Every alert goes to the safeguarding lead under the council's procedures.")
    helped = Counter({col: cell for col, cell in zip(outcomes.columns, outcomes.cells[-1], strict=True)})
    return PaperContent(
        council=council,
        title=f"The voice of children in care and care leavers: {facts.period.title}",
        period_label=facts.period.label,
        period_title=facts.period.title,
        previous_label=facts.previous.label,
        cohort_label=facts.cohort.label,
        generated_on=generated_on,
        suppression_max=k,
        purpose=wording.purpose(council, facts.period.title, facts.cohort.label),
        recommendations=wording.recommendations(promises, themes, responses),
        summary=wording.summary(responses, promises, priorities, themes, dict(helped), alerts),
        responses=responses,
        promises=promises,
        wellbeing=_wellbeing(facts, k),
        priorities=priorities,
        findings=_findings(facts, taxonomy, priorities, themes),
        themes=themes,
        theme_chart_alt=wording.chart_alt(themes, facts.period.label, facts.previous.label, k),
        outcomes=outcomes,
        alerts=alerts,
        methodology=wording.methodology(k, facts.untagged),
        glossary=wording.GLOSSARY,
    )
