"""Disclosure control: small counts hidden, and no hidden cell can be worked out by a reader.

The attacker here is written independently of ``feedback.disclosure``: it sees
only the published table, writes down every equation a reader can (cells add
up to their totals), assumes each ``c`` is at least 1 (zeros are shown), and
asks a linear-programming solver for the smallest and largest value of each
hidden cell. A cell is recovered when the two meet.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from feedback.disclosure import (
    SUPPRESSED,
    CountTable,
    PublishedTable,
    narrow_enough,
    percentage,
    show_count,
    suppress,
)


def attack(published: PublishedTable, *, row_totals: bool, column_totals: bool) -> dict:
    """Return {(i, j): (low, high)} for each hidden cell, from the published table alone."""
    n_rows = len(published.rows) - (1 if column_totals else 0)
    n_cols = len(published.columns) - (1 if row_totals else 0)
    # Full grid including totals a table may not show; unknown totals are free variables >= 0.
    grid: dict[tuple[int, int], object] = {}
    for i in range(n_rows + 1):
        for j in range(n_cols + 1):
            shown_row = i < len(published.rows)
            shown_col = j < len(published.columns)
            if shown_row and shown_col:
                grid[i, j] = published.cells[i][j]
            else:
                grid[i, j] = None  # not published at all
    variables = [pos for pos, v in grid.items() if v == SUPPRESSED or v is None]
    index = {pos: k for k, pos in enumerate(variables)}
    bounds = [(1, None) if grid[pos] == SUPPRESSED else (0, None) for pos in variables]
    a_eq, b_eq = [], []

    def equation(parts: list[tuple[int, int]], total: tuple[int, int]) -> None:
        row = np.zeros(len(variables))
        rhs = 0.0
        for pos, sign in [(p, 1.0) for p in parts] + [(total, -1.0)]:
            if pos in index:
                row[index[pos]] += sign
            else:
                rhs -= sign * float(grid[pos])  # type: ignore[arg-type]
        a_eq.append(row)
        b_eq.append(rhs)

    for i in range(n_rows + 1):
        equation([(i, j) for j in range(n_cols)], (i, n_cols))
    for j in range(n_cols + 1):
        equation([(i, j) for i in range(n_rows)], (n_rows, j))
    result = {}
    for pos in variables:
        if grid[pos] != SUPPRESSED:
            continue
        c = np.zeros(len(variables))
        c[index[pos]] = 1.0
        low = linprog(c, A_eq=np.array(a_eq), b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-c, A_eq=np.array(a_eq), b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0, "the published table must be consistent"
        top = math.inf if high.status == 3 else -high.fun
        result[pos] = (low.fun, top)
    return result


small_or_large = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def tables(draw: st.DrawFn) -> tuple[CountTable, int]:
    n_rows = draw(st.integers(1, 5))
    n_cols = draw(st.integers(1, 5))
    counts = tuple(tuple(draw(small_or_large) for _ in range(n_cols)) for _ in range(n_rows))
    table = CountTable(
        name="t",
        rows=tuple(f"r{i}" for i in range(n_rows)),
        columns=tuple(f"c{j}" for j in range(n_cols)),
        counts=counts,
        row_totals=draw(st.booleans()),
        column_totals=draw(st.booleans()),
    )
    return table, draw(st.integers(1, 5))


@st.composite
def tables_with_forced_cells(draw: st.DrawFn) -> tuple[CountTable, int, list[tuple[int, int]]]:
    table, threshold = draw(tables())
    rows = len(table.rows) + (1 if table.column_totals else 0)
    cols = len(table.columns) + (1 if table.row_totals else 0)
    forced = draw(st.lists(st.tuples(st.integers(0, rows - 1), st.integers(0, cols - 1)), max_size=2))
    return table, threshold, forced


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_hidden_cell_can_be_recovered_from_the_published_table(case: tuple[CountTable, int]) -> None:
    table, threshold = case
    published = suppress(table, threshold=threshold)
    ranges = attack(published, row_totals=table.row_totals, column_totals=table.column_totals)
    for pos, (low, high) in ranges.items():
        assert high - low >= 1 - 1e-6, f"cell {pos} pinned to {low} in {published.cells}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables_with_forced_cells())
def test_cells_hidden_for_another_table_stay_hidden_and_protected(
    case: tuple[CountTable, int, list[tuple[int, int]]],
) -> None:
    # A count another table in the same paper had to hide is hidden here too (the linked-tables rule).
    table, threshold, forced = case
    published = suppress(table, threshold=threshold, also_hide=forced)
    for i, j in forced:
        assert published.cells[i][j] in (SUPPRESSED, 0)
    ranges = attack(published, row_totals=table.row_totals, column_totals=table.column_totals)
    assert all(high - low >= 1 - 1e-6 for low, high in ranges.values())


@settings(max_examples=100, deadline=None)
@given(tables())
def test_small_counts_are_hidden_and_everything_shown_is_true(case: tuple[CountTable, int]) -> None:
    table, threshold = case
    published = suppress(table, threshold=threshold)
    r, c = len(table.rows), len(table.columns)
    truth = {}
    for i in range(r):
        for j in range(c):
            truth[i, j] = table.counts[i][j]
        truth[i, c] = sum(table.counts[i])
    for j in range(c + 1):
        truth[r, j] = sum(truth[i, j] for i in range(r))
    for i, row in enumerate(published.cells):
        for j, shown in enumerate(row):
            value = truth[i, j]
            if 1 <= value <= threshold:
                assert shown == SUPPRESSED
            if shown == SUPPRESSED:
                assert value > 0, "zeros are shown, so a zero is never hidden"
            else:
                assert shown == value


def test_a_table_without_small_counts_is_published_whole() -> None:
    table = CountTable("t", ("a", "b"), ("x", "y"), ((10, 20), (30, 40)))
    published = suppress(table)
    assert published.suppressed == frozenset()
    assert published.cells[-1][-1] == 100


def test_one_small_cell_hides_a_rectangle_of_four() -> None:
    # The classic case: one small count needs three partners so no row or column sum gives it away.
    table = CountTable("t", ("a", "b", "c"), ("x", "y", "z"), ((3, 20, 30), (40, 50, 60), (70, 80, 90)))
    published = suppress(table)
    assert published.primary == {(0, 0)}
    assert len(published.suppressed) == 4
    rows = {i for i, _ in published.suppressed}
    cols = {j for _, j in published.suppressed}
    assert len(rows) == 2 and len(cols) == 2


def test_two_ones_in_a_row_are_not_left_to_add_up() -> None:
    # Row total 2 with two "c" cells of at least 1 each would give both away.
    table = CountTable("t", ("a",), ("x", "y", "z"), ((1, 1, 30),), column_totals=False)
    published = suppress(table)
    hidden_values = [table.counts[0][j] for (_, j) in published.suppressed if j < 3]
    assert 30 in hidden_values or published.cells[0][3] == SUPPRESSED


def test_stand_alone_counts_and_percentages() -> None:
    assert [show_count(n, 5) for n in (0, 1, 5, 6)] == [0, SUPPRESSED, SUPPRESSED, 6]
    assert percentage(3, 9) is None
    assert percentage(1, 10) == 10
    assert percentage(2, 3, min_base=1) == 67
    assert narrow_enough([10, 12]) and not narrow_enough([10, 9])
    with pytest.raises(ValueError):
        percentage(11, 10)


def test_json_round_trip_keeps_marks() -> None:
    table = CountTable("t", ("a", "b"), ("x", "y"), ((2, 20), (30, 40)))
    published = suppress(table)
    again = PublishedTable.from_json(published.to_json())
    assert again.cells == published.cells
    assert again.suppressed == published.suppressed


def test_the_attacker_recovers_a_cell_when_only_small_counts_are_hidden() -> None:
    # Guards the guard: hiding only the small count leaves it recoverable from its row total.
    table = CountTable("t", ("a", "b"), ("x", "y"), ((3, 20), (30, 40)))
    naive = PublishedTable(
        "t",
        ("a", "b", "Total"),
        ("x", "y", "Total"),
        ((SUPPRESSED, 20, 23), (30, 40, 70), (33, 60, 93)),
    )
    low, high = attack(naive, row_totals=True, column_totals=True)[0, 0]
    assert low == pytest.approx(3) and high == pytest.approx(3)
    safe = attack(suppress(table), row_totals=True, column_totals=True)
    assert all(high - low >= 1 for low, high in safe.values())
