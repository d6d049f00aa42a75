"""The one disclosure-control layer: every count that leaves a case file goes through here.

Counts of appeals, cases and people helped re-identify a person in a small district as easily as a name.
Every screen shown to a role outside the case team, and every file that leaves the centre, publishes such
counts only through :func:`safe_count` or :func:`safe_table`.

The protection model (constants, not settings):

- **k** is :data:`SCREEN_K` (5) on screen for roles outside the case team (:func:`screen_k`; the case
  team — ``core.access.CASE_TEAM_ROLES`` — sees raw numbers: ``screen_k`` answers ``None``), and
  :data:`FILE_K` (11) in every file that leaves the centre (exports, reports, the console's ``--json``).
- **Primary suppression.** A count from 1 to k−1 is not shown ("fewer than k"); 0 is shown as 0 — an
  absence reveals nobody. This applies to totals as well as to cells: a row total of 3 is a count of people.
- **Secondary suppression** (:func:`safe_table`). A table is published with its row totals, column totals
  and grand total. Think of it extended by its margins: an (m+1)×(n+1) grid where every row and every
  column is one equation, "the entries sum to the last one". A hidden entry must not be worked out from
  the published ones. The rule, applied until nothing changes:

  1. *One equation.* A row or column of the extended grid with exactly one hidden entry gives it away
     (the total minus the others). Hide one more entry of that line: the smallest non-zero published
     inner cell; when the line has none, its total (a column total before the grand total).
  2. *Several equations.* The hidden entries form a bipartite graph (rows and columns of the extended
     grid are its vertices, a hidden entry joins its row and its column). Solving the equations determines
     a hidden entry exactly when its edge lies on no cycle of that graph (a *bridge*); on a cycle, adding
     t to it and alternately subtracting and adding t around the cycle satisfies every equation. So a
     bridge is closed by hiding one more entry that joins the two sides the bridge separates (again the
     smallest non-zero inner cell first, then totals).
  3. *Bounds.* What the page says about a hidden entry also bounds it: "fewer than k" is 1…k−1, and an
     entry hidden by rules 1–3 was a published non-zero count, so at least k. The bounds are propagated
     along every row and column (interval propagation); a hidden entry narrowed to a single value gets one
     more entry of its row or column hidden (the smallest non-zero one, inner cells first).

  4. *Nothing left.* When every non-zero entry is hidden and the bounds still pin one — a table of a few
     ones whose number the zeros betray (four cells "fewer than 5" and a total "fewer than 5": each is 1)
     — the whole table is hidden, its zeros shown as "fewer than k" too (which they are).

  Zeros are otherwise never hidden: 0 is shown as 0. Each round hides one more non-zero entry, so the
  loop ends; in the worst case at rule 4.

What it does not promise: the linear check (rule 2) is exact, but the bound check (rule 3) follows single
rows and columns, not every combination of them: in rare tables of many small counts, an auditor with a
linear-programming solver who combines several rows and columns with the bounds can still narrow a hidden
entry, occasionally to one value (e.g. rows 1 4 7 / 0 5 5 / 1 1 8 at k = 5 pin the middle 5). And two
*different* tables of the same records (the same total split two ways,
or two releases a month apart) are not checked against each other here — the CTDC export keeps a record of
its releases for that.

Rates are computed from published cells only (:func:`rate`): a rate whose numerator or denominator is
hidden is not shown, since it would give the hidden count back.

Templates: ``{% include "core/_disclosure_note.html" with k=table.k %}`` under every table that went
through here; ``{% load disclosure %}`` for ``{{ numerator|percent_of:denominator }}``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext

from isenim.core.access import CASE_TEAM_ROLES, role_of

SCREEN_K = 5
FILE_K = 11

# Why an entry is not shown.
SMALL = "small"  # primary: a count from 1 to k-1
HIDDEN = "hidden"  # secondary: hidden so that a small count cannot be worked out from the totals


def screen_k(user) -> int | None:
    """The k for counts shown to ``user`` on screen: None (raw numbers) for the case team, else SCREEN_K.

    The administrator gets SCREEN_K too (they see none of these pages; should one reach them, it is safe)."""
    role = role_of(user)
    if role is not None and role in CASE_TEAM_ROLES:
        return None
    return SCREEN_K


@dataclass(frozen=True, slots=True)
class Published:
    """One count as it may be published: ``value`` is None when it is not shown.

    ``str()`` is the number in the interface's format, "fewer than k" (a small count) or "hidden" (hidden
    so that a small count cannot be worked out). ``k`` is None when nothing was suppressed by rule."""

    value: int | None
    k: int | None = None
    reason: str | None = None  # SMALL or HIDDEN when value is None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def small(self) -> bool:
        return self.reason == SMALL

    def __str__(self) -> str:
        if self.value is not None:
            return number_format(self.value, force_grouping=True)
        if self.reason == SMALL:
            return gettext("fewer than %(k)s") % {"k": self.k}
        return gettext("hidden")

    @property
    def label(self) -> str:
        """A longer form for a cell's title (hover) and for screen readers."""
        if self.value is not None:
            return str(self)
        if self.reason == SMALL:
            return gettext("fewer than %(k)s: not shown, to protect the people counted") % {"k": self.k}
        return gettext("hidden, so that a small number cannot be worked out from the totals")

    def __int__(self) -> int:
        if self.value is None:
            raise ValueError("A suppressed count has no value.")
        return self.value

    def __bool__(self) -> bool:
        # A suppressed count is "something" (at least 1): templates' {% if %} treat it as present.
        return self.value is None or self.value != 0


