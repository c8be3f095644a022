"""A release protected as a whole: every number is a sum of the same finest counts, checked by attack.

Tables published together are linked: a cohort's cell is part of the
all-cohort cell, a quarter's cell is the sum of its months, a previous-period
column is the total column of last quarter's paper, a response rate is a
completed count over an invited count, and an issue counted under a priority
also mentions a theme of that priority. Checking each table on its own misses
all of that, so here every published number is a *form*: a sum (with whole
coefficients) of **atoms**, the finest counts Heard keeps (issues raised by one
cohort in one month about one priority with one feeling, and so on).

A reader learns: a shown count is exactly its value; a ``c`` is at least 1
(zeros are shown); a percentage lies in its rounding interval, or its band;
and the structural facts the builder declares as :class:`Bound` (an issue
counted under a priority mentions one of its themes, a share's numerator is
at most its base). :func:`pinned` is that reader as an attacker: for every
small hidden count (1 to the threshold) it asks an integer-programming solver
(HiGHS, through SciPy) for another whole-number world consistent with
everything published, in which that count differs. Where none exists the
count is pinned. :func:`protect` starts from primary suppression, then hides
more cells, or coarsens percentages to bands and then hides them, until
nothing is pinned, or refuses.

The sensitive counts are the hidden cells, the numerators and complements of
percentages that were withheld, and the difference of two published versions
of the same cell (one range nested in another: July to September minus July
to August is September).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from feedback.disclosure.tables import DEFAULT_THRESHOLD, MIN_BASE, SUPPRESSED, Shown

__all__ = [
    "Bound",
    "Count",
    "DisclosureRefused",
    "Form",
    "Release",
    "Share",
    "form",
    "pinned",
    "protect",
    "table_of_group",
    "value_of",
]

Form = tuple[tuple[str, int], ...]  # sorted (atom, coefficient) pairs
Band = tuple[int, int]  # whole per cent, lower bound included, upper bound not


class DisclosureRefused(ValueError):
    """A release would let a reader work out a small count; the message says why in one line."""


def form(atoms: Iterable[str] | Mapping[str, int]) -> Form:
    """Return the form adding up ``atoms`` (each once), or a mapping of atoms to coefficients."""
    weights: Counter[str] = Counter()
    if isinstance(atoms, Mapping):
        for atom, coefficient in atoms.items():
            weights[atom] += coefficient
    else:
        for atom in atoms:
            weights[atom] += 1
    return tuple(sorted((a, c) for a, c in weights.items() if c))


def _combine(*parts: tuple[Form, int]) -> Form:
    weights: Counter[str] = Counter()
    for part, scale in parts:
        for atom, coefficient in part:
            weights[atom] += scale * coefficient
    return tuple(sorted((a, c) for a, c in weights.items() if c))


def value_of(shape: Form, truth: Mapping[str, int]) -> int:
    """Return the true value of a form."""
    return sum(c * truth.get(a, 0) for a, c in shape)


@dataclass(frozen=True)
class Count:
    """A count to publish. ``group`` names the cell whatever its period (for differencing checks)."""

    form: Form
    group: str = ""


@dataclass(frozen=True)
class Share:
    """A percentage to publish: ``numerator`` of ``base``; ``bands`` it may fall back to."""

    numerator: Form
    base: Form
    bands: tuple[Band, ...] = ()
    people: Form = ()  # who the base is made of, when it is not ``base`` (answers by people)


@dataclass(frozen=True)
class Bound:
    """Something every reader knows: the form is at least 0 (e.g. mentions of a priority's themes
    minus issues counted under it)."""

    form: Form


@dataclass(frozen=True)
class Release:
    """What a reader sees: counts (value or ``c``) and percentages (as an interval of whole per cent)."""

    counts: Mapping[Form, Shown] = field(default_factory=dict)
    shares: Mapping[tuple[Form, Form], Band | None] = field(default_factory=dict)
    bounds: tuple[Bound, ...] = ()
    groups: Mapping[Form, str] = field(default_factory=dict)

    def merged(self, other: Release) -> Release:
        """Return both releases as one (what a reader holding both sees)."""
        counts = dict(self.counts)
        for shape, shown in other.counts.items():
            if counts.get(shape) == SUPPRESSED or shape not in counts:
                counts[shape] = shown
        shares = dict(self.shares)
        for key, band in other.shares.items():
            if shares.get(key) is None:
                shares[key] = band
        bounds = tuple(dict.fromkeys(self.bounds + other.bounds))
        return Release(counts, shares, bounds, {**self.groups, **other.groups})

    def share(self, numerator: Form, base: Form) -> int | None:
        """Return the published percentage of a share, None when withheld or banded."""
        band = self.shares.get((numerator, base))
        return band[0] if band is not None and band[1] == band[0] + 1 else None

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict (for the ledger)."""
        return {
            "counts": [[list(map(list, f)), v, self.groups.get(f, "")] for f, v in self.counts.items()],
            "shares": [
                [list(map(list, n)), list(map(list, b)), list(v) if v else None]
                for (n, b), v in self.shares.items()
            ],
            "bounds": [list(map(list, b.form)) for b in self.bounds],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Release:
        """Return a release saved with :meth:`to_json`."""

        def shape(raw: Any) -> Form:
            return tuple((str(a), int(c)) for a, c in raw)

        counts: dict[Form, Shown] = {}
        groups: dict[Form, str] = {}
        for raw, shown, group in data.get("counts", []):
            counts[shape(raw)] = shown if shown == SUPPRESSED else int(shown)
            if group:
                groups[shape(raw)] = str(group)
        shares: dict[tuple[Form, Form], Band | None] = {
            (shape(n), shape(b)): (int(v[0]), int(v[1])) if v else None for n, b, v in data.get("shares", [])
        }
        bounds = tuple(Bound(shape(b)) for b in data.get("bounds", []))
        return cls(counts, shares, bounds, groups)


# ---------------------------------------------------------------------------------------------
# The attack


@dataclass(frozen=True)
class _Row:
    shape: Form
    low: float
    high: float


def table_of_group(group: str) -> str:
    """Return the table a cell's group belongs to (``iss|all`` for ``iss|all|Health|Negative``)."""
    return group.rsplit("|", 2)[0] if group.count("|") >= 2 else group


def _rows(release: Release, truth: Mapping[str, int], threshold: int, *, bounds: bool = True) -> list[_Row]:
    """Return what a reader knows as inequalities on atoms, granting the reader the most it could know.

    A ``c`` is at least 1, since zeros are shown; in a table where a zero had
    to be hidden (a last resort), any of its ``c`` may be that zero. Beyond
    that, a reader may guess which ``c`` hide small numbers and which hide
    larger ones (an attacker guessed "every ``c`` here is 1 to 5" table by
    table). Rather than copy one attacker's guesses, the check grants every
    reader the right answer for every ``c`` at once: a small hidden count is
    known to be 1 (or 0) to the threshold, and a larger hidden count to be
    more than the threshold. A guess can only be right or wrong; a right one
    tells a reader no more than this, so what survives this reader survives
    every guess that is right. A percentage withheld says only that its
    numerator or its complement is small or its base is; that is an "or", so
    the reader is granted no more than the numerator being at most the base.
    """
    tables_with_zero: set[str] = set()
    for shape, shown in release.counts.items():
        if shown == SUPPRESSED and value_of(shape, truth) == 0:
            tables_with_zero.add(table_of_group(release.groups.get(shape, "")))
    rows = []
    for shape, shown in release.counts.items():
        if shown == SUPPRESSED:
            value = value_of(shape, truth)
            table = table_of_group(release.groups.get(shape, ""))
            if value > threshold:
                rows.append(_Row(shape, float(threshold + 1), math.inf))
            else:
                # Where a table hides a zero, a reader cannot tell which of its c is the zero.
                low = 0 if value == 0 or table in tables_with_zero else 1
                rows.append(_Row(shape, low, float(threshold)))
        else:
            rows.append(_Row(shape, float(shown), float(shown)))
    for (num, base), band in release.shares.items():
        complement = _combine((base, 1), (num, -1))
        rows.append(_Row(complement, 0, math.inf))  # numerator <= base
        if band is None:
            continue
        low, high = band
        rows.append(_Row(base, 1, math.inf))
        if low > 0:  # rounded per cent >= low  <=>  200 n >= (2 low - 1) b
            rows.append(_Row(_combine((num, 200), (base, -(2 * low - 1))), 0, math.inf))
        if high <= 100:  # rounded per cent < high  <=>  (2 high - 1) b - 200 n >= 1
            rows.append(_Row(_combine((base, 2 * high - 1), (num, -200)), 1, math.inf))
    if bounds:
        rows += [_Row(b.form, 0, math.inf) for b in release.bounds]
    return [r for r in rows if r.shape]


def sensitive(release: Release, truth: Mapping[str, int], threshold: int) -> list[Form]:
    """Return the small counts a reader must not be able to work out from ``release``."""
    found: dict[Form, None] = {}
    for shape, shown in release.counts.items():
        if shown == SUPPRESSED and 1 <= value_of(shape, truth) <= threshold:
            found[shape] = None
    for (num, base), band in release.shares.items():
        if band is not None and band[1] == band[0] + 1:
            continue
        for part in (num, _combine((base, 1), (num, -1))):
            if 1 <= value_of(part, truth) <= threshold:
                found[part] = None
    by_group: dict[str, list[Form]] = defaultdict(list)
    for shape, group in release.groups.items():
        if group and shape in release.counts:
            by_group[group.replace("|prev|", "|")].append(shape)  # last period, same cell
    for shapes in by_group.values():
        for outer in shapes:
            atoms = dict(outer)
            for inner in shapes:
                if inner != outer and all(atoms.get(a) == c for a, c in inner):
                    rest = _combine((outer, 1), (inner, -1))
                    if 1 <= value_of(rest, truth) <= threshold:
                        found[rest] = None
    return list(found)


class _Components:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, a: str) -> str:
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def join(self, atoms: Sequence[str]) -> None:
        for other in atoms[1:]:
            ra, rb = self.find(atoms[0]), self.find(other)
            if ra != rb:
                self.parent[rb] = ra


