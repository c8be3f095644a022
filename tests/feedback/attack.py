"""An attacker that reads only what Heard publishes, written apart from ``feedback.disclosure``.

It takes published papers (their tables, as the CSV export holds them) and
the staff pages' round numbers, and writes down every equation a reader can:
each group's cell is the sum of its cohorts' cells, a quarter's cell the sum
of its months, cells add up to their totals, a previous-period column is last
period's totals, a rate is completed over invited to the nearest whole per
cent, and an issue counted under a priority mentions one of that priority's
themes. It guesses, table by table, that every ``c`` is at least 1 (zeros
are shown, unless the codebook's rare hidden zero is in that table), and then,
like the attacker of issue 15, that every ``c`` in a table is at most 5,
keeping each guess the published numbers allow, except where the table's
note says a ``c`` there may be 0, or that some are more than 5. Then an integer
program (SciPy's HiGHS) finds each hidden cell's smallest and largest value.
A small cell is *pinned* when those meet at its true value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_array

from anonymiser.themes.taxonomy import Taxonomy
from feedback.aggregate.facts import COHORTS, CohortFilter, cohort_label
from feedback.aggregate.tables import ALERT_LEVELS, HELPED, SENTIMENTS
from feedback.papers.content import PaperContent
from feedback.round_rates import RoundView

K = 5
_STATES = ("done", "part", "none")


@dataclass
class _Hidden:
    label: str
    parts: dict[str, int]
    truth: int
    table: str


@dataclass
class Attacker:
    """Collects equations from published numbers; :meth:`pinned` solves for the hidden ones."""

    truth: dict[str, int]  # only to say whether a pinned value is right, never used to solve
    rows: list[tuple[dict[str, int], float, float]] = field(default_factory=list)
    hidden: list[_Hidden] = field(default_factory=list)
    caps: dict[str, list[int]] = field(default_factory=dict)
    # Tables whose note says a c may be 0, or that some c are more than 5: no guess either way there.
    may_be_zero: set[str] = field(default_factory=set)
    may_be_large: set[str] = field(default_factory=set)

    def note(self, text: str | None, *tables: str) -> None:
        """Read a table's note for what its ``c`` may hide."""
        if text and "a c may also be 0" in text:
            self.may_be_zero.update(tables)
        if text and f"some c are more than {K}" in text:
            self.may_be_large.update(tables)

    def _value(self, parts: dict[str, int]) -> int:
        return sum(c * self.truth.get(v, 0) for v, c in parts.items())

    def cell(self, shown: object, parts: Iterable[str], label: str, table: str) -> None:
        """Record one published cell, the sum of ``parts``."""
        weights: dict[str, int] = {}
        for p in parts:
            weights[p] = weights.get(p, 0) + 1
        if not weights:
            return
        if shown == "c":
            self.caps.setdefault(table, []).append(len(self.rows))
            self.rows.append((weights, 1, math.inf))
            self.hidden.append(_Hidden(label, weights, self._value(weights), table))
        elif isinstance(shown, int):
            self.rows.append((weights, shown, shown))

    def rate(self, shown: object, done: Sequence[str], invited: Sequence[str]) -> None:
        """Record a whole-number percentage of ``done`` over ``invited``."""
        if not isinstance(shown, str) or not shown.endswith("%"):
            return
        p = int(shown.rstrip("%"))
        low = {v: 200 for v in done}
        for v in invited:
            low[v] = low.get(v, 0) - (2 * p - 1)
        high = {v: -200 for v in done}
        for v in invited:
            high[v] = high.get(v, 0) + (2 * p + 1)
        self.rows.append((low, 0, math.inf))
        self.rows.append((high, 1, math.inf))

    def at_least(self, weights: dict[str, int]) -> None:
        """Record something every reader knows: the weighted sum is at least 0."""
        self.rows.append((weights, 0, math.inf))

    def _system(
        self, capped: set[str], floored: set[str]
    ) -> tuple[list[str], lil_array, np.ndarray, np.ndarray]:
        names = sorted({v for w, _, _ in self.rows for v in w})
        index = {v: i for i, v in enumerate(names)}
        a = lil_array((len(self.rows), len(names)))
        lows, highs = np.zeros(len(self.rows)), np.zeros(len(self.rows))
        capped_rows = {i for t in capped for i in self.caps.get(t, [])}
        hidden_rows = {i for t in self.caps for i in self.caps[t]}
        floored_rows = {i for t in floored for i in self.caps.get(t, [])}
        for i, (weights, low, high) in enumerate(self.rows):
            for v, c in weights.items():
                a[i, index[v]] = c
            if i in hidden_rows and i not in floored_rows:
                low = 0
            lows[i], highs[i] = low, (K if i in capped_rows else high)
        return names, a, lows, highs

    def _feasible(self, capped: set[str], floored: set[str]) -> bool:
        names, a, lows, highs = self._system(capped, floored)
        result = milp(
            np.zeros(len(names)),
            integrality=np.ones(len(names)),
            bounds=Bounds(0, 10_000),
            constraints=[LinearConstraint(a.tocsr(), lows, highs)],
        )
        return result.status == 0

    def pinned(self) -> list[tuple[str, int]]:
        """Return (label, value) for every small hidden cell worked out exactly and correctly."""
        floored: set[str] = set()
        for table in sorted(self.caps):
            if table not in self.may_be_zero and self._feasible(set(), floored | {table}):
                floored.add(table)
        capped: set[str] = set()
        for table in sorted(self.caps):
            if table not in self.may_be_large and self._feasible(capped | {table}, floored):
                capped.add(table)
        names, a, lows, highs = self._system(capped, floored)
        index = {v: i for i, v in enumerate(names)}
        constraint = LinearConstraint(a.tocsr(), lows, highs)
        found = []
        for h in self.hidden:
            if not 1 <= h.truth <= K:
                continue
            c = np.zeros(len(names))
            for v, w in h.parts.items():
                c[index[v]] = w
            ends = []
            for sign in (1, -1):
                result = milp(
                    sign * c,
                    integrality=np.ones(len(names)),
                    bounds=Bounds(0, 10_000),
                    constraints=[constraint],
                )
                assert result.status == 0, "what is published must be consistent"
                ends.append(round(sign * result.fun))
            if ends[0] == ends[1] == h.truth:
                found.append((h.label, h.truth))
        return found