def _check_k(k: int | None) -> None:
    if k is not None and (not isinstance(k, int) or k < 2):
        raise ValueError(f"k must be an integer of at least 2 (or None), not {k!r}")


def _check_count(n) -> int:
    try:
        value = operator.index(n)  # int, numpy integers; not float, not bool
    except TypeError:
        value = None
    if value is None or isinstance(n, bool) or value < 0:
        raise ValueError(f"A count is a non-negative integer, not {n!r}")
    return value


def safe_count(n: int, k: int | None) -> Published:
    """One count on its own: hidden when from 1 to k-1 (k None: shown as it is)."""
    _check_k(k)
    n = _check_count(n)
    if k is not None and 0 < n < k:
        return Published(None, k, SMALL)
    return Published(n, k)


def rate(numerator, denominator) -> float | None:
    """numerator / denominator, only when both are published (a Published with a value, or an int) and the
    denominator is not 0; else None."""
    num = numerator.value if isinstance(numerator, Published) else numerator
    den = denominator.value if isinstance(denominator, Published) else denominator
    if num is None or den is None or den == 0:
        return None
    return num / den


@dataclass(frozen=True, slots=True)
class SafeRow:
    key: Hashable
    cells: tuple[Published, ...]
    total: Published


@dataclass(frozen=True)
class SafeTable:
    """A table of counts as it may be published, with its totals.

    ``rows`` (for templates: ``{% for row in table.rows %}{{ row.key }}{% for cell in row.cells %}…``),
    ``col_totals`` (in column order), ``total``; ``cell(r, c)``, ``row_total(r)``, ``col_total(c)``."""

    k: int | None
    row_keys: tuple
    col_keys: tuple
    _cells: Mapping[tuple, Published]
    _row_totals: Mapping[Hashable, Published]
    _col_totals: Mapping[Hashable, Published]
    total: Published

    def cell(self, row, col) -> Published:
        return self._cells[(row, col)]

    def row_total(self, row) -> Published:
        return self._row_totals[row]

    def col_total(self, col) -> Published:
        return self._col_totals[col]

    @property
    def rows(self) -> list[SafeRow]:
        return [
            SafeRow(r, tuple(self._cells[(r, c)] for c in self.col_keys), self._row_totals[r])
            for r in self.row_keys
        ]

    @property
    def col_totals(self) -> list[Published]:
        return [self._col_totals[c] for c in self.col_keys]

    def column(self, col) -> list[Published]:
        return [self._cells[(r, col)] for r in self.row_keys]

    def entries(self) -> Iterable[Published]:
        yield from self._cells.values()
        yield from self._row_totals.values()
        yield from self._col_totals.values()
        yield self.total

    @property
    def suppressed(self) -> int:
        """How many entries (cells and totals) are not shown."""
        return sum(1 for p in self.entries() if p.value is None)

    def as_dict(self) -> dict:
        """For JSON: ``None`` where an entry is not shown."""
        return {
            "k": self.k,
            "cells": [
                {"row": r, "col": c, "count": self._cells[(r, c)].value}
                for r in self.row_keys
                for c in self.col_keys
            ],
            "row_totals": [{"row": r, "count": self._row_totals[r].value} for r in self.row_keys],
            "col_totals": [{"col": c, "count": self._col_totals[c].value} for c in self.col_keys],
            "total": self.total.value,
        }


