"""The disclosure-control layer: small counts hidden, and no hidden count recoverable from the totals.

The checks solve the published table independently of the module: exact linear algebra over the rows and
columns of the table extended by its totals (which hidden entries the equations determine, and to what
value), and, for tiny tables, every completion consistent with what the page says."""

import math
from fractions import Fraction

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isenim.core.access import CASE_TEAM_ROLES, Role
from isenim.core.disclosure import (
    FILE_K,
    SCREEN_K,
    Published,
    SafeTable,
    rate,
    safe_count,
    safe_counts,
    safe_table,
    screen_k,
)

# --- an independent solver ----------------------------------------------------------------------------------


def extended(table: SafeTable) -> list[list[Published]]:
    """The published table with its totals as an (m+1)×(n+1) grid."""
    grid = [[*row.cells, row.total] for row in table.rows]
    grid.append([*table.col_totals, table.total])
    return grid


def true_grid(rows: list[list[int]]) -> list[list[int]]:
    grid = [[*row, sum(row)] for row in rows]
    grid.append([sum(col) for col in zip(*grid, strict=True)])
    return grid


def equations(grid) -> list[list[tuple[int, int]]]:
    """Each line of the extended grid: its entries, the last one being the sum of the others."""
    m, n = len(grid), len(grid[0])
    return [[(i, j) for j in range(n)] for i in range(m)] + [[(i, j) for i in range(m)] for j in range(n)]


def determined(grid: list[list[Published]]) -> dict[tuple[int, int], Fraction]:
    """The hidden entries the published ones determine through the row and column equations, with their
    values: Gauss-Jordan elimination over the rationals. An unknown is determined exactly when its pivot
    row has no coefficient on a free unknown."""
    unknowns = sorted((i, j) for i, row in enumerate(grid) for j, p in enumerate(row) if p.value is None)
    index = {u: a for a, u in enumerate(unknowns)}
    matrix = []
    for line in equations(grid):
        *parts, whole = line
        coefficients = [Fraction(0)] * len(unknowns)
        constant = Fraction(0)  # sum(coefficients * x) == constant
        for entry, sign in [(p, 1) for p in parts] + [(whole, -1)]:
            value = grid[entry[0]][entry[1]].value
            if value is None:
                coefficients[index[entry]] += sign
            else:
                constant -= sign * value
        matrix.append([*coefficients, constant])
    pivots = []
    row = 0
    for col in range(len(unknowns)):
        found = next((r for r in range(row, len(matrix)) if matrix[r][col] != 0), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        pivot = matrix[row][col]
        matrix[row] = [x / pivot for x in matrix[row]]
        for r in range(len(matrix)):
            if r != row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[row], strict=True)]
        pivots.append((row, col))
        row += 1
    pivot_cols = {col for _, col in pivots}
    free = [c for c in range(len(unknowns)) if c not in pivot_cols]
    return {unknowns[col]: matrix[r][-1] for r, col in pivots if all(matrix[r][f] == 0 for f in free)}


def one_equation_leaks(grid: list[list[Published]]) -> list:
    """Lines with exactly one hidden entry: that entry is the total minus the others."""
    return [line for line in equations(grid) if sum(1 for i, j in line if grid[i][j].value is None) == 1]


def naive(rows: list[list[int]], k: int) -> list[list[Published]]:
    """Primary suppression only, totals published: what a careless page would show."""
    return [[safe_count(v, k) for v in row] for row in true_grid(rows)]


def as_table(rows: list[list[int]], k: int | None) -> SafeTable:
    return safe_table({i: dict(enumerate(row)) for i, row in enumerate(rows)}, k)


def everything_hidden(table: SafeTable) -> bool:
    return all(p.value is None for p in table.entries())


def completions(grid: list[list[Published]], k: int, cap: int):
    """Every integer table consistent with the page: published entries as shown, "fewer than k" from 1 to
    k-1 (0 to k-1 when the page shows no number), "hidden" from k to ``cap`` (a hidden entry was a
    published count, so at least k). Row by row, a hidden cell taken from a published total when it is the
    last hidden one of its column or row, partial sums pruned against published totals."""
    m, n = len(grid) - 1, len(grid[0]) - 1
    # A table that shows no number at all may hide zeros too ("fewer than k" is then 0 to k-1).
    least = 0 if all(p.value is None for row in grid for p in row) else 1

    def allowed(p: Published, v: int, limit: float = cap) -> bool:
        if p.value is not None:
            return v == p.value
        return least <= v < k if p.small else k <= v <= limit

    def choices(p: Published):
        if p.value is not None:
            return [p.value]
        return range(least, k) if p.small else range(k, cap + 1)

    cells = [[0] * n for _ in range(m)]
    col_sums = [0] * n

    def fill(i: int, j: int):
        if i == m:
            full = true_grid(cells)
            if all(allowed(grid[m][c], full[m][c], math.inf) for c in range(n + 1)):
                yield full
            return
        if j == n:
            if allowed(grid[i][n], sum(cells[i]), math.inf):
                yield from fill(i + 1, 0)
            return
        p = grid[i][j]
        row_total = grid[i][n].value
        last_hidden = all(grid[i][c].value is not None for c in range(j + 1, n))
        col_total = grid[m][j].value
        last_hidden_in_col = all(grid[r][j].value is not None for r in range(i + 1, m))
        if p.value is None and last_hidden_in_col and col_total is not None:
            options = [col_total - col_sums[j] - sum(grid[r][j].value for r in range(i + 1, m))]
        elif p.value is None and last_hidden and row_total is not None:
            options = [row_total - sum(cells[i][:j]) - sum(grid[i][c].value for c in range(j + 1, n))]
        else:
            options = choices(p)
        for v in options:
            if not allowed(p, v):
                continue
            if row_total is not None and sum(cells[i][:j]) + v > row_total:
                break
            if col_total is not None and col_sums[j] + v > col_total:
                break
            cells[i][j] = v
            col_sums[j] += v
            yield from fill(i, j + 1)
            col_sums[j] -= v
        cells[i][j] = 0

    yield from fill(0, 0)


