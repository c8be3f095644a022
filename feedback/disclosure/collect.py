"""Laying out a release twice: once to collect every number's form, once to read what may be shown.

A paper or a page is written by one function that asks a :class:`Numbers` for
each count, table and percentage it wants to show. The first time round
(``release`` None) the answers are the true values and every form is
recorded; after :func:`feedback.disclosure.protect` has decided, the same
function runs again against the decided release and gets ``c``, percentages or
nothing. So what is shown and what was checked can never drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from feedback.disclosure.linked import Band, Bound, Count, Form, Release, Share, form, value_of
from feedback.disclosure.shares import share_allowed
from feedback.disclosure.tables import DEFAULT_THRESHOLD, SUPPRESSED, CountTable, Shown, suppress

__all__ = ["Grid", "Numbers"]

Grid = list[list[Shown]]


class Numbers:
    """Hands out published values, and (on the first pass) records what each one is made of."""

    def __init__(
        self, truth: Mapping[str, int], release: Release | None = None, threshold: int = DEFAULT_THRESHOLD
    ) -> None:
        self.truth = truth
        self.release = release
        self.threshold = threshold
        self.counts: dict[Form, Count] = {}
        self.shares: dict[tuple[Form, Form], Share] = {}
        self.bounds: dict[Form, Bound] = {}
        self.start_hidden: set[Form] = set()
        # Per table (by group), on the second pass: whether a c hides a zero, or a number above the
        # threshold. The paper says so under the table, so no reader guesses wrongly either way.
        self.hidden_kinds: dict[str, set[str]] = {}

    def count(self, atoms: Sequence[str], group: str = "") -> Shown:
        """Return one count as published (``c`` or a number)."""
        shape = form(atoms)
        if self.release is None:
            self.counts.setdefault(shape, Count(shape, group))
            value = value_of(shape, self.truth)
            return SUPPRESSED if 1 <= value <= self.threshold else value
        return self.release.counts.get(shape, 0) if shape else 0

    def shown_above_threshold(self, atoms: Sequence[str]) -> bool:
        """Return True when the count of ``atoms`` is (or would be) published as a number above the threshold.

        Nothing is recorded: for wording that depends on a count without
        printing it (an age band beside a quote is named only where that band's
        count is published as more than the threshold).
        """
        shape = form(atoms)
        if self.release is None:
            return value_of(shape, self.truth) > self.threshold
        shown = self.release.counts.get(shape, SUPPRESSED)
        return shown != SUPPRESSED and int(shown) > self.threshold

    def share(
        self,
        numerator: Sequence[str],
        base: Sequence[str],
        *,
        people: Sequence[str] = (),
        bands: tuple[Band, ...] = (),
    ) -> Band | None:
        """Return a percentage as the interval published: (p, p + 1) exact, a band, or None."""
        num, den = form(numerator), form(base)
        if not den:
            return None
        if self.release is None:
            self.shares.setdefault((num, den), Share(num, den, bands, form(people) if people else ()))
            n, b = value_of(num, self.truth), value_of(den, self.truth)
            p = value_of(form(people), self.truth) if people else b
            if b <= 0 or not share_allowed(n, b, threshold=self.threshold) or p < 10:
                return None
            exact = (200 * n + b) // (2 * b)
            return (exact, exact + 1)
        return self.release.shares.get((num, den))

    def bound(self, at_least_zero: Mapping[str, int]) -> None:
        """Declare something every reader knows: the weighted sum of atoms is at least 0."""
        if self.release is None:
            shape = form(at_least_zero)
            if shape and value_of(shape, self.truth) >= 0:  # only what is true can be known
                self.bounds.setdefault(shape, Bound(shape))

    def table(
        self,
        name: str,
        rows: Sequence[str],
        columns: Sequence[str],
        atoms: Sequence[Sequence[Sequence[str]]],
        *,
        group: str,
        row_totals: bool = True,
        column_totals: bool = True,
        total_label: str = "Total",
    ) -> Grid:
        """Return a table's published grid (cells, then totals as the last row and column).

        On the first pass the table is also suppressed on its own (exact, by
        maximum flow), and what that hides is where the joint check starts.
        """
        r, c = len(rows), len(columns)
        shapes: list[list[list[str]]] = [[list(atoms[i][j]) for j in range(c)] for i in range(r)]
        if row_totals:
            for i in range(r):
                shapes[i].append([a for j in range(c) for a in atoms[i][j]])
        if column_totals:
            shapes.append(
                [[a for i in range(r) for a in shapes[i][j]] for j in range(len(shapes[0]) if r else c)]
            )
        labels_r = [*rows, *([total_label] if column_totals else [])]
        labels_c = [*columns, *([total_label] if row_totals else [])]
        if self.release is None and r and c:
            counts = tuple(tuple(value_of(form(atoms[i][j]), self.truth) for j in range(c)) for i in range(r))
            published = suppress(
                CountTable(
                    name,
                    tuple(rows),
                    tuple(columns),
                    counts,
                    row_totals=row_totals,
                    column_totals=column_totals,
                ),
                threshold=self.threshold,
            )
            for i, j in published.suppressed:
                self.start_hidden.add(form(shapes[i][j]))
        if self.release is not None:
            kinds = self.hidden_kinds.setdefault(group, set())
            for row in shapes:
                for cell in row:
                    shape = form(cell)
                    if shape and self.release.counts.get(shape) == SUPPRESSED:
                        value = value_of(shape, self.truth)
                        if value == 0:
                            kinds.add("zero")
                        elif value > self.threshold:
                            kinds.add("large")
        return [
            [self.count(shapes[i][j], f"{group}|{labels_r[i]}|{labels_c[j]}") for j in range(len(shapes[i]))]
            for i in range(len(shapes))
        ]

    def grouped(self) -> tuple[list[Count], list[Share], list[Bound]]:
        """Return everything recorded on the first pass."""
        return list(self.counts.values()), list(self.shares.values()), list(self.bounds.values())