def safe_table(
    rows: Mapping[Hashable, Mapping[Hashable, int]],
    k: int | None,
    *,
    row_keys: Iterable | None = None,
    col_keys: Iterable | None = None,
) -> SafeTable:
    """A two-way table of counts with its totals, primary and secondary suppression applied (module doc).

    ``rows[r][c]`` is a count; a missing cell is 0. ``row_keys`` / ``col_keys`` fix the order and may name
    rows or columns with no count at all (all zeros); by default, the order the keys are first seen in.
    ``k`` None (the case team on screen): every entry is shown."""
    _check_k(k)
    if row_keys is None:
        row_keys = list(rows)
    if col_keys is None:
        seen: dict = {}
        for cols in rows.values():
            for c in cols:
                seen.setdefault(c, None)
        col_keys = list(seen)
    row_keys, col_keys = tuple(row_keys), tuple(col_keys)
    m, n = len(row_keys), len(col_keys)
    # The extended grid: inner cells (i < m, j < n), row totals (j == n), column totals (i == m), grand total.
    grid = [[0] * (n + 1) for _ in range(m + 1)]
    for i, r in enumerate(row_keys):
        cols = rows.get(r, {})
        for j, c in enumerate(col_keys):
            v = _check_count(cols.get(c, 0))
            grid[i][j] = v
            grid[i][n] += v
            grid[m][j] += v
            grid[m][n] += v
    unknown = {r for r in rows if r not in set(row_keys)}
    if unknown:
        raise ValueError(f"Rows not in row_keys: {sorted(map(str, unknown))}")
    hidden, primary = _protect(grid, k) if k is not None else (set(), set())

    def pub(i, j) -> Published:
        if (i, j) in hidden:
            return Published(None, k, SMALL if (i, j) in primary else HIDDEN)
        return Published(grid[i][j], k)

    return SafeTable(
        k=k,
        row_keys=row_keys,
        col_keys=col_keys,
        _cells={(r, c): pub(i, j) for i, r in enumerate(row_keys) for j, c in enumerate(col_keys)},
        _row_totals={r: pub(i, n) for i, r in enumerate(row_keys)},
        _col_totals={c: pub(m, j) for j, c in enumerate(col_keys)},
        total=pub(m, n),
    )


def safe_counts(counts: Mapping[Hashable, int], k: int | None, *, keys: Iterable | None = None) -> SafeTable:
    """A one-way list of counts (appeals per campaign…) with its total: a table of one column ``None``.

    ``table.column(None)`` are the counts in order, ``table.total`` the total."""
    keys = tuple(counts) if keys is None else tuple(keys)
    return safe_table({key: {None: counts.get(key, 0)} for key in keys}, k, row_keys=keys, col_keys=(None,))


# --- secondary suppression ---------------------------------------------------------------------------------


def _protect(grid: list[list[int]], k: int) -> tuple[set, set]:
    """The hidden entries of the extended grid and, among them, the small ones (primary)."""
    rows, cols = len(grid), len(grid[0])
    primary = {(i, j) for i in range(rows) for j in range(cols) if 0 < grid[i][j] < k}
    hidden = set(primary)
    try:
        while (
            _close_single_lines(grid, hidden)
            or _close_bridges(grid, hidden)
            or _close_pinned_entries(grid, hidden, primary, k)
        ):
            pass
    except _NothingLeftToHide:
        # Rule 4: every non-zero entry is hidden and the bounds still pin one (counts of 1 whose number the
        # zeros around them betray): the whole table is hidden, its zeros shown as "fewer than k" too.
        everything = {(i, j) for i in range(rows) for j in range(cols)}
        return everything, {e for e in everything if grid[e[0]][e[1]] < k}
    return hidden, primary


class _NothingLeftToHide(Exception):
    pass


def _line(grid, axis: str, index: int) -> list[tuple[int, int]]:
    if axis == "r":
        return [(index, j) for j in range(len(grid[0]))]
    return [(i, index) for i in range(len(grid))]


def _lines(grid):
    for i in range(len(grid)):
        yield _line(grid, "r", i)
    for j in range(len(grid[0])):
        yield _line(grid, "c", j)