def _seed(shape: Form) -> int:
    return int.from_bytes(hashlib.blake2b(repr(shape).encode(), digest_size=4).digest(), "big")


def pinned(
    release: Release,
    truth: Mapping[str, int],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    only: Iterable[Form] | None = None,
) -> list[Form]:
    """Return the sensitive counts a reader of ``release`` can work out exactly (integer programming).

    Raises DisclosureRefused when the true counts no longer agree with what was
    published (the data changed after a release), because then no check is sound.
    """
    targets = list(only) if only is not None else sensitive(release, truth, threshold)
    if not targets:
        return []
    rows = _rows(release, truth, threshold)
    for row in rows:
        actual = value_of(row.shape, truth)
        if not row.low <= actual <= row.high:
            raise DisclosureRefused(
                "the numbers behind an earlier release have changed since it was released "
                "(an issue re-tagged or a young person's data deleted), so a new paper over the same "
                "months cannot be checked; re-issue the paper already released"
            )
    # Atoms that appear in exactly the same places are one unknown to a reader: merge them.
    places: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, row in enumerate(rows):
        for atom, c in row.shape:
            places[atom].append((index, c))
    for index, target in enumerate(targets):
        for atom, c in target:
            places[atom].append((-1 - index, c))
    merged_of: dict[str, str] = {}
    by_signature: dict[tuple[tuple[int, int], ...], str] = {}
    for atom in sorted(places):
        merged_of[atom] = by_signature.setdefault(tuple(places[atom]), atom)
    groups = _Components()
    for shape in [r.shape for r in rows] + targets:
        groups.join([merged_of[a] for a, _ in shape])
    value: Counter[str] = Counter()
    for atom, merged in merged_of.items():
        value[merged] += truth.get(atom, 0)

    def merge(shape: Form) -> dict[str, int]:
        out: dict[str, int] = {}
        for atom, c in shape:
            m = merged_of[atom]
            if m == atom:
                out[m] = c
        return out

    by_component: dict[str, tuple[list[_Row], list[Form]]] = defaultdict(lambda: ([], []))
    for row in rows:
        by_component[groups.find(merged_of[row.shape[0][0]])][0].append(row)
    for target in targets:
        by_component[groups.find(merged_of[target[0][0]])][1].append(target)
    found: list[Form] = []
    for component_rows, component_targets in by_component.values():
        if component_targets:
            found += _attack(component_rows, component_targets, merge, value)
    return found