def assert_safe(rows: list[list[int]], k: int) -> SafeTable:
    table = as_table(rows, k)
    grid = extended(table)
    truth = true_grid(rows)
    for i, row in enumerate(grid):
        for j, p in enumerate(row):
            if p.value is not None:
                assert p.value == truth[i][j], "a published count is the true count"
                assert not 0 < p.value < k, "no small count is published"
            else:
                assert truth[i][j] > 0 or everything_hidden(table), "a zero is hidden only with everything"
                assert p.small == (truth[i][j] < k), "'fewer than k' exactly for the small counts"
    assert one_equation_leaks(grid) == []
    assert determined(grid) == {}
    return table


# --- leaks through the totals -------------------------------------------------------------------------------


def test_naive_suppression_leaks_through_a_row_total_and_safe_table_closes_it():
    rows = [[3, 12, 20], [15, 9, 30]]  # 3 is small; row total 35 and the 12 and 20 give it back
    leaked = determined(naive(rows, SCREEN_K))
    assert leaked == {(0, 0): 3}

    table = assert_safe(rows, SCREEN_K)
    assert str(table.cell(0, 0).value) == "None"
    assert table.cell(0, 0).small
    # One more cell of the row is hidden (the smallest non-zero one), then the column that leaves alone.
    assert table.cell(0, 1).value is None
    assert table.cell(0, 1).reason == "hidden"
    assert table.total.value == 89


def test_naive_suppression_leaks_through_several_equations_and_safe_table_closes_it():
    # Two small cells in one row, one in another: the naive table is solved by combining rows and columns.
    rows = [[2, 4, 10], [8, 3, 9], [20, 30, 40]]
    leaked = determined(naive(rows, SCREEN_K))
    assert leaked == {(0, 0): 2, (0, 1): 4, (1, 1): 3}
    assert_safe(rows, SCREEN_K)


def test_a_bridge_between_two_cycles_is_closed():
    # Each small cell sits in a row and a column with another hidden cell, yet the hidden cells form two
    # cycles joined by one cell: that cell is fixed by the equations of one side.
    rows = [
        [3, 4, 0, 0, 10],
        [2, 1, 0, 0, 12],
        [0, 0, 3, 2, 0],
        [0, 0, 4, 1, 0],
    ]
    table = assert_safe(rows, SCREEN_K)
    assert table.total.value == sum(map(sum, rows))


def test_small_row_total_is_hidden_and_does_not_give_itself_away():
    rows = [[3, 0, 0], [10, 20, 30]]
    table = assert_safe(rows, SCREEN_K)
    assert table.row_total(0).value is None and table.row_total(0).small
    assert table.cell(0, 1).value == 0 and str(table.cell(0, 1)) == "0"


def test_bounds_pin_two_ones_in_a_row_and_safe_table_widens_them():
    # 1 + 1 + 5 = 7: with the 5 and the total shown, two "fewer than 5" that sum to 2 are both 1.
    rows = [[1, 1, 5], [20, 30, 40]]
    table = assert_safe(rows, SCREEN_K)
    values = {(full[0][0], full[0][1]) for full in completions(extended(table), SCREEN_K, cap=45)}
    assert len(values) > 1
    assert {a for a, _ in values} != {1}


@pytest.mark.parametrize(
    "rows",
    [
        [[3, 12], [15, 9]],
        [[1, 1, 5], [6, 7, 8]],
        [[4, 5], [5, 4]],
        [[2, 0], [0, 7]],
        [[4, 4], [9, 0]],
        [[6, 1, 6]],
    ],
)
def test_tiny_tables_have_no_hidden_entry_with_a_single_possible_value(rows):
    table = assert_safe(rows, SCREEN_K)
    grid = extended(table)
    hidden = [(i, j) for i, row in enumerate(grid) for j, p in enumerate(row) if p.value is None]
    cap = max(map(max, rows)) + SCREEN_K
    found = list(completions(grid, SCREEN_K, cap))
    assert true_grid(rows) in found
    for i, j in hidden:
        assert len({full[i][j] for full in found}) > 1, f"entry {(i, j)} has one possible value"