def _priority(grid, entry):
    """Which entry to hide first: inner cells, then row or column totals, then the grand total; smallest
    first."""
    i, j = entry
    last_i, last_j = len(grid) - 1, len(grid[0]) - 1
    kind = (i == last_i) + (j == last_j)
    return (kind, grid[i][j], i, j)


def _best(grid, hidden, candidates) -> tuple[int, int] | None:
    usable = [e for e in candidates if e not in hidden and grid[e[0]][e[1]] > 0]
    return min(usable, key=lambda e: _priority(grid, e)) if usable else None


def _close_single_lines(grid, hidden) -> bool:
    """Rule 1: every line with exactly one hidden entry gets one more. True if anything was hidden."""
    changed = False
    for line in _lines(grid):
        if sum(1 for e in line if e in hidden) == 1:
            entry = _best(grid, hidden, line)
            if entry is not None:  # None only when the rest are zeros: then the hidden entry is 0 too
                hidden.add(entry)
                changed = True
    return changed


def _close_bridges(grid, hidden) -> bool:
    """Rule 2: hide entries so that the bridges of the hidden entries' graph lie on cycles (one entry per
    bridge whose ends no other entry hidden in this pass touched). True if anything was hidden."""
    touched: set = set()
    adjacency: dict[tuple, list[tuple]] = {}
    for i, j in hidden:
        adjacency.setdefault(("r", i), []).append(("c", j))
        adjacency.setdefault(("c", j), []).append(("r", i))
    for i, j in sorted(_bridges(adjacency)):
        if ("r", i) in touched or ("c", j) in touched:
            continue
        side = _component(adjacency, ("r", i), without=(("r", i), ("c", j)))
        rows_a = {v[1] for v in side if v[0] == "r"}
        cols_a = {v[1] for v in side if v[0] == "c"}
        other = _component(adjacency, ("c", j), without=(("r", i), ("c", j)))
        rows_b = {v[1] for v in other if v[0] == "r"}
        cols_b = {v[1] for v in other if v[0] == "c"}
        across = [(a, b) for a in rows_a for b in cols_b] + [(a, b) for a in rows_b for b in cols_a]
        entry = (
            _best(grid, hidden, across)
            or _best(grid, hidden, _line(grid, "r", i) + _line(grid, "c", j))
            or _best(grid, hidden, [(a, b) for a in range(len(grid)) for b in range(len(grid[0]))])
        )
        if entry is not None:
            hidden.add(entry)
            touched |= {("r", i), ("c", j), ("r", entry[0]), ("c", entry[1])}
    return bool(touched)


def _component(adjacency, start, without) -> set:
    """The vertices reached from ``start`` without crossing the edge ``without``."""
    a, b = without
    seen, todo = {start}, [start]
    while todo:
        v = todo.pop()
        for w in adjacency.get(v, ()):
            if {v, w} == {a, b}:
                continue
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


def _bridges(adjacency) -> list[tuple[int, int]]:
    """The bridges of the (simple, bipartite) graph, as grid entries (row, column); iterative Tarjan."""
    order: dict = {}
    low: dict = {}
    found = []
    counter = 0
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack = [(root, None, iter(adjacency[root]))]
        while stack:
            v, parent, neighbours = stack[-1]
            advanced = False
            for w in neighbours:
                if w == parent:
                    continue
                if w in order:
                    low[v] = min(low[v], order[w])
                else:
                    order[w] = low[w] = counter
                    counter += 1
                    stack.append((w, v, iter(adjacency[w])))
                    advanced = True
                    break
            if advanced:
                continue
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[v])
                if low[v] > order[parent]:
                    r, c = (parent, v) if parent[0] == "r" else (v, parent)
                    found.append((r[1], c[1]))
    return found


