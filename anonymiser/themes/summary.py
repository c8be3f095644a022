"""Counts of what young people talked about in a period, for the board paper.

Pure functions over tagged records. Counts are raw: small-number suppression
is applied later, where the paper is built, because it depends on every cell
of the published table. A text tagged with two themes of the same priority or
domain counts once for that priority or domain, so group totals are texts,
not tags. Codes a taxonomy no longer has (tagged before it changed) are
reported, not silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from anonymiser.themes.taxonomy import SENTIMENT_LABELS, Taxonomy


@dataclass(frozen=True)
class TaggedRecord:
    """One tagged text as the summary needs it: when, what about, how it felt, who (coarsely)."""

    period: str
    themes: tuple[str, ...]
    sentiment: str
    cohort: str | None = None


@dataclass(frozen=True)
class Count:
    """How many texts in the period (and the one before) concern one theme or group."""

    key: str
    name: str
    count: int
    previous: int | None

    @property
    def change(self) -> int | None:
        """Return the rise (or fall, negative) since the previous period; None without one."""
        return None if self.previous is None else self.count - self.previous


@dataclass(frozen=True)
class PeriodSummary:
    """Everything the board paper's themes section counts for one period."""

    period: str
    previous_period: str | None
    texts: int
    previous_texts: int | None
    themes: tuple[Count, ...]
    priorities: tuple[Count, ...]
    domains: tuple[Count, ...]
    sentiment_by_theme: Mapping[str, Mapping[str, int]]
    sentiment: Mapping[str, int]
    unknown_codes: tuple[str, ...]


def quarter(day: date) -> str:
    """Return the calendar quarter key of a day, e.g. ``"2026-Q4"``."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def summarise(
    records: Iterable[TaggedRecord],
    taxonomy: Taxonomy,
    period: str,
    previous_period: str | None = None,
    cohort: str | None = None,
) -> PeriodSummary:
    """Return counts for ``period`` (and changes against ``previous_period``), one cohort or all."""
    chosen = [r for r in records if cohort is None or r.cohort == cohort]
    current = [r for r in chosen if r.period == period]
    before = [r for r in chosen if r.period == previous_period] if previous_period else None

    def counts(rows: list[TaggedRecord], groups: Mapping[str, frozenset[str]]) -> dict[str, int]:
        return {key: sum(1 for r in rows if codes & set(r.themes)) for key, codes in groups.items()}

    def table(groups: Mapping[str, frozenset[str]], names: Mapping[str, str]) -> tuple[Count, ...]:
        now = counts(current, groups)
        then = counts(before, groups) if before is not None else None
        return tuple(Count(key, names[key], now[key], None if then is None else then[key]) for key in groups)

    by_theme = {t.code: frozenset({t.code}) for t in taxonomy}
    by_priority = _groups(
        taxonomy, taxonomy.priorities, lambda code: (taxonomy.theme(code).corporate_parenting_priority,)
    )
    by_domain = _groups(
        taxonomy, taxonomy.wellbeing_domains, lambda code: taxonomy.theme(code).wellbeing_domains
    )
    known = set(taxonomy.codes)
    unknown = sorted({c for r in current + (before or []) for c in r.themes if c not in known})
    return PeriodSummary(
        period=period,
        previous_period=previous_period,
        texts=len(current),
        previous_texts=None if before is None else len(before),
        themes=table(by_theme, {t.code: t.name for t in taxonomy}),
        priorities=table(by_priority, {p: p for p in by_priority}),
        domains=table(by_domain, {d: d for d in by_domain}),
        sentiment_by_theme={
            code: _sentiments(r for r in current if code in r.themes) for code in taxonomy.codes
        },
        sentiment=_sentiments(current),
        unknown_codes=tuple(unknown),
    )


def _groups(
    taxonomy: Taxonomy, order: Iterable[str], keys_of: Callable[[str], Iterable[str]]
) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {key: set() for key in order}
    for code in taxonomy.codes:
        for key in keys_of(code):
            groups.setdefault(key, set()).add(code)
    return {key: frozenset(codes) for key, codes in groups.items()}


def _sentiments(rows: Iterable[TaggedRecord]) -> dict[str, int]:
    split = dict.fromkeys(SENTIMENT_LABELS, 0)
    for row in rows:
        if row.sentiment in split:
            split[row.sentiment] += 1
    return split
