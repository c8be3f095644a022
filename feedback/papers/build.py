"""Turning facts into paper content: every paper for a period is protected together, then laid out.

Each number in a paper is a sum of atoms, the finest counts Heard keeps (see
:mod:`feedback.disclosure.linked`): issues raised by one cohort in one month
about one priority with one feeling; theme mentions; outcomes; alerts;
check-in answers; a round's invited, started and finished per cohort; and a
round's answers about each commitment. :func:`protect_period` lays out the
paper for everyone and for every cohort once, collecting those sums, and has
them protected as one release, checked against every earlier release and the
staff pages for the same rounds. :func:`build_content` then lays one paper out
again, reading only what the release allows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from anonymiser.themes.taxonomy import Taxonomy
from feedback.aggregate.facts import (
    COHORTS,
    CohortFilter,
    CouncilFacts,
    ItemCounts,
    QuoteFact,
    RoundFacts,
)
from feedback.aggregate.tables import ALERT_LEVELS, HELPED, SENTIMENTS, change_hint
from feedback.disclosure import MIN_BASE, SUPPRESSED, Release, protect
from feedback.disclosure.collect import Grid, Numbers
from feedback.disclosure.shares import RATED_BANDS
from feedback.papers import wording
from feedback.papers.content import (
    Cover,
    Example,
    Finding,
    PaperContent,
    PromiseRow,
    QuoteItem,
    Table,
    ThemeRow,
    WellbeingRow,
)
from feedback.papers.status import count_change, rag, share_trend
from feedback.round_rates import paper_table, round_atoms, round_numbers

__all__ = [
    "ALL_PAPERS",
    "MAX_QUOTES",
    "QUOTES_PER_PRIORITY",
    "build_content",
    "council_atoms",
    "protect_period",
    "round_releases",
    "shown_numbers",
]

# Each is the difference of the other two, so they are always protected together.
TOP_PAPERS = (CohortFilter(), CohortFilter("in_care"), CohortFilter("care_leaver"))
# With every age band that is not a whole care status: the whole hierarchy, protected as one.
ALL_PAPERS = TOP_PAPERS + tuple(
    CohortFilter(status, band)
    for status, band in COHORTS
    if CohortFilter(status).cohorts() != CohortFilter(status, band).cohorts()
)
MAX_QUOTES = 8
ALERTS_SECTION = 9  # the safeguarding section's number in every format
QUOTES_PER_PRIORITY = 2
_MEASURED = ("promise", "charter")
Cohort = tuple[str, str]


def _ck(cohort: Cohort) -> str:
    return f"{cohort[0]}:{cohort[1]}"


def _iss(c: Cohort, m: str, p: str, s: str) -> str:
    return f"iss|{_ck(c)}|{m}|{p}|{s}"


def _men(c: Cohort, m: str, t: str) -> str:
    return f"men|{_ck(c)}|{m}|{t}"


def _out(c: Cohort, m: str, p: str, h: str) -> str:
    return f"out|{_ck(c)}|{m}|{p}|{h}"


def _mnp(c: Cohort, m: str, p: str, t: str) -> str:
    return f"mnp|{_ck(c)}|{m}|{p}|{t}"


def _cmt(c: Cohort, m: str, t: str) -> str:
    return f"cmt|{_ck(c)}|{m}|{t}"


def _alr(c: Cohort, m: str, level: str) -> str:
    return f"alr|{_ck(c)}|{m}|{level}"


def _wb(c: Cohort, m: str, q: str, code: str) -> str:
    return f"wb|{_ck(c)}|{m}|{q}|{code}"


def _wbn(c: Cohort, m: str, q: str) -> str:
    return f"wbn|{_ck(c)}|{m}|{q}"


def _item(kind: str, r: int, c: Cohort, code: str) -> str:
    return f"{kind}|r{r}|{_ck(c)}|{code}"


def _main_priority(themes: Sequence[str], taxonomy: Taxonomy) -> str | None:
    for code in themes:
        if code in taxonomy:
            return taxonomy.theme(code).corporate_parenting_priority
    return None


def _all_rounds(facts: CouncilFacts) -> list[RoundFacts]:
    return [*facts.rounds, *(r for r, _ in facts.rounds_before), *facts.rounds_other]


def council_atoms(facts: CouncilFacts, taxonomy: Taxonomy) -> dict[str, int]:
    """Return the true value of every atom the papers for ``facts.period`` are made of."""
    truth: Counter[str] = Counter()
    for (c, m), month in facts.months.items():
        for issue in month.issues:
            priority = _main_priority(issue.themes, taxonomy)
            if priority is None:
                continue
            truth[_iss(c, m, priority, issue.sentiment or "neutral")] += 1
            for code in set(issue.themes):
                if code in taxonomy:
                    truth[_men(c, m, code)] += 1
                    if taxonomy.theme(code).corporate_parenting_priority == priority:
                        truth[_mnp(c, m, priority, code)] += 1
        for closed in month.closed:
            priority = _main_priority(closed.themes, taxonomy)
            if priority is not None:
                helped = closed.helped if closed.helped in ("yes", "partly", "no") else "none"
                truth[_out(c, m, priority, helped)] += 1
        for comment in month.comments:
            for code in set(comment.themes):
                if code in taxonomy:
                    truth[_cmt(c, m, code)] += 1
        for level, n in month.alerts.items():
            truth[_alr(c, m, level)] += n
        for q in month.wellbeing:
            truth[_wbn(c, m, q.question_id)] += q.answers
            for code, n in q.counts.items():
                truth[_wb(c, m, q.question_id, code)] += n
    for r in _all_rounds(facts):
        truth.update(round_atoms(r.campaign_id, r.counts))
        for c, items in r.items.items():
            for code, item in items.items():
                truth[_item("pos", r.campaign_id, c, code)] += item.positive
                truth[_item("ans", r.campaign_id, c, code)] += item.answers
                truth[_item("ppl", r.campaign_id, c, code)] += item.respondents
    return dict(truth)


def _links(n: Numbers, facts: CouncilFacts, taxonomy: Taxonomy) -> None:
    """Declare what every reader knows about how atoms relate (only facts that are always true)."""
    labels = sorted({m for _, m in facts.months} | {m.label for m in facts.period.months()})
    for c in COHORTS:
        for m in labels:
            for p in taxonomy.priorities:
                # An issue counted under a priority mentions that priority's main theme.
                weights = {_men(c, m, t.code): 1 for t in taxonomy if t.corporate_parenting_priority == p}
                weights.update({_iss(c, m, p, s): -1 for s, _ in SENTIMENTS})
                n.bound(weights)
            for t in taxonomy:
                # Among a priority's issues, a theme is mentioned by no more issues than there are,
                # and by no more than mention it at all.
                p = t.corporate_parenting_priority
                within = _mnp(c, m, p, t.code)
                n.bound({**{_iss(c, m, p, s): 1 for s, _ in SENTIMENTS}, within: -1})
                n.bound({_men(c, m, t.code): 1, within: -1})
            every = {_iss(c, m, p, s): 1 for p in taxonomy.priorities for s, _ in SENTIMENTS}
            for t in taxonomy:  # no theme is mentioned by more issues than were raised
                n.bound({**every, _men(c, m, t.code): -1})
            for q in facts.month(c, m).wellbeing:
                options = {_wb(c, m, q.question_id, code): 1 for code, _ in q.options}
                n.bound({**options, _wbn(c, m, q.question_id): -1})
                if not q.multiple:
                    n.bound({**{a: -1 for a in options}, _wbn(c, m, q.question_id): 1})
    for r in _all_rounds(facts):
        for c, items in r.items.items():
            for code, counts in items.items():
                ans, ppl = _item("ans", r.campaign_id, c, code), _item("ppl", r.campaign_id, c, code)
                n.bound({ans: 1, ppl: -1})
                n.bound({ppl: counts.questions, ans: -1})
                n.bound(
                    {
                        f"rsp|r{r.campaign_id}|{_ck(c)}|done": 1,
                        f"rsp|r{r.campaign_id}|{_ck(c)}|part": 1,
                        ppl: -1,
                    }
                )


def suppression_note(threshold: int) -> str:
    """Return the footnote shown under any table with a ``c``."""
    return (
        f"c: a number from 1 to {threshold}, or a number (rarely 0) hidden so that a small one cannot be "
        "worked out from this or any other published table. 0 means nobody."
    )


def hidden_kinds_note(kinds: set[str], threshold: int) -> str | None:
    """Return what a table's ``c`` may hide beyond 1 to ``threshold``, so no reader has to guess.

    The check assumes a reader knows this anyway (see
    :func:`feedback.disclosure.linked.pinned`); saying it keeps an honest reader
    from a wrong guess such as "every c here is at least 1".
    """
    said = []
    if "zero" in kinds:
        said.append("In this table a c may also be 0.")
    if "large" in kinds:
        said.append(f"In this table some c are more than {threshold}.")
    return " ".join(said) or None


def _table(
    name: str,
    caption: str,
    rows: Sequence[str],
    columns: Sequence[str],
    grid: Grid,
    threshold: int,
    note: str | None = None,
    kinds: set[str] | None = None,
) -> Table:
    hidden = any(cell == SUPPRESSED for row in grid for cell in row)
    extra = hidden_kinds_note(kinds or set(), threshold) if hidden else None
    notes = [x for x in (note, suppression_note(threshold) if hidden else None, extra) if x]
    return Table(
        name=name,
        caption=caption,
        rows=list(rows),
        columns=list(columns),
        cells=[list(row) for row in grid],
        note=" ".join(notes) or None,
    )


def _pct(band: tuple[int, int] | None) -> int | None:
    return band[0] if band is not None and band[1] == band[0] + 1 else None


class _Layout:
    """One paper's layout, reading every number through a :class:`Numbers`."""

    def __init__(self, n: Numbers, facts: CouncilFacts, cohort: CohortFilter, taxonomy: Taxonomy) -> None:
        self.n, self.facts, self.cohort, self.taxonomy = n, facts, cohort, taxonomy
        self.k = n.threshold
        self.cohorts = cohort.cohorts()
        self.now = [m.label for m in facts.period.months()]
        self.before = [m.label for m in facts.previous.months()]
        self.key = cohort.key or "all"

    def responses(self) -> list[Table]:
        tables = []
        for r in self.facts.rounds:
            if not any(r.counts.get(c, (0, 0, 0))[0] for c in self.cohorts):
                continue
            rows, grid, rates = paper_table(
                self.n, r.campaign_id, r.counts, self.cohort, f"Responses to round {r.campaign_id}"
            )
            # Two surveys' titles can differ by a capital letter only; the age bands tell them apart.
            bands = ", ".join(dict.fromkeys(b for c, b in COHORTS if r.counts.get((c, b), (0, 0, 0))[0]))
            table = _table(
                f"Responses: {r.name}, aged {bands}",
                f"{r.name} ({r.survey_title}, aged {bands}): who was invited and who answered",
                rows,
                ["Completed", "Started, not finished", "Not started", "Total"],
                grid,
                self.k,
                f"The total column is the number invited. A response rate is shown only when "
                f"at least {MIN_BASE} were invited and neither those who completed nor those "
                f"who did not number 1 to {self.k}.",
                self.n.hidden_kinds.get(f"rsp|r{r.campaign_id}|{self.key}"),
            )
            cells = [
                [*row, f"{rate}%" if rate is not None else "–"]
                for row, rate in zip(table.cells, rates, strict=True)
            ]
            tables.append(
                table.model_copy(update={"columns": [*table.columns, "Response rate"], "cells": cells})
            )
        return tables

    def _items(
        self, rounds: Sequence[RoundFacts], code: str
    ) -> tuple[list[str], list[str], list[str], ItemCounts]:
        pos, ans, ppl = [], [], []
        total = ItemCounts(0, 0, 0)
        for r in rounds:
            for c in self.cohorts:
                counts = r.items.get(c, {}).get(code)
                if counts is None or counts.answers == 0:
                    continue
                pos.append(_item("pos", r.campaign_id, c, code))
                ans.append(_item("ans", r.campaign_id, c, code))
                ppl.append(_item("ppl", r.campaign_id, c, code))
                total = ItemCounts(
                    total.positive + counts.positive,
                    total.answers + counts.answers,
                    total.respondents + counts.respondents,
                )
        return pos, ans, ppl, total

    def promises(self) -> list[PromiseRow]:
        rows = []
        rounds = [r for r in self.facts.rounds if r.purpose in _MEASURED]
        for code, info in self.facts.promises.items():
            pos, ans, ppl, now = self._items(rounds, code)
            if not ans:
                continue
            base = self.n.count(ppl, f"ppl|{self.key}|{code}|base")
            band = self.n.share(pos, ans, people=ppl, bands=RATED_BANDS)
            share = _pct(band)
            previous, previous_label, then = None, None, None
            for r, label in self.facts.rounds_before:
                if r.purpose not in _MEASURED or not any(
                    r.items.get(c, {}).get(code, ItemCounts(0, 0, 0)).answers for c in COHORTS
                ):
                    continue
                p_pos, p_ans, p_ppl, then = self._items([r], code)
                previous = _pct(self.n.share(p_pos, p_ans, people=p_ppl)) if p_ans else None
                previous_label = label if previous is not None else None
                break
            hint = (
                change_hint(now, then)
                if then is not None and share is not None and previous is not None
                else None
            )
            status, label = rag(band[0] if band is not None else None)
            rows.append(
                PromiseRow(
                    code=code,
                    promise=info.promise,
                    kind="Charter" if info.purpose == "charter" else "Promise",
                    share=share,
                    base=base,
                    previous=previous,
                    previous_label=previous_label,
                    trend=share_trend(share, previous),
                    hint=hint,
                    rag=status,
                    rag_label=label,
                )
            )
        return rows

    def wellbeing(self) -> list[WellbeingRow]:
        questions: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}
        for m in self.now:
            for c in self.cohorts:
                for q in self.facts.month(c, m).wellbeing:
                    questions.setdefault(q.question_id, (q.text, q.options))
        rows = []
        for qid, (text, options) in questions.items():
            answers = [_wbn(c, m, qid) for m in self.now for c in self.cohorts]
            earlier = [_wbn(c, m, qid) for m in self.before for c in self.cohorts]
            base = self.n.count(answers, f"wbn|{self.key}|{qid}|base")
            for code, label in options:
                chosen = [_wb(c, m, qid, code) for m in self.now for c in self.cohorts]
                share = _pct(self.n.share(chosen, answers))
                # The same months of the previous period, through the same release: a trend.
                then = [_wb(c, m, qid, code) for m in self.before for c in self.cohorts]
                previous = _pct(self.n.share(then, earlier))
                rows.append(
                    WellbeingRow(
                        question=text,
                        answer=label,
                        share=share,
                        base=base,
                        previous=previous,
                        trend=share_trend(share, previous),
                    )
                )
        return rows

    def priorities(self) -> Table:
        tax, months = self.taxonomy, self.now
        atoms = [
            [[_iss(c, m, p, s) for c in self.cohorts for m in months] for s, _ in SENTIMENTS]
            for p in tax.priorities
        ]
        grid = self.n.table(
            "priorities", tax.priorities, [label for _, label in SENTIMENTS], atoms, group=f"iss|{self.key}"
        )
        before_atoms = [
            [[_iss(c, m, p, s) for c in self.cohorts for m in self.before for s, _ in SENTIMENTS]]
            for p in tax.priorities
        ]
        before = self.n.table(
            "priorities",
            tax.priorities,
            ["Total"],
            before_atoms,
            row_totals=False,
            group=f"iss|{self.key}|prev",
        )
        label = self.facts.period.label
        table = _table(
            "Issues raised by priority and feeling",
            f"Issues raised in {label} by corporate parenting priority and feeling",
            [*tax.priorities, "Total"],
            [lab for _, lab in SENTIMENTS] + ["Total"],
            [[*row, before[i][0]] for i, row in enumerate(grid)],
            self.k,
            "Each issue is counted once, under the priority of its main theme.",
            self.n.hidden_kinds.get(f"iss|{self.key}", set())
            | self.n.hidden_kinds.get(f"iss|{self.key}|prev", set()),
        )
        cells = [[*row[:-1], row[-1], count_change(row[-2], row[-1])] for row in table.cells]
        return table.model_copy(
            update={"columns": [*table.columns, self.facts.previous.label, "Change"], "cells": cells}
        )

    def themes(self) -> list[ThemeRow]:
        rows = []
        for t in self.taxonomy:
            group = f"men|{self.key}|{t.code}|mentions"
            now = self.n.count([_men(c, m, t.code) for c in self.cohorts for m in self.now], group)
            before = self.n.count([_men(c, m, t.code) for c in self.cohorts for m in self.before], group)
            rows.append(
                ThemeRow(
                    theme=t.name,
                    priority=t.corporate_parenting_priority,
                    now=now,
                    before=before,
                    change=count_change(now, before),
                )
            )
        return rows

    def comment_themes(self) -> list[ThemeRow]:
        """Survey comments mentioning each theme, through the same release as every other number."""
        rows = []
        for t in self.taxonomy:
            group = f"cmt|{self.key}|{t.code}|mentions"
            now = self.n.count([_cmt(c, m, t.code) for c in self.cohorts for m in self.now], group)
            before = self.n.count([_cmt(c, m, t.code) for c in self.cohorts for m in self.before], group)
            rows.append(
                ThemeRow(
                    theme=t.name,
                    priority=t.corporate_parenting_priority,
                    now=now,
                    before=before,
                    change=count_change(now, before),
                    source="Survey comments",
                )
            )
        return rows

    def outcomes(self) -> Table:
        tax = self.taxonomy
        atoms = [
            [[_out(c, m, p, h or "none") for c in self.cohorts for m in self.now] for h, _ in HELPED]
            for p in tax.priorities
        ]
        grid = self.n.table(
            "outcomes", tax.priorities, [label for _, label in HELPED], atoms, group=f"out|{self.key}"
        )
        return _table(
            "You said, we did: outcomes and whether they helped",
            f"Issues closed with an outcome in {self.facts.period.label}, and whether the young "
            "person said it helped",
            [*tax.priorities, "Total"],
            [label for _, label in HELPED] + ["Total"],
            grid,
            self.k,
            "Counted once each, under the priority of the main theme.",
            self.n.hidden_kinds.get(f"out|{self.key}"),
        )

    def alerts(self) -> Table:
        atoms = [[[_alr(c, m, level) for c in self.cohorts for m in self.now]] for level, _ in ALERT_LEVELS]
        grid = self.n.table(
            "alerts",
            [label for _, label in ALERT_LEVELS],
            ["Alerts"],
            atoms,
            row_totals=False,
            group=f"alr|{self.key}",
        )
        return _table(
            "Safeguarding alerts",
            f"Safeguarding alerts raised in {self.facts.period.label}",
            [label for _, label in ALERT_LEVELS] + ["Total"],
            ["Alerts"],
            grid,
            self.k,
            "Counts only. Every alert goes to the safeguarding lead under the council's procedures.",
            self.n.hidden_kinds.get(f"alr|{self.key}"),
        )

    def quotes(self) -> list[QuoteFact]:
        """Return the period's approved quotes, each with its age band only where that band is safe to name.

        A quote's age band says that someone of that age raised its theme. Unless
        the count of that theme for that band this period is published as more
        than the threshold (not ``c``, not 0), naming the band beside the words
        would point at one of a handful of young people, so the band is left off.
        """
        found = []
        for m in self.now:
            for c in self.cohorts:
                for q in self.facts.month(c, m).quotes:
                    family = _cmt if q.source == "survey" else _men
                    atoms = [family(c, month, q.theme) for month in self.now] if q.theme else []
                    if q.age_band and not (atoms and self.n.shown_above_threshold(atoms)):
                        q = replace(q, age_band=None)
                    found.append(q)
        return found

    def examples(self, most: int = 5) -> list[Example]:
        """Return up to ``most`` "you said, we did" examples (comments linked to outcomes), each once."""
        found: dict[str, Example] = {}
        for m in self.now:
            for c in self.cohorts:
                for action in self.facts.month(c, m).actions:
                    code = action.theme
                    theme = self.taxonomy.theme(code).name if code and code in self.taxonomy else None
                    said, did = wording.example(action.said, theme, action.outcome)
                    found.setdefault(did, Example(said=said, did=did))
        return list(found.values())[:most]

    def untagged(self) -> int:
        return sum(self.facts.month(c, m).untagged for m in self.now for c in self.cohorts)