def _close_pinned_entries(grid, hidden, primary, k) -> bool:
    """Rule 3: hide one more entry beside each hidden entry the bounds pin to one value (one per row or
    column that pins, in a pass). True if anything was hidden."""
    lo: dict[tuple, float] = {}
    hi: dict[tuple, float] = {}
    for entry in hidden:
        lo[entry], hi[entry] = (1, k - 1) if entry in primary else (k, math.inf)
    equations: dict[tuple, _Equation] = {}
    for axis, count in (("r", len(grid)), ("c", len(grid[0]))):
        for index in range(count):
            line = _line(grid, axis, index)
            if any(e in hidden for e in line):
                equations[(axis, index)] = _Equation(grid, hidden, line)
    first_lo, first_hi = dict(lo), dict(hi)
    for _ in range(50):
        changed = False
        for equation in equations.values():
            changed |= equation.narrow(lo, hi)
        if not changed:
            break
    pinned = [entry for entry in sorted(hidden) if lo[entry] == hi[entry]]
    # Lines that pin an entry on what the page says come first: entries pinned through them are freed by
    # closing them. Only when no line does so alone, the lines that pin after propagation.
    touched: set = set()
    for bounds in ((first_lo, first_hi), (lo, hi)):
        for entry in pinned:
            i, j = entry
            for line in (("r", i), ("c", j)):
                if line in touched or not equations[line].pins(entry, *bounds):
                    continue
                found = _best(grid, hidden, _line(grid, *line)) or _best(
                    grid, hidden, _line(grid, "r", i) + _line(grid, "c", j)
                )
                if found is not None:
                    hidden.add(found)
                    touched.add(line)
                    break
        if touched:
            return True
    for entry in pinned:  # pinned by two lines together: one more entry in its row, else anywhere
        i, j = entry
        found = _best(grid, hidden, _line(grid, "r", i) + _line(grid, "c", j)) or _best(
            grid, hidden, [(a, b) for a in range(len(grid)) for b in range(len(grid[0]))]
        )
        if found is not None:
            hidden.add(found)
            return True
    if pinned:
        raise _NothingLeftToHide
    return False


class _Bounds:
    """The sum of terms with bounds, some of them infinite: finite parts and how many are infinite."""

    __slots__ = ("hi", "hi_inf", "lo", "lo_inf")

    def __init__(self, terms):
        self.lo = self.hi = 0
        self.lo_inf = self.hi_inf = 0
        for t_lo, t_hi in terms:
            if t_lo == -math.inf:
                self.lo_inf += 1
            else:
                self.lo += t_lo
            if t_hi == math.inf:
                self.hi_inf += 1
            else:
                self.hi += t_hi

    def without(self, t_lo, t_hi) -> tuple[float, float]:
        """The bounds of the sum of the other terms."""
        if t_lo == -math.inf:
            low = -math.inf if self.lo_inf > 1 else self.lo
        else:
            low = -math.inf if self.lo_inf else self.lo - t_lo
        if t_hi == math.inf:
            high = math.inf if self.hi_inf > 1 else self.hi
        else:
            high = math.inf if self.hi_inf else self.hi - t_hi
        return low, high


class _Equation:
    """One line of the extended grid, ``sum(parts) - whole == 0``, written as
    ``sum(sign * hidden) + constant == 0``."""

    __slots__ = ("constant", "terms")

    def __init__(self, grid, hidden, line):
        *parts, whole = line
        self.terms = [(e, 1) for e in parts if e in hidden]
        if whole in hidden:
            self.terms.append((whole, -1))
        self.constant = sum(grid[i][j] for i, j in parts if (i, j) not in hidden) - (
            0 if whole in hidden else grid[whole[0]][whole[1]]
        )

    @staticmethod
    def _term(sign, low, high):
        return (low, high) if sign == 1 else (-high, -low)

    def _implied(self, total, entry, sign, lo, hi):
        t_lo, t_hi = self._term(sign, lo[entry], hi[entry])
        others_lo, others_hi = total.without(t_lo, t_hi)
        # sign * x = -constant - others
        term_lo, term_hi = -self.constant - others_hi, -self.constant - others_lo
        return (term_lo, term_hi) if sign == 1 else (-term_hi, -term_lo)

    def narrow(self, lo, hi) -> bool:
        total = _Bounds(self._term(sign, lo[e], hi[e]) for e, sign in self.terms)
        changed = False
        for entry, sign in self.terms:
            new_lo, new_hi = self._implied(total, entry, sign, lo, hi)
            if new_lo > lo[entry]:
                lo[entry], changed = new_lo, True
            if new_hi < hi[entry]:
                hi[entry], changed = new_hi, True
        return changed

    def pins(self, entry, lo, hi) -> bool:
        total = _Bounds(self._term(sign, lo[e], hi[e]) for e, sign in self.terms)
        sign = dict(self.terms)[entry]
        new_lo, new_hi = self._implied(total, entry, sign, lo, hi)
        return max(new_lo, lo[entry]) >= min(new_hi, hi[entry])
