"""One table on its own: small counts hidden, and more hidden until no hidden cell can be worked out.

This is the building block :mod:`feedback.disclosure.linked` uses for a whole
release; on its own it protects one table:

* A count from 1 to ``threshold`` (``HEARD_SUPPRESSION_MAX``, default 5) is
  shown as ``c``. Zero is shown as 0, as DfE statistics do: a zero says that
  nobody is in a group, which is about no one.
* Secondary suppression: in a table with totals, further cells are hidden until
  no hidden cell can be worked out from what is published. This is checked
  exactly, not by rule of thumb: for every hidden cell we compute the smallest
  and largest value a reader could deduce from the published cells and totals
  (assuming, as a careful reader would, that every ``c`` is at least 1 because
  zeros are shown), and hide more until the two differ.
* A percentage is shown only on a base of at least ``MIN_BASE`` (10) and only
  when neither its numerator nor its complement is 1 to ``threshold``
  (:mod:`feedback.disclosure.shares`).
* A breakdown (cross-tabulation) is published only when every group in it has
  a base of at least ``MIN_BASE``; see :func:`narrow_enough`.

The exact check works because a table with row and column totals is a
circulation in a small network (rows, columns and a hub), so the range of one
cell is a maximum flow. See ``docs/board-papers.md`` for the reasoning.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_THRESHOLD",
    "MIN_BASE",
    "SUPPRESSED",
    "CountTable",
    "PublishedTable",
    "Shown",
    "feasible_range",
    "narrow_enough",
    "percentage",
    "show_count",
    "suppress",
]

DEFAULT_THRESHOLD = 5
MIN_BASE = 10
SUPPRESSED = "c"

Shown = int | str  # a published count, or "c"
Position = tuple[int, int]


def show_count(count: int, threshold: int = DEFAULT_THRESHOLD) -> Shown:
    """Return a stand-alone count as it may be published: ``c`` for 1..threshold."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    return SUPPRESSED if 1 <= count <= threshold else count


def percentage(numerator: int, base: int, *, min_base: int = MIN_BASE) -> int | None:
    """Return a whole-number percentage, or None when the base is too small to publish one."""
    if base < min_base or base <= 0:
        return None
    if not 0 <= numerator <= base:
        raise ValueError("numerator must be between 0 and the base")
    # Whole-number arithmetic (round half up), so a reader's equations match exactly.
    return (200 * numerator + base) // (2 * base)


def narrow_enough(bases: Iterable[int], *, min_base: int = MIN_BASE) -> bool:
    """Return True when every group of a breakdown is big enough to be published on its own."""
    return all(base >= min_base for base in bases)


@dataclass(frozen=True)
class CountTable:
    """Raw counts with row and column labels; totals are added (and protected) when published."""

    name: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    row_totals: bool = True
    column_totals: bool = True
    total_label: str = "Total"

    def __post_init__(self) -> None:
        if len(self.counts) != len(self.rows):
            raise ValueError(f"{self.name}: {len(self.counts)} rows of counts for {len(self.rows)} labels")
        for row in self.counts:
            if len(row) != len(self.columns):
                raise ValueError(f"{self.name}: a row has {len(row)} counts for {len(self.columns)} columns")
            if any((not isinstance(v, int)) or v < 0 for v in row):
                raise ValueError(f"{self.name}: counts must be whole numbers of at least 0")