def _quotes(quotes: Sequence[QuoteFact], taxonomy: Taxonomy) -> dict[str, list[QuoteItem]]:
    """Return approved quotes from issues and survey comments by priority, each once.

    One quote per thread or comment, and the same words never twice (a young
    person may say the same thing in a survey and in an issue).
    """
    by_priority: dict[str, list[QuoteItem]] = {}
    sources: set[tuple[str, int]] = set()
    words: set[str] = set()
    taken = 0
    for quote in quotes:
        said = " ".join(quote.text.casefold().split())
        if (quote.source, quote.issue_id) in sources or said in words or taken >= MAX_QUOTES:
            continue
        theme = taxonomy.theme(quote.theme) if quote.theme and quote.theme in taxonomy else None
        key = theme.corporate_parenting_priority if theme else ""
        if len(by_priority.setdefault(key, [])) >= QUOTES_PER_PRIORITY:
            continue
        sources.add((quote.source, quote.issue_id))
        words.add(said)
        taken += 1
        by_priority[key].append(
            QuoteItem(
                text=quote.text,
                theme=theme.name if theme else None,
                age_band=quote.age_band,
                source="survey comment" if quote.source == "survey" else "issue",
            )
        )
    return by_priority


def _findings(layout: _Layout, priorities: Table, themes: list[ThemeRow]) -> list[Finding]:
    quotes = _quotes(layout.quotes(), layout.taxonomy)
    total_col = priorities.columns.index("Total")
    findings = []
    for i, priority in enumerate(priorities.rows[:-1]):
        row = priorities.cells[i]
        # Counted among this priority's issues only, so no theme outnumbers the issues it is part of.
        within = [
            (
                layout.n.count(
                    [_mnp(c, m, priority, t.code) for c in layout.cohorts for m in layout.now],
                    f"mnp|{layout.key}|{priority}|{t.code}",
                ),
                t.name,
            )
            for t in layout.taxonomy
            if t.corporate_parenting_priority == priority
        ]
        mentioned = sorted(((n, name) for n, name in within if isinstance(n, int) and n), reverse=True)
        text = wording.finding(
            priority,
            row[total_col],
            row[0],
            str(row[-1]),
            layout.facts.previous.label,
            [f"{name} ({n})" for n, name in mentioned[:3]],
        )
        findings.append(Finding(priority=priority, text=text, quotes=quotes.get(priority, [])))
    if quotes.get(""):
        findings.append(Finding(priority="Other things young people said", text="", quotes=quotes[""]))
    return findings