def _attack(rows: list[_Row], targets: list[Form], merge: Any, value: Mapping[str, int]) -> list[Form]:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    merged_rows = [(merge(r.shape), r.low, r.high) for r in rows]
    merged_targets = [merge(t) for t in targets]
    names = sorted({a for m, _, _ in merged_rows for a in m} | {a for m in merged_targets for a in m})
    index = {a: i for i, a in enumerate(names)}
    x0 = np.array([value[a] for a in names], dtype=float)
    cap = 10.0 * float(x0.sum()) + 1000.0

    def matrix(shapes: Sequence[Mapping[str, int]]) -> Any:
        data, cols, ptr = [], [], [0]
        for shape in shapes:
            for atom, c in shape.items():
                data.append(float(c))
                cols.append(index[atom])
            ptr.append(len(data))
        return csr_array((data, cols, ptr), shape=(len(shapes), len(names)))

    a = matrix([m for m, _, _ in merged_rows]) if merged_rows else None
    lows = np.array([low for _, low, _ in merged_rows])
    highs = np.array([high for _, _, high in merged_rows])
    t = matrix(merged_targets)
    truths = t @ x0
    certified = np.zeros(len(targets), dtype=bool)

    def solve(objective: Any, extra: list[Any]) -> None:
        constraints = list(extra)
        if a is not None:
            constraints.append(LinearConstraint(a, lows, highs))
        result = milp(
            objective,
            integrality=np.ones(len(names)),
            bounds=Bounds(0, cap),
            constraints=constraints,
            options={"time_limit": 10.0},
        )
        if result.x is not None and result.status in (0, 1):
            # Every small count that differs in this other world is safe: one solve certifies many.
            certified[np.abs(t @ np.round(result.x) - truths) >= 0.5] = True

    # A few worlds pushed in random directions first; then each remaining count on its own.
    rng = np.random.default_rng(_seed(tuple(x for t_ in targets for x in t_)))
    for _ in range(3 if len(targets) > 2 else 0):
        solve(rng.uniform(-1.0, 1.0, len(names)), [])
    for k in range(len(targets)):
        for low, high in ((truths[k] + 1, math.inf), (-math.inf, truths[k] - 1)):
            if certified[k]:
                break
            solve(
                np.random.default_rng(_seed(targets[k])).uniform(-1.0, 1.0, len(names)),
                [LinearConstraint(t[[k]], low, high)],
            )
    return [targets[k] for k in range(len(targets)) if not certified[k]]


