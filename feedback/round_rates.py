"""A survey round's numbers in every view, protected once: paper tables, ``heard campaign show``, portal.

Who was invited, who started and who finished a round is shown in several
places: the paper's "who took part" table for everyone and for each cohort,
the command line's per-cohort rates, and the portal's rounds page and
dashboard. They are all sums of the same finest counts (per cohort: finished,
started but not finished, not started), so they are protected together here
with :func:`feedback.disclosure.protect`, and each view reads its numbers from
the one result. A rate is shown only when neither the number who did it nor
the number who did not is 1 to the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.aggregate.facts import COHORTS, CohortFilter, cohort_label
from feedback.disclosure import DEFAULT_THRESHOLD, SUPPRESSED, PublishedTable, Release, Shown, protect
from feedback.disclosure.collect import Numbers
from surveys.cohorts import Cohort
from surveys.rates import RoundResponses

__all__ = [
    "COLUMNS",
    "FILTERS",
    "RESPONSE_COLUMNS",
    "RateRow",
    "RoundView",
    "published_rates",
    "round_atoms",
    "round_counts",
    "round_numbers",
    "round_view",
    "round_views",
]

COLUMNS = ("completed", "started, not finished", "not started", "invited")
RESPONSE_COLUMNS = ("Completed", "Started, not finished", "Not started")
_STATES = ("done", "part", "none")
_STATUS_WORDS = {"in_care": "In care", "care_leaver": "Care leavers"}
# Every group a paper can be written for: everyone, each care status, each cohort.
FILTERS: tuple[CohortFilter, ...] = (
    CohortFilter(),
    CohortFilter("in_care"),
    CohortFilter("care_leaver"),
    *(CohortFilter(s, b) for s, b in COHORTS),
)
RoundCounts = Mapping[tuple[str, str], tuple[int, int, int]]  # cohort -> invited, started, completed


def _key(cohort: tuple[str, str]) -> str:
    return f"{cohort[0]}:{cohort[1]}"


def round_atoms(round_id: int, counts: RoundCounts) -> dict[str, int]:
    """Return the finest counts of a round: per cohort, finished, started only, and not started."""
    truth: dict[str, int] = {}
    for cohort, (invited, started, completed) in counts.items():
        for state, n in zip(_STATES, (completed, started - completed, invited - started), strict=True):
            truth[f"rsp|r{round_id}|{_key(cohort)}|{state}"] = n
    return truth


def _atom(round_id: int, cohort: tuple[str, str], state: str) -> str:
    return f"rsp|r{round_id}|{_key(cohort)}|{state}"


@dataclass(frozen=True)
class RateRow:
    """One cohort (or the total): counts or ``c``, and the completion rate where it may be shown.

    The columns split the invited into parts (finished, started but not
    finished, not started), the same parts the paper shows, so no view adds an
    equation another view does not already publish.
    """

    label: str
    invited: Shown
    completed: Shown
    unfinished: Shown
    not_started: Shown
    completed_rate: int | None


@dataclass(frozen=True)
class RoundView:
    """A round as staff see it: per-cohort rows and the total, every number protected."""

    rows: tuple[RateRow, ...]
    total: RateRow


def _pct(band: tuple[int, int] | None) -> int | None:
    return band[0] if band is not None and band[1] == band[0] + 1 else None


def paper_table(
    numbers: Numbers, round_id: int, counts: RoundCounts, cohort: CohortFilter, name: str
) -> tuple[list[str], list[list[Shown]], list[int | None]]:
    """Return the paper's "who took part" rows, grid (with totals) and response rates for one group."""
    chosen = [c for c in cohort.cohorts() if counts.get(c, (0, 0, 0))[0] > 0]
    rows = [cohort_label(*c) for c in chosen]
    atoms = [[[_atom(round_id, c, s)] for s in _STATES] for c in chosen]
    grid = numbers.table(name, rows, RESPONSE_COLUMNS, atoms, group=f"rsp|r{round_id}|{cohort.key or 'all'}")
    rates = [
        _pct(numbers.share([_atom(round_id, c, "done")], [_atom(round_id, c, s) for s in _STATES]))
        for c in chosen
    ]
    every = [_atom(round_id, c, s) for c in chosen for s in _STATES]
    rates.append(_pct(numbers.share([_atom(round_id, c, "done") for c in chosen], every)))
    # A rate beside a hidden count reads as that count (12 invited, c completed, 25 %): never show one.
    rates = [
        None if SUPPRESSED in (cells[0], cells[-1]) else rate for cells, rate in zip(grid, rates, strict=True)
    ]
    return [*rows, "Total"], grid, rates