def _lay_out(
    n: Numbers,
    facts: CouncilFacts,
    cohort: CohortFilter,
    taxonomy: Taxonomy,
    *,
    council: str,
    generated_on: date,
    cover: Cover | None = None,
) -> PaperContent:
    layout = _Layout(n, facts, cohort, taxonomy)
    responses = layout.responses()
    promises = layout.promises()
    wellbeing = layout.wellbeing()
    priorities = layout.priorities()
    themes = layout.themes()
    outcomes = layout.outcomes()
    alerts = layout.alerts()
    helped = dict(zip(outcomes.columns, outcomes.cells[-1], strict=True))
    k = n.threshold
    purpose = wording.purpose(council, facts.period.title, cohort.label)
    if facts.note:
        purpose = f"{facts.note} {purpose}"
    recommendations = wording.recommendations(promises, themes, responses, wellbeing)
    # A report that asks the Board to agree anything is for decision, otherwise for information.
    status = "For decision" if any(" agrees " in r for r in recommendations) else "For information"
    return PaperContent(
        cover=(cover or Cover()).model_copy(update={"status": status}),
        examples=layout.examples(),
        implications=wording.implications(ALERTS_SECTION),
        background_papers=wording.background_papers(facts.period.label, facts.previous.label),
        council=council,
        title=f"The voice of children in care and care leavers: {facts.period.title}",
        period_label=facts.period.label,
        period_title=facts.period.title,
        previous_label=facts.previous.label,
        cohort_label=cohort.label,
        generated_on=generated_on,
        suppression_max=k,
        purpose=purpose,
        recommendations=recommendations,
        summary=wording.summary(responses, promises, priorities, themes, helped, alerts, wellbeing),
        responses=responses,
        promises=promises,
        wellbeing=wellbeing,
        priorities=priorities,
        findings=_findings(layout, priorities, themes),
        themes=themes,
        theme_chart_alt=wording.chart_alt(themes, facts.period.label, facts.previous.label, k),
        comment_themes=layout.comment_themes(),
        outcomes=outcomes,
        alerts=alerts,
        methodology=wording.methodology(k, layout.untagged()),
        glossary=wording.GLOSSARY,
    )