@dataclass(frozen=True)
class PublishedTable:
    """A table safe to publish: counts or ``c``, with the totals as the last row and column."""

    name: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Shown, ...], ...]
    primary: frozenset[Position] = field(default_factory=frozenset)
    secondary: frozenset[Position] = field(default_factory=frozenset)
    threshold: int = DEFAULT_THRESHOLD

    @property
    def suppressed(self) -> frozenset[Position]:
        """Return every hidden position (small counts and those hidden to protect them)."""
        return self.primary | self.secondary

    def cell(self, row: str, column: str) -> Shown:
        """Return the published value at a row and column label."""
        return self.cells[self.rows.index(row)][self.columns.index(column)]

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict; positions of hidden cells are not kept, only ``c`` marks."""
        return {
            "name": self.name,
            "rows": list(self.rows),
            "columns": list(self.columns),
            "cells": [list(row) for row in self.cells],
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublishedTable:
        """Return a table saved with :meth:`to_json`."""
        cells = tuple(tuple(v for v in row) for row in data["cells"])
        hidden = frozenset(
            (i, j) for i, row in enumerate(cells) for j, v in enumerate(row) if v == SUPPRESSED
        )
        return cls(
            name=str(data["name"]),
            rows=tuple(data["rows"]),
            columns=tuple(data["columns"]),
            cells=cells,
            primary=hidden,
            threshold=int(data.get("threshold", DEFAULT_THRESHOLD)),
        )


class _Grid:
    """A table plus its totals as one grid, with the network that links them."""

    def __init__(self, table: CountTable) -> None:
        self.table = table
        r, c = len(table.rows), len(table.columns)
        self.n_rows = r + (1 if table.column_totals else 0)
        self.n_cols = c + (1 if table.row_totals else 0)
        # Every cell and total, published or not; ``values`` keeps only what a table shows.
        self.truth: dict[Position, int] = {}
        for i, row in enumerate(table.counts):
            for j, value in enumerate(row):
                self.truth[i, j] = value
            self.truth[i, c] = sum(row)
        for j in range(c):
            self.truth[r, j] = sum(row[j] for row in table.counts)
        self.truth[r, c] = sum(self.truth[i, c] for i in range(r))
        self.values = {(i, j): v for (i, j), v in self.truth.items() if i < self.n_rows and j < self.n_cols}
        # Nodes: rows 0..r-1, columns r..r+c-1, hub-in r+c, hub-out r+c+1.
        self.nodes = r + c + 2
        hub_in, hub_out = r + c, r + c + 1
        self.edges: dict[Position, tuple[int, int]] = {(r, c): (hub_in, hub_out)}
        for i in range(r):
            for j in range(c):
                self.edges[i, j] = (i, r + j)
            self.edges[i, c] = (hub_out, i)
        for j in range(c):
            self.edges[r, j] = (r + j, hub_in)
        # Totals a table does not show are unknown to a reader: free edges with no lower bound.
        self.unknown = frozenset(pos for pos in self.edges if pos not in self.values)
        self.infinite = 2 * sum(self.truth.values()) + 2

    def line_of(self, pos: Position) -> list[Position]:
        """Return the shown cells sharing a row or column with ``pos``."""
        i, j = pos
        same = [(i, b) for b in range(self.n_cols) if b != j]
        same += [(a, j) for a in range(self.n_rows) if a != i]
        return [p for p in same if p in self.values]


def _residual(grid: _Grid, hidden: frozenset[Position]) -> list[list[int]]:
    cap = [[0] * grid.nodes for _ in range(grid.nodes)]
    for pos, (u, v) in grid.edges.items():
        if pos in hidden or pos in grid.unknown:
            lower = 0 if pos in grid.unknown else 1
            cap[u][v] += grid.infinite
            cap[v][u] += grid.truth[pos] - lower
    return cap


def _max_flow(cap: list[list[int]], source: int, sink: int, limit: int) -> int:
    """Return the maximum flow from source to sink, stopping once ``limit`` is reached."""
    n = len(cap)
    flow = 0
    residual = [row[:] for row in cap]
    while flow < limit:
        parent = [-1] * n
        parent[source] = source
        queue = deque([source])
        while queue and parent[sink] == -1:
            u = queue.popleft()
            for v in range(n):
                if parent[v] == -1 and residual[u][v] > 0:
                    parent[v] = u
                    queue.append(v)
        if parent[sink] == -1:
            break
        push = limit - flow
        v = sink
        while v != source:
            u = parent[v]
            push = min(push, residual[u][v])
            v = u
        v = sink
        while v != source:
            u = parent[v]
            residual[u][v] -= push
            residual[v][u] += push
            v = u
        flow += push
    return flow


def _range(grid: _Grid, hidden: frozenset[Position], pos: Position) -> tuple[int, int | None]:
    cap = _residual(grid, hidden)
    u, v = grid.edges[pos]
    value = grid.truth[pos]
    lower = 0 if pos in grid.unknown else 1
    # Take this cell's own arcs out: we ask how far the rest of the table lets it move.
    cap[u][v] -= grid.infinite
    cap[v][u] -= value - lower
    up = _max_flow(cap, v, u, grid.infinite)
    down = min(value - lower, _max_flow(cap, u, v, value - lower))
    return value - down, (None if up >= grid.infinite else value + up)


def feasible_range(table: CountTable, hidden: Iterable[Position], pos: Position) -> tuple[int, int | None]:
    """Return the smallest and largest value (None: no upper limit) a reader can deduce for a cell.

    ``hidden`` are the grid positions shown as ``c``; totals are the last row
    and column. The reader knows every published cell and total and that every
    ``c`` is at least 1.
    """
    grid = _Grid(table)
    return _range(grid, frozenset(hidden), pos)


def _exposed(grid: _Grid, hidden: frozenset[Position]) -> Position | None:
    for pos in sorted(hidden):
        low, high = _range(grid, hidden, pos)
        if high is not None and high == low:
            return pos
    return None


def suppress(
    table: CountTable,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    also_hide: Iterable[Position] = (),
) -> PublishedTable:
    """Return the table as it may be published: small counts and enough others shown as ``c``.

    ``also_hide`` forces positions to be hidden (for a count that another table
    in the same paper had to hide); zeros are never hidden, since zeros are shown.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    grid = _Grid(table)
    primary = frozenset(pos for pos, v in grid.values.items() if 1 <= v <= threshold)
    hidden = primary | frozenset(p for p in also_hide if grid.values.get(p, 0) > 0)
    while (exposed := _exposed(grid, hidden)) is not None:
        hidden = hidden | _protector(grid, hidden, exposed)
    rows = table.rows + ((table.total_label,) if table.column_totals else ())
    columns = table.columns + ((table.total_label,) if table.row_totals else ())
    cells = tuple(
        tuple(SUPPRESSED if (i, j) in hidden else grid.values.get((i, j), 0) for j in range(len(columns)))
        for i in range(len(rows))
    )
    return PublishedTable(
        name=table.name,
        rows=rows,
        columns=columns,
        cells=cells,
        primary=primary,
        secondary=hidden - primary,
        threshold=threshold,
    )


