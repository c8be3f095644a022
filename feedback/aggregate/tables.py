"""Pure aggregation: facts in, raw count tables and promise results out, ready for disclosure control.

Every table here is built so its cells add up to its totals exactly: issues
are counted once, under the priority of their main (first) theme, and survey
invitations are split into completed, started-but-not-finished and not
started. That keeps the published equations simple enough for
:mod:`feedback.disclosure` to check exactly. The one table without totals
(theme mentions) counts an issue under each of its themes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from anonymiser.themes.taxonomy import Taxonomy
from feedback.aggregate.facts import (
    ClosedIssue,
    CohortFilter,
    Facts,
    IssueFact,
    ItemCounts,
    RoundFacts,
    cohort_label,
)
from feedback.disclosure import CountTable

__all__ = [
    "ALERT_LEVELS",
    "HELPED",
    "MIN_TEST_BASE",
    "SENTIMENTS",
    "PromiseResult",
    "alert_table",
    "change_hint",
    "outcome_table",
    "priority_before_table",
    "priority_table",
    "promise_results",
    "response_table",
    "theme_table",
]

SENTIMENTS: tuple[tuple[str, str], ...] = (
    ("negative", "Negative"),
    ("mixed", "Mixed"),
    ("neutral", "Neutral"),
    ("positive", "Positive"),
)
HELPED: tuple[tuple[str | None, str], ...] = (
    ("yes", "Said it helped"),
    ("partly", "Said it partly helped"),
    ("no", "Said it did not help"),
    (None, "Did not say"),
)
ALERT_LEVELS: tuple[tuple[str, str], ...] = (
    ("urgent", "Urgent (immediate risk)"),
    ("concern", "Concern"),
)
MIN_TEST_BASE = 30  # below this on either side, no significance hint is given
RESPONSE_COLUMNS = ("Completed", "Started, not finished", "Not started")


def response_table(round_: RoundFacts, cohort: CohortFilter) -> CountTable:
    """Return one round's invitations per cohort, split so the row total is the number invited."""
    rows, counts = [], []
    for status, band in cohort.cohorts():
        invited, started, completed = round_.counts.get((status, band), (0, 0, 0))
        if invited == 0:
            continue
        rows.append(cohort_label(status, band))
        counts.append((completed, started - completed, invited - started))
    return CountTable(
        name=f"Responses: {round_.name}",
        rows=tuple(rows),
        columns=RESPONSE_COLUMNS,
        counts=tuple(counts),
        total_label="Total",
    )


def _main_priority(themes: Sequence[str], taxonomy: Taxonomy) -> str | None:
    for code in themes:
        if code in taxonomy:
            return taxonomy.theme(code).corporate_parenting_priority
    return None


def priority_table(issues: Iterable[IssueFact], taxonomy: Taxonomy) -> CountTable:
    """Return issues raised by main priority and overall feeling, each issue counted once."""
    counts: Counter[tuple[str, str]] = Counter()
    for issue in issues:
        priority = _main_priority(issue.themes, taxonomy)
        if priority is not None:
            counts[priority, issue.sentiment or "neutral"] += 1
    return CountTable(
        name="Issues raised by priority and feeling",
        rows=taxonomy.priorities,
        columns=tuple(label for _, label in SENTIMENTS),
        counts=tuple(tuple(counts[p, s] for s, _ in SENTIMENTS) for p in taxonomy.priorities),
    )


def priority_before_table(issues: Iterable[IssueFact], taxonomy: Taxonomy, label: str) -> CountTable:
    """Return issues raised in the previous period by main priority, for the change column."""
    counts = Counter(_main_priority(i.themes, taxonomy) for i in issues)
    return CountTable(
        name=f"Issues raised by priority, {label}",
        rows=taxonomy.priorities,
        columns=(label,),
        counts=tuple((counts[p],) for p in taxonomy.priorities),
        row_totals=False,
    )


def theme_table(
    now: Iterable[IssueFact], before: Iterable[IssueFact], taxonomy: Taxonomy, labels: tuple[str, str]
) -> CountTable:
    """Return how many issues mention each theme, now and in the previous period (no totals)."""
    this = Counter(code for i in now for code in set(i.themes))
    last = Counter(code for i in before for code in set(i.themes))
    return CountTable(
        name="Issues mentioning each theme",
        rows=tuple(t.name for t in taxonomy),
        columns=labels,
        counts=tuple((this[t.code], last[t.code]) for t in taxonomy),
        row_totals=False,
        column_totals=False,
    )


def outcome_table(closed: Iterable[ClosedIssue], taxonomy: Taxonomy) -> CountTable:
    """Return issues closed with an outcome by main priority, and whether young people said it helped."""
    counts: Counter[tuple[str, str | None]] = Counter()
    for issue in closed:
        priority = _main_priority(issue.themes, taxonomy)
        if priority is not None:
            helped = issue.helped if issue.helped in ("yes", "partly", "no") else None
            counts[priority, helped] += 1
    return CountTable(
        name="You said, we did: outcomes and whether they helped",
        rows=taxonomy.priorities,
        columns=tuple(label for _, label in HELPED),
        counts=tuple(tuple(counts[p, h] for h, _ in HELPED) for p in taxonomy.priorities),
    )


def alert_table(alerts: dict[str, int] | Facts) -> CountTable:
    """Return safeguarding alerts by level: counts only, nothing about anyone."""
    found = alerts.alerts if isinstance(alerts, Facts) else alerts
    return CountTable(
        name="Safeguarding alerts",
        rows=tuple(label for _, label in ALERT_LEVELS),
        columns=("Alerts",),
        counts=tuple((found.get(level, 0),) for level, _ in ALERT_LEVELS),
        row_totals=False,
    )


@dataclass(frozen=True)
class PromiseResult:
    """How well one commitment is kept now, and before."""

    code: str
    promise: str
    purpose: str
    now: ItemCounts
    before: ItemCounts | None
    before_label: str | None

    @property
    def share(self) -> float:
        """Return the share of answers that were positive (0 to 1)."""
        return self.now.positive / self.now.answers if self.now.answers else 0.0


def promise_results(facts: Facts) -> list[PromiseResult]:
    """Return a result for each commitment measured this period, in the surveys' order."""
    results = []
    for code, info in facts.promises.items():
        now = facts.items.get(code)
        if now is None or now.answers == 0:
            continue
        before, label = facts.items_before.get(code, (None, None))
        results.append(PromiseResult(code, info.promise, info.purpose, now, before, label))
    return results


def change_hint(now: ItemCounts, before: ItemCounts) -> str | None:
    """Return "likely real change" or "could be chance" (two-proportion z-test), None on small bases.

    The bases are people, not answers, because one person's answers to the
    questions on a promise are not independent; this keeps the test cautious.
    """
    n1, n2 = now.respondents, before.respondents
    if min(n1, n2) < MIN_TEST_BASE or not now.answers or not before.answers:
        return None
    p1, p2 = now.positive / now.answers, before.positive / before.answers
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return "could be chance" if p1 == p2 else "likely real change"
    return "likely real change" if abs(p1 - p2) / spread >= 1.96 else "could be chance"