def round_releases(facts: CouncilFacts, threshold: int) -> Release:
    """Return what the staff pages and ``heard campaign show`` publish about the rounds in ``facts``."""
    release = Release()
    for r in _all_rounds(facts):
        release = release.merged(round_numbers(r.campaign_id, r.counts, threshold=threshold))
    return release


def papers_for(cohort: CohortFilter | None = None) -> tuple[CohortFilter, ...]:
    """Return every paper Heard could publish for a period, protected together whichever is asked for.

    The paper for everyone, for each care status and for each age band that
    is not a whole care status (children in care aged 8-10, 11-15, 16-17).
    Each is a sum or a difference of the others, so they are suppressed as
    one: publishing any of them, or all, gives a reader no more equations
    than the whole set, which the check has already attacked. A paper is then
    never refused because of another paper for the same period.
    """
    del cohort  # whichever paper is asked for, the whole set is protected
    return ALL_PAPERS


def protect_period(
    facts: CouncilFacts,
    taxonomy: Taxonomy,
    *,
    threshold: int = 5,
    prior: Release | None = None,
    cohort: CohortFilter | None = None,
) -> Release:
    """Return the release for the papers of the period that go together with ``cohort``'s (see
    :func:`papers_for`), protected as one.

    ``prior`` is everything already released (the ledger); the rounds' own
    staff-page numbers are added to it. Raises DisclosureRefused when no safe
    release exists.
    """
    truth = council_atoms(facts, taxonomy)
    first = Numbers(truth, threshold=threshold)
    for chosen in papers_for(cohort):
        _lay_out(first, facts, chosen, taxonomy, council="", generated_on=date(2000, 1, 1))
    _links(first, facts, taxonomy)
    rounds = round_releases(facts, threshold)
    earlier = (prior or Release()).merged(rounds)
    counts, shares, bounds = first.grouped()
    hidden = first.start_hidden | {f for f, v in rounds.counts.items() if v == SUPPRESSED}
    return protect(
        counts,
        shares,
        truth=truth,
        bounds=bounds,
        threshold=threshold,
        prior=earlier,
        start_hidden=hidden,
        what=_what(facts, cohort),
    )