# ---------------------------------------------------------------------------------------------
# Protection


def _pct(numerator: int, base: int) -> int:
    """Return the rounded whole per cent exactly as :func:`feedback.disclosure.percentage` does."""
    return (200 * numerator + base) // (2 * base)


def _small(value: int, threshold: int) -> bool:
    return 1 <= value <= threshold


def protect(
    counts: Iterable[Count],
    shares: Iterable[Share] = (),
    *,
    truth: Mapping[str, int],
    bounds: Iterable[Bound] = (),
    threshold: int = DEFAULT_THRESHOLD,
    min_base: int = MIN_BASE,
    prior: Release | None = None,
    start_hidden: Iterable[Form] = (),
    what: str = "this release",
) -> Release:
    """Return the release as it may be published, checked against ``prior`` (what is already out).

    Counts 1 to ``threshold`` are ``c``; percentages are shown only on a base of
    ``min_base`` or more with neither numerator nor complement small (else their
    band, else nothing); ``start_hidden`` are hidden too (classic per-table
    secondary suppression, a good start). Then, while :func:`pinned` finds a
    small count a reader could work out, the cheapest linked number is hidden
    (or a percentage coarsened). Raises DisclosureRefused when only numbers
    already released could be hidden.
    """
    count_list = list(counts)
    share_list = list(shares)
    groups = {c.form: c.group for c in count_list if c.group}
    shown: dict[Form, Shown] = {}
    forced = set(start_hidden)
    for c in count_list:
        value = value_of(c.form, truth)
        hide = _small(value, threshold) or (c.form in forced and value > 0)
        shown[c.form] = SUPPRESSED if hide else value
    bands: dict[tuple[Form, Form], Band | None] = {}
    fallbacks: dict[tuple[Form, Form], tuple[Band, ...]] = {}
    for s in share_list:
        key = (s.numerator, s.base)
        num, base = value_of(s.numerator, truth), value_of(s.base, truth)
        fallbacks[key] = s.bands
        people = value_of(s.people, truth) if s.people else base
        if people < min_base or base <= 0:
            bands[key] = None
        elif _small(num, threshold) or _small(base - num, threshold):
            bands[key] = _band_of(_pct(num, base), s.bands)
        else:
            p = _pct(num, base)
            bands[key] = (p, p + 1)
    bound_list = tuple(bounds)
    earlier = prior or Release()
    for shape, was in earlier.counts.items():  # hidden before, hidden again (a count never reappears)
        if shape in shown and was == SUPPRESSED and shown[shape] != 0:
            shown[shape] = SUPPRESSED
    for key, was_band in earlier.shares.items():  # nor a percentage that was withheld or banded
        if key in bands and bands[key] is not None and was_band != bands[key]:
            bands[key] = was_band

    _close_share_groups(bands, earlier)

    def current() -> Release:
        mine = Release(shown, bands, bound_list, groups)
        return earlier.merged(mine)

    todo: list[Form] | None = None
    for _ in range(10_000):
        release = current()
        checked_all = todo is None
        todo = pinned(release, truth, threshold=threshold, only=todo)
        if not todo and not checked_all:
            # Hiding more only widens what a reader must allow for, so only the pinned counts are
            # re-checked while relieving; but a percentage withheld or banded adds counts to protect
            # (its numerator and complement), so the release is checked whole once more before it goes.
            todo = pinned(release, truth, threshold=threshold)
        if not todo:
            return Release(dict(shown), dict(bands), bound_list, groups)
        # One per unrelated pinned count at a time: a single extra hidden number often protects
        # several pinned counts in the same equations, so those wait for the next round.
        changed, near = False, set[str]()
        known = (
            [{a for a, _ in r.shape} for r in _rows(release, truth, threshold, bounds=False)],
            [{a for a, _ in r.shape} for r in _rows(release, truth, threshold)],
        )
        for target in todo:
            atoms = {a for a, _ in target}
            if atoms & near:
                continue
            relieved = _relieve(target, threshold, earlier, shown, bands, fallbacks, truth, known)
            if relieved is not None:
                changed = True
                near |= atoms | relieved
        _close_share_groups(bands, earlier)
        if not changed:
            raise DisclosureRefused(
                f"{what} cannot be published: with what is already out it would let a reader work "
                f"out a number from 1 to {threshold}, however much more is hidden"
            )
    raise DisclosureRefused(f"{what}: disclosure check did not settle")