def _cohorts(label: str) -> tuple[tuple[str, str], ...]:
    for status in ("in_care", "care_leaver"):
        if label == cohort_label(status):
            return CohortFilter(status).cohorts()
    for cohort in COHORTS:
        if label == cohort_label(*cohort):
            return (cohort,)
    return COHORTS


def _key(c: tuple[str, str]) -> str:
    return f"{c[0]}:{c[1]}"


def read_paper(
    attacker: Attacker,
    paper: PaperContent,
    *,
    cohorts: Sequence[tuple[str, str]],
    months: Sequence[str],
    before: Sequence[str],
    taxonomy: Taxonomy,
    rounds: dict[str, int],
) -> None:
    """Write down the equations one published paper gives (``rounds``: round name to id)."""
    tag = f"{paper.period_label}|{paper.cohort_label}"
    sentiments = [s for s, _ in SENTIMENTS]

    def iss(p: str, s: str | None, over: Sequence[str]) -> list[str]:
        chosen = [s] if s else sentiments
        return [f"iss|{_key(c)}|{m}|{p}|{x}" for c in cohorts for m in over for x in chosen]

    table = paper.priorities
    attacker.note(table.note, f"{tag}|priority", f"{tag}|priority-before")
    priorities = list(taxonomy.priorities)
    for i, row in enumerate(table.rows):
        ps = priorities if row == "Total" else [row]
        for j, col in enumerate(table.columns):
            if col in ("Change",):
                continue
            over = before if col == paper.previous_label else months
            s = (
                None
                if col in ("Total", paper.previous_label)
                else sentiments[[lab for _, lab in SENTIMENTS].index(col)]
            )
            parts = [v for p in ps for v in iss(p, s, over)]
            name = "priority-before" if col == paper.previous_label else "priority"
            attacker.cell(table.cells[i][j], parts, f"{tag}|{name}|{row}|{col}", f"{tag}|{name}")
    codes = {t.name: t.code for t in taxonomy}
    for theme in paper.themes:
        code = codes[theme.theme]
        for shown, over, when in ((theme.now, months, "now"), (theme.before, before, "before")):
            attacker.cell(
                shown,
                [f"men|{_key(c)}|{m}|{code}" for c in cohorts for m in over],
                f"{tag}|theme|{theme.theme}|{when}",
                f"{tag}|themes",
            )
    helped = [h or "none" for h, _ in HELPED]
    table = paper.outcomes
    attacker.note(table.note, f"{tag}|outcomes")
    for i, row in enumerate(table.rows):
        ps = priorities if row == "Total" else [row]
        for j, col in enumerate(table.columns):
            hs = helped if col == "Total" else [helped[[lab for _, lab in HELPED].index(col)]]
            parts = [f"out|{_key(c)}|{m}|{p}|{h}" for c in cohorts for m in months for p in ps for h in hs]
            attacker.cell(table.cells[i][j], parts, f"{tag}|outcome|{row}|{col}", f"{tag}|outcomes")
    levels = [level for level, _ in ALERT_LEVELS]
    attacker.note(paper.alerts.note, f"{tag}|alerts")
    for i, row in enumerate(paper.alerts.rows):
        ls = levels if row == "Total" else [levels[[lab for _, lab in ALERT_LEVELS].index(row)]]
        parts = [f"alr|{_key(c)}|{m}|{x}" for c in cohorts for m in months for x in ls]
        attacker.cell(paper.alerts.cells[i][0], parts, f"{tag}|alerts|{row}", f"{tag}|alerts")
    for table in paper.responses:
        title = table.name.removeprefix("Responses: ")
        round_id = next(
            rid
            for name, rid in sorted(rounds.items(), key=lambda r: -len(r[0]))
            if title == name or title.startswith(name + ",")
        )
        named = [c for c in cohorts if cohort_label(*c) in table.rows]
        attacker.note(table.note, f"{tag}|round {round_id}")
        for i, row in enumerate(table.rows):
            chosen = named if row == "Total" else list(_cohorts(row))
            for j, state in enumerate([*_STATES, "all"]):
                states = _STATES if state == "all" else (state,)
                parts = [f"rsp|r{round_id}|{_key(c)}|{s}" for c in chosen for s in states]
                attacker.cell(
                    table.cells[i][j],
                    parts,
                    f"{tag}|round {round_id}|{row}|{state}",
                    f"{tag}|round {round_id}",
                )
            attacker.rate(
                table.cells[i][-1],
                [f"rsp|r{round_id}|{_key(c)}|done" for c in chosen],
                [f"rsp|r{round_id}|{_key(c)}|{s}" for c in chosen for s in _STATES],
            )