# --- zeros, all small, k for files --------------------------------------------------------------------------


def test_zeros_are_shown_and_never_hidden():
    table = assert_safe([[0, 0], [0, 40]], SCREEN_K)
    assert [str(c) for c in table.rows[0].cells] == ["0", "0"]
    assert table.total.value == 40
    empty = as_table([[0, 0], [0, 0]], SCREEN_K)
    assert all(p.value == 0 for p in empty.entries())


def test_an_all_small_table_shows_no_count_but_its_zeros():
    rows = [[1, 2], [3, 0]]  # total 6: the grand total alone may show, nothing else can
    table = assert_safe(rows, SCREEN_K)
    shown = [p.value for p in table.entries() if p.value is not None]
    assert set(shown) <= {0, 6}
    assert table.cell(1, 1).value == 0


def test_all_small_with_a_small_total_hides_everything_nonzero():
    table = assert_safe([[1, 1], [1, 0]], SCREEN_K)
    assert {p.value for p in table.entries()} == {None, 0}


def test_files_use_k_11():
    assert FILE_K == 11 and SCREEN_K == 5
    rows = [[7, 30, 14], [25, 10, 40]]
    table = assert_safe(rows, FILE_K)
    assert table.cell(0, 0).small and table.cell(1, 1).small
    assert as_table(rows, SCREEN_K).cell(0, 0).value == 7


def test_no_k_shows_every_count():
    table = as_table([[1, 2], [3, 0]], None)
    assert table.cell(0, 0).value == 1 and table.total.value == 6
    assert table.suppressed == 0


def test_safe_count_and_validation():
    assert safe_count(0, 5).value == 0
    assert safe_count(4, 5).value is None and safe_count(4, 5).small
    assert safe_count(5, 5).value == 5
    assert safe_count(10, 11).value is None
    assert safe_count(3, None).value == 3
    for bad in (-1, 1.5, True, "3"):
        with pytest.raises(ValueError):
            safe_count(bad, 5)
    with pytest.raises(ValueError):
        safe_count(3, 1)


def test_one_way_counts_with_a_total():
    table = safe_counts({"north": 3, "south": 10, "east": 12}, SCREEN_K)
    assert [p.value for p in table.column(None)] == [None, None, 12]
    assert table.total.value == 25
    assert determined(extended(table)) == {}


def test_as_dict_gives_null_for_hidden_entries():
    data = as_table([[3, 12], [15, 9]], SCREEN_K).as_dict()
    assert data["cells"][0] == {"row": 0, "col": 0, "count": None}
    assert data["total"] == 39


# --- rendering and rates ------------------------------------------------------------------------------------


def test_published_renders_the_number_or_fewer_than_k():
    with translation.override("en"):
        assert str(safe_count(3, 5)) == "fewer than 5"
        assert str(safe_count(7, 11)) == "fewer than 11"
        assert str(Published(None, 5, "hidden")) == "hidden"
    with translation.override("kaa"):
        assert str(safe_count(12345, 5)) == "12\xa0345"


def test_rates_only_from_published_counts():
    assert rate(safe_count(10, 5), safe_count(40, 5)) == 0.25
    assert rate(safe_count(3, 5), safe_count(40, 5)) is None
    assert rate(safe_count(10, 5), safe_count(3, 5)) is None
    assert rate(safe_count(0, 5), safe_count(0, 5)) is None
    assert rate(10, 40) == 0.25
    table = as_table([[3, 12], [15, 9]], SCREEN_K)
    assert rate(table.cell(0, 0), table.row_total(0)) is None


def test_template_note_and_filters():
    template = Template(
        "{% load disclosure %}{{ a|percent_of:b }} {{ c|percent_of:b }} {{ c|count_title }}"
        '{% include "core/_disclosure_note.html" with k=k %}'
    )
    with translation.override("en"):
        html = template.render(
            Context({"a": safe_count(10, 5), "b": safe_count(40, 5), "c": safe_count(2, 5), "k": 5})
        )
        assert html.startswith("25 % — fewer than 5: not shown")
        assert "Numbers from 1 to 4 are not shown" in html
        assert "disclosure-note" not in template.render(Context({"a": 1, "b": 2, "c": 1, "k": None}))


@pytest.mark.django_db
def test_screen_k_by_role(staff):
    for role, user in staff.items():
        expected = None if role in CASE_TEAM_ROLES else SCREEN_K
        assert screen_k(user) == expected, role
    assert screen_k(staff[Role.ADMINISTRATOR]) == SCREEN_K
    assert screen_k(staff[Role.ME_OFFICER]) == SCREEN_K


# --- property: no hidden count from one equation, nor from all of them --------------------------------------

counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40), st.integers(1, 15))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.lists(st.lists(counts, min_size=n, max_size=n), min_size=1, max_size=5)
    ),
    st.sampled_from([SCREEN_K, FILE_K]),
)
def test_property_no_hidden_count_can_be_derived(rows, k):
    assert_safe(rows, k)