def _close_share_groups(bands: dict[tuple[Form, Form], Band | None], earlier: Release) -> None:
    """Withhold every share of a base once one of them is withheld or banded.

    The shares of one base (the answers to one question) add up to 100 %, so
    a single blank among exact shares is 100 % minus the others: its count is
    known to within rounding, however small it is. Hiding the rest of the row
    leaves a reader only the base. A share already published stays as it was.
    """
    by_base: dict[Form, list[tuple[Form, Form]]] = {}
    for key in bands:
        by_base.setdefault(key[1], []).append(key)
    for keys in by_base.values():
        if len(keys) < 2:
            continue
        if all(bands[k] is not None and bands[k][1] == bands[k][0] + 1 for k in keys):  # type: ignore[index]
            continue
        for k in keys:
            if earlier.shares.get(k) is None:
                bands[k] = None


def _band_of(p: int, bands: Sequence[Band]) -> Band | None:
    for band in bands:
        if band[0] <= p < band[1]:
            return band
    return None


def _relieve(
    target: Form,
    threshold: int,
    earlier: Release,
    shown: dict[Form, Shown],
    bands: dict[tuple[Form, Form], Band | None],
    fallbacks: Mapping[tuple[Form, Form], tuple[Band, ...]],
    truth: Mapping[str, int],
    known: tuple[list[set[str]], list[set[str]]],
) -> set[str] | None:
    """Hide or coarsen the cheapest published number linked to ``target``; return its atoms (None: none left).

    Numbers sharing atoms with the target come first; failing those, the search
    widens along every published equation and declared bound (a theme cell is
    linked to its priority's total only through a bound). ``known`` are the
    atoms of the release's equations, without and with the bounds.
    """
    # Equations first: a declared bound links so much that it would make everything look related.
    equations, every = known
    candidates: list[tuple[str, Any, set[str], int, int]] = []
    for key, band in bands.items():
        if band is not None and earlier.shares.get(key) is None:
            coarse = 0 if band[1] == band[0] + 1 else 1
            candidates.append(
                ("share", key, {a for a, _ in key[0] + key[1]}, value_of(key[0], truth), coarse)
            )
    for shape, value in shown.items():
        # A number already out is no candidate: hiding it here would change nothing.
        if value != SUPPRESSED and earlier.counts.get(shape, SUPPRESSED) == SUPPRESSED:
            candidates.append(("count", shape, {a for a, _ in shape}, int(value), 2))
    own = {a for a, _ in target}
    atoms = set(own)
    for level in range(8):
        links = equations if level < 2 else every
        touching = [link for link in links if link & atoms]
        wider = set().union(atoms, *touching)
        # Candidates are numbers in the equations the target sits in. Partners (sharing many of
        # those equations without containing the target) go first, cheapest first; then totals.
        ranked = [
            (
                (
                    # Zeros last: hiding one breaks a reader's "every c is at least 1"; a last resort.
                    2 if value == 0 and kind == "count" else 1 if parts & own else 0,
                    -sum(1 for link in touching if link & parts),
                    value,
                    coarse,
                    repr(key),
                ),
                kind,
                key,
            )
            for kind, key, parts, value, coarse in candidates
            if parts & wider
        ]
        if ranked:
            _rank, kind, key = min(ranked)
            parts = {a for a, _ in (key if kind == "count" else key[0] + key[1])}
            if kind == "count":
                shown[key] = SUPPRESSED
            elif bands[key] is not None and bands[key][1] == bands[key][0] + 1:  # type: ignore[index]
                num, base = value_of(key[0], truth), value_of(key[1], truth)
                bands[key] = _band_of(_pct(num, base), fallbacks.get(key, ()))
            else:
                bands[key] = None
            return parts
        if wider == atoms and level >= 2:
            return None
        atoms = wider
    return None