def _protector(grid: _Grid, hidden: frozenset[Position], exposed: Position) -> frozenset[Position]:
    """Return the cells to hide next so that ``exposed`` can no longer be worked out.

    A hidden cell is safe when it sits on a cycle of hidden cells (the corners
    of a rectangle, say): a reader can move counts round the cycle without
    breaking any total. So we try single partners on the same row or column and
    whole rectangles through the cell, cheapest first (least information lost),
    and take the first that protects it; failing that, the cheapest option, and
    the loop comes back for more.
    """

    def free(pos: Position) -> bool:
        return pos in grid.values and (pos in hidden or grid.values[pos] > 0)

    options: list[frozenset[Position]] = [
        frozenset({p}) for p in grid.line_of(exposed) if p not in hidden and grid.values[p] > 0
    ]
    i, j = exposed
    for a in range(grid.n_rows):
        for b in range(grid.n_cols):
            corners = ((i, b), (a, j), (a, b))
            if a != i and b != j and all(free(p) for p in corners):
                options.append(frozenset(p for p in corners if p not in hidden))
    options = [o for o in options if o]
    if not options:
        options = [frozenset({p}) for p, v in grid.values.items() if p not in hidden and v > 0]
    if not options:
        raise RuntimeError("nothing left to hide; a table of zeros has no hidden cells")

    def cost(option: frozenset[Position]) -> tuple[int, int, list[Position]]:
        return (sum(grid.values[p] for p in option), len(option), sorted(option))

    options.sort(key=cost)
    for option in options:
        low, high = _range(grid, hidden | option, exposed)
        if high is None or high > low:
            return option
    return options[0]