def read_links(attacker: Attacker, taxonomy: Taxonomy, months: Iterable[str]) -> None:
    """Write down what any reader knows about issues and themes."""
    for c in COHORTS:
        for m in months:
            every = {f"iss|{_key(c)}|{m}|{p}|{s}": 1 for p in taxonomy.priorities for s, _ in SENTIMENTS}
            for p in taxonomy.priorities:
                weights = {
                    f"men|{_key(c)}|{m}|{t.code}": 1 for t in taxonomy if t.corporate_parenting_priority == p
                }
                weights.update({f"iss|{_key(c)}|{m}|{p}|{s}": -1 for s, _ in SENTIMENTS})
                attacker.at_least(weights)
            for t in taxonomy:
                attacker.at_least({**every, f"men|{_key(c)}|{m}|{t.code}": -1})


def read_round_view(attacker: Attacker, round_id: int, view: RoundView) -> None:
    """Write down what the portal and ``heard campaign show`` print for a round."""
    chosen: list[tuple[str, str]] = []
    for row in view.rows:
        status, _, band = row.label.partition(" ")
        cohort = (
            "in_care" if status == "In" else "care_leaver",
            band.removeprefix("care ").removeprefix("leavers ").strip(),
        )
        chosen.append(cohort)
        _round_row(attacker, round_id, row, [cohort])
    _round_row(attacker, round_id, view.total, chosen)


def _round_row(attacker: Attacker, round_id: int, row: object, cohorts: list[tuple[str, str]]) -> None:
    tag = f"staff|round {round_id}|{getattr(row, 'label', '')}"
    for name, states in (
        ("invited", _STATES),
        ("completed", ("done",)),
        ("unfinished", ("part",)),
        ("not_started", ("none",)),
    ):
        attacker.cell(
            getattr(row, name),
            [f"rsp|r{round_id}|{_key(c)}|{s}" for c in cohorts for s in states],
            f"{tag}|{name}",
            f"staff|round {round_id}",
        )
    rate = getattr(row, "completed_rate")
    done = [f"rsp|r{round_id}|{_key(c)}|done" for c in cohorts]
    invited = [f"rsp|r{round_id}|{_key(c)}|{s}" for c in cohorts for s in _STATES]
    attacker.rate(f"{rate}%" if rate is not None else "–", done, invited)