def _staff_view(numbers: Numbers, round_id: int, counts: RoundCounts) -> RoundView:
    chosen = [c for c in COHORTS if counts.get(c, (0, 0, 0))[0] > 0]
    chosen += sorted(c for c in counts if c not in COHORTS and counts[c][0] > 0)
    if not chosen:  # nobody invited yet: nothing about anyone to show
        return RoundView((), RateRow("Total", 0, 0, 0, 0, None))
    names = [f"{_STATUS_WORDS.get(c[0], c[0])} {c[1]}" for c in chosen]
    labels, grid, rates = paper_table(
        numbers,
        round_id,
        {c: counts[c] for c in chosen},
        _AnyCohort(tuple(chosen)),
        f"Responses to round {round_id}",
    )
    del labels
    rows = tuple(
        RateRow(label, cells[3], cells[0], cells[1], cells[2], rate)
        for label, cells, rate in zip([*names, "Total"], grid, rates, strict=True)
    )
    return RoundView(rows[:-1], rows[-1])


class _AnyCohort(CohortFilter):
    """Every cohort of a round, including any Heard no longer offers (kept in the order given)."""

    def __init__(self, chosen: tuple[tuple[str, str], ...]) -> None:
        object.__setattr__(self, "care_status", None)
        object.__setattr__(self, "age_band", None)
        object.__setattr__(self, "_chosen", chosen)

    def cohorts(self) -> tuple[tuple[str, str], ...]:
        """Return the round's cohorts."""
        return self._chosen  # type: ignore[attr-defined]


def _lay_out(numbers: Numbers, round_id: int, counts: RoundCounts) -> RoundView:
    for cohort in FILTERS:
        paper_table(numbers, round_id, counts, cohort, f"Responses to round {round_id}")
    return _staff_view(numbers, round_id, counts)


def round_numbers(round_id: int, counts: RoundCounts, *, threshold: int = DEFAULT_THRESHOLD) -> Release:
    """Return a round's protected release: every view of it, decided together."""
    truth = round_atoms(round_id, counts)
    first = Numbers(truth, threshold=threshold)
    _lay_out(first, round_id, counts)
    found, shares, bounds = first.grouped()
    return protect(
        found,
        shares,
        truth=truth,
        bounds=bounds,
        threshold=threshold,
        start_hidden=first.start_hidden,
        what=f"round {round_id}",
    )


def round_view(round_id: int, counts: RoundCounts, *, threshold: int = DEFAULT_THRESHOLD) -> RoundView:
    """Return what staff may see of a round (command line and portal)."""
    release = round_numbers(round_id, counts, threshold=threshold)
    return _staff_view(Numbers(round_atoms(round_id, counts), release, threshold), round_id, counts)


def _as_counts(counts: RoundResponses) -> dict[tuple[str, str], tuple[int, int, int]]:
    return {
        (c.care_status, c.age_band): (n.invited, n.started, n.completed) for c, n in counts.by_cohort.items()
    }


def published_rates(
    counts: RoundResponses, *, threshold: int = DEFAULT_THRESHOLD, round_id: int = 0
) -> tuple[PublishedTable, list[RateRow]]:
    """Return the round's per-cohort table (the parts of the invited, with totals) and its rows."""
    view = round_view(round_id, _as_counts(counts), threshold=threshold)
    rows = [*view.rows, view.total]
    table = PublishedTable(
        name="Response rates",
        rows=tuple(r.label for r in rows),
        columns=COLUMNS,
        cells=tuple((r.completed, r.unfinished, r.not_started, r.invited) for r in rows),
        threshold=threshold,
    )
    return table, rows


def cohort_of(label: Cohort) -> tuple[str, str]:
    """Return a surveys cohort as the (care status, age band) pair used here."""
    return (label.care_status, label.age_band)


async def round_counts(session: AsyncSession, round_ids: Iterable[int]) -> dict[int, RoundCounts]:
    """Return each round's invited, started and completed per cohort (raw: protect before showing)."""
    from feedback.campaigns import get_round, response_counts

    found: dict[int, RoundCounts] = {}
    for round_id in round_ids:
        found[round_id] = _as_counts(await response_counts(session, await get_round(session, round_id)))
    return found


def round_views(
    counts: Mapping[int, RoundCounts], *, threshold: int = DEFAULT_THRESHOLD
) -> dict[int, RoundView]:
    """Return what staff may see of each round. CPU-bound (the check solves integer programs):
    callers on the event loop run it in an executor."""
    return {round_id: round_view(round_id, c, threshold=threshold) for round_id, c in counts.items()}