def _what(facts: CouncilFacts, cohort: CohortFilter | None) -> str:
    chosen = cohort or CohortFilter()
    return f"the paper for {chosen.label.lower()} for {facts.period.label}"


def build_content(
    facts: CouncilFacts,
    taxonomy: Taxonomy,
    *,
    council: str,
    generated_on: date,
    suppression_max: int = 5,
    cohort: CohortFilter | None = None,
    release: Release | None = None,
    cover: Cover | None = None,
) -> PaperContent:
    """Return one paper's content, every number read from the protected release for its period.

    ``cover`` carries what Heard cannot know (meeting date, item, author);
    left out, the cover asks the officer to fill them in.
    """
    chosen = cohort or CohortFilter()
    decided = (
        release
        if release is not None
        else protect_period(facts, taxonomy, threshold=suppression_max, cohort=chosen)
    )
    n = Numbers(council_atoms(facts, taxonomy), decided, suppression_max)
    return _lay_out(n, facts, chosen, taxonomy, council=council, generated_on=generated_on, cover=cover)


def shown_numbers(
    facts: CouncilFacts, taxonomy: Taxonomy, cohort: CohortFilter, release: Release, threshold: int
) -> Release:
    """Return the part of ``release`` one paper shows (what the ledger records when it goes out)."""
    n = Numbers(council_atoms(facts, taxonomy), release, threshold)
    seen = _Recording(n)
    _lay_out(seen, facts, cohort, taxonomy, council="", generated_on=date(2000, 1, 1))
    return seen.shown()


class _Recording(Numbers):
    """A :class:`Numbers` that remembers which of the release's numbers were read."""

    def __init__(self, inner: Numbers) -> None:
        super().__init__(inner.truth, inner.release, inner.threshold)
        self.read_counts: set[tuple[tuple[str, int], ...]] = set()
        self.read_shares: set[tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]] = set()

    def count(self, atoms: Sequence[str], group: str = "") -> int | str:
        from feedback.disclosure import form

        self.read_counts.add(form(atoms))
        return super().count(atoms, group)

    def share(
        self,
        numerator: Sequence[str],
        base: Sequence[str],
        *,
        people: Sequence[str] = (),
        bands: tuple[tuple[int, int], ...] = (),
    ) -> tuple[int, int] | None:
        from feedback.disclosure import form

        self.read_shares.add((form(numerator), form(base)))
        return super().share(numerator, base, people=people, bands=bands)

    def shown(self) -> Release:
        assert self.release is not None
        counts = {f: v for f, v in self.release.counts.items() if f in self.read_counts}
        shares = {k: v for k, v in self.release.shares.items() if k in self.read_shares}
        groups = {f: g for f, g in self.release.groups.items() if f in counts}
        return Release(counts, shares, self.release.bounds, groups)
