"""The pivot engine: one or two dimensions of a source, under filters and a period, published through
``core.disclosure`` (docs/insights.md, "Pivot").

    spec = PivotSpec(rows="cause", cols="home_district", period="last_12_months")
    result = run_pivot(spec, user=request.user, k=pivot_k(request.user))
    result.table            # a core.disclosure.SafeTable: suppressed, totals included
    result.row_labels       # value -> label in the reader's language
    result.chart()          # a core.charts.Chart of the same published numbers
    result.as_json()        # what ``isenim stats --json`` prints

The source (``core.pivot``) counts raw; this module fills the grid, applies the period, suppresses, and
answers percentages from published cells only. Nothing raw leaves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from isenim.core import charts, disclosure
from isenim.core.pivot import Dimension, PivotRequest, PivotSource, UnknownDimension, source_named
from isenim.insights import periods

PERCENTS = {"": _("Counts"), "row": _("% of the row"), "col": _("% of the column")}
FILTER_PREFIX = "f_"
# A bigger grid is refused (secondary suppression over it would be slow, and nobody reads it).
MAX_CELLS = 6000
MAX_FILTER_VALUES = 500


class PivotError(ValueError):
    """Something in the pivot's request cannot be used; ``str()`` is a translated message for the screen
    and the console."""


def _values_of(querydict, key) -> list[str]:
    if hasattr(querydict, "getlist"):
        return list(querydict.getlist(key))
    value = querydict.get(key)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _first(querydict, key, default=""):
    values = _values_of(querydict, key)
    return values[-1].strip() if values else default


def _day(text: str, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PivotError(
            gettext("%(what)s is not a date (YYYY-MM-DD): %(value)s") % {"what": what, "value": text}
        ) from None


@dataclass
class PivotSpec:
    rows: str
    cols: str | None = None
    source: str = "appeals"
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    period: str = "last_12_months"  # periods.PERIODS; "custom" with starts_on / ends_on
    starts_on: date | None = None
    ends_on: date | None = None
    compare: str = ""  # "" or "previous_year"
    percent: str = ""  # "", "row", "col"

    def __post_init__(self):
        self.cols = self.cols or None
        self.filters = {
            str(name): tuple(str(v) for v in values)
            for name, values in (self.filters or {}).items()
            if values is not None and tuple(values)
        }

    def check(self) -> None:
        """The parts that need no source: period, comparison, percentages."""
        if not self.rows:
            raise PivotError(gettext("Choose the dimension of the rows."))
        if self.cols and self.cols == self.rows:
            raise PivotError(gettext("Choose two different dimensions for the rows and the columns."))
        if self.period not in periods.PERIODS:
            raise PivotError(gettext("Unknown period: %(period)s.") % {"period": self.period})
        if self.compare and self.compare not in periods.COMPARISONS:
            raise PivotError(gettext("Unknown comparison: %(compare)s.") % {"compare": self.compare})
        if self.compare and self.period == "all":
            raise PivotError(gettext("All time cannot be compared with a year earlier."))
        if self.percent not in PERCENTS:
            raise PivotError(gettext("Unknown percentage: %(percent)s.") % {"percent": self.percent})
        if self.percent == "col" and not self.cols:
            raise PivotError(gettext("A percentage of the column needs a dimension in the columns."))
        if sum(len(v) for v in self.filters.values()) > MAX_FILTER_VALUES:
            raise PivotError(gettext("Too many filter values."))
        if self.period == "custom":
            try:
                periods.resolve("custom", starts_on=self.starts_on, ends_on=self.ends_on)
            except periods.PeriodError as error:
                raise PivotError(str(error)) from None

    @classmethod
    def from_query(cls, querydict) -> PivotSpec:
        """From a query string (a QueryDict, or a dict of strings or lists): ``rows``, ``cols``,
        ``source``, ``period``, ``starts_on``, ``ends_on``, ``compare``, ``percent`` and one ``f_DIM``
        per filter value (repeated for several values). Raises PivotError."""
        filters: dict[str, list[str]] = {}
        for key in list(querydict):
            if key.startswith(FILTER_PREFIX) and len(key) > len(FILTER_PREFIX):
                values = [v.strip() for v in _values_of(querydict, key) if v.strip()]
                if values:
                    filters.setdefault(key[len(FILTER_PREFIX) :], []).extend(values)
        spec = cls(
            rows=_first(querydict, "rows"),
            cols=_first(querydict, "cols") or None,
            source=_first(querydict, "source", "appeals") or "appeals",
            filters={name: tuple(dict.fromkeys(values)) for name, values in filters.items()},
            period=_first(querydict, "period", "last_12_months") or "last_12_months",
            starts_on=_day(_first(querydict, "starts_on"), gettext("The first day")),
            ends_on=_day(_first(querydict, "ends_on"), gettext("The last day")),
            compare=_first(querydict, "compare"),
            percent=_first(querydict, "percent"),
        )
        spec.check()
        return spec

    def to_query(self) -> str:
        """The query string ``from_query`` reads back to an equal spec (defaults left out)."""
        pairs: list[tuple[str, str]] = [("source", self.source), ("rows", self.rows)]
        if self.cols:
            pairs.append(("cols", self.cols))
        for name in sorted(self.filters):
            pairs.extend((FILTER_PREFIX + name, value) for value in self.filters[name])
        pairs.append(("period", self.period))
        if self.period == "custom":
            pairs.append(("starts_on", self.starts_on.isoformat() if self.starts_on else ""))
            pairs.append(("ends_on", self.ends_on.isoformat() if self.ends_on else ""))
        if self.compare:
            pairs.append(("compare", self.compare))
        if self.percent:
            pairs.append(("percent", self.percent))
        return urlencode(pairs)

    def as_dict(self) -> dict:
        """For ``SavedView.spec`` (JSON)."""
        return {
            "source": self.source,
            "rows": self.rows,
            "cols": self.cols,
            "filters": {name: list(values) for name, values in sorted(self.filters.items())},
            "period": self.period,
            "starts_on": self.starts_on.isoformat() if self.starts_on else None,
            "ends_on": self.ends_on.isoformat() if self.ends_on else None,
            "compare": self.compare,
            "percent": self.percent,
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> PivotSpec:
        """From ``as_dict``'s shape (a saved view); raises PivotError on anything unusable."""
        if not isinstance(d, Mapping):
            raise PivotError(gettext("This saved analysis cannot be read."))
        filters = d.get("filters") or {}
        if not isinstance(filters, Mapping):
            raise PivotError(gettext("This saved analysis cannot be read."))
        spec = cls(
            rows=str(d.get("rows") or ""),
            cols=(str(d["cols"]) if d.get("cols") else None),
            source=str(d.get("source") or "appeals"),
            filters={str(n): tuple(v if isinstance(v, list | tuple) else [v]) for n, v in filters.items()},
            period=str(d.get("period") or "last_12_months"),
            starts_on=_day(str(d.get("starts_on") or ""), gettext("The first day")),
            ends_on=_day(str(d.get("ends_on") or ""), gettext("The last day")),
            compare=str(d.get("compare") or ""),
            percent=str(d.get("percent") or ""),
        )
        spec.check()
        return spec

    def period_dates(self, today: date | None = None) -> tuple[date | None, date | None]:
        try:
            return periods.resolve(self.period, starts_on=self.starts_on, ends_on=self.ends_on, today=today)
        except periods.PeriodError as error:
            raise PivotError(str(error)) from None


@dataclass
class PivotResult:
    spec: PivotSpec
    source: PivotSource
    row_dim: Dimension
    col_dim: Dimension | None
    starts_on: date | None
    ends_on: date | None
    k: int | None
    table: disclosure.SafeTable  # suppressed, totals included; one-way: the single column None
    row_labels: dict
    col_labels: dict
    comparison: PivotResult | None = None  # the same grid a year earlier (time keys a year earlier)

    def percent_of(self, row, col) -> float | None:
        """The entry (row, col) as a percentage (0–100) of its row total (``percent="row"``) or column
        total (``"col"``), from published entries only; None when either is not shown, or no percentage was
        asked. ``row`` None is the column totals' row, ``col`` None the row totals' column (and the only
        column of a one-way table)."""
        mode = self.spec.percent
        if not mode:
            return None
        part = self._entry(row, col)
        if mode == "row":
            whole = self.table.total if row is None else self.table.row_total(row)
        else:
            whole = self.table.total if col is None else self.table.col_total(col)
        value = disclosure.rate(part, whole)
        return None if value is None else value * 100

    def _entry(self, row, col) -> disclosure.Published:
        if self.col_dim is None:
            return self.table.total if row is None else self.table.cell(row, None)
        if row is None:
            return self.table.total if col is None else self.table.col_total(col)
        if col is None:
            return self.table.row_total(row)
        return self.table.cell(row, col)

    @property
    def title(self) -> str:
        if self.col_dim is None:
            return gettext("%(source)s by %(rows)s") % {
                "source": self.source.label,
                "rows": str(self.row_dim.label).lower(),
            }
        return gettext("%(source)s by %(rows)s and %(cols)s") % {
            "source": self.source.label,
            "rows": str(self.row_dim.label).lower(),
            "cols": str(self.col_dim.label).lower(),
        }

    def chart(self) -> charts.Chart:
        labels = [self.row_labels.get(r, r) for r in self.table.row_keys]
        long_labels = len(labels) > 12 or any(len(str(label)) > 14 for label in labels)
        kind = "line" if self.row_dim.ordered and len(labels) > 2 else ("hbar" if long_labels else "bar")
        note = getattr(self.source, "note", "")
        if self.col_dim is None:
            series = [charts.Series(self.period_label, self.table.column(None))]
            if self.comparison is not None:
                series.append(charts.Series(self.comparison.period_label, self.comparison.table.column(None)))
        else:
            series = [
                charts.Series(self.col_labels.get(c, c), self.table.column(c)) for c in self.table.col_keys
            ]
            if kind == "bar" and len(series) > 1:
                kind = "stacked"
        return charts.Chart(
            self.title, labels, series, kind=kind, unit=getattr(self.source, "unit", ""), note=note
        )

    @property
    def period_label(self) -> str:
        if self.starts_on is None and self.ends_on is None:
            return gettext("All time")
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"

    def as_json(self) -> dict:
        """``{"source", "rows", "cols", "period": {...}, "k", "cells": [{"row", "col", "count"}],
        "row_totals", "col_totals", "total"}``: dimension values as the pivot names them, ``None`` where an
        entry is not shown; "col" only with two dimensions. Labels under "row_labels" / "col_labels"."""
        two = self.col_dim is not None
        col_keys = self.table.col_keys if two else ()
        cells = []
        for row in self.table.rows:
            for col, published in zip(self.table.col_keys, row.cells, strict=True):
                cell = {"row": row.key, "col": col, "count": published.value}
                if not two:
                    del cell["col"]
                cells.append(cell)
        data = {
            "source": self.spec.source,
            "rows": self.row_dim.name,
            "cols": self.col_dim.name if two else None,
            "filters": {name: list(values) for name, values in sorted(self.spec.filters.items())},
            "period": {
                "name": self.spec.period,
                "starts_on": self.starts_on.isoformat() if self.starts_on else None,
                "ends_on": self.ends_on.isoformat() if self.ends_on else None,
            },
            "k": self.k,
            "cells": cells,
            "row_totals": [{"row": r, "count": self.table.row_total(r).value} for r in self.table.row_keys],
            "col_totals": [{"col": c, "count": self.table.col_total(c).value} for c in col_keys],
            "total": self.table.total.value,
            "row_labels": {r: str(self.row_labels.get(r, r)) for r in self.table.row_keys},
            "col_labels": {c: str(self.col_labels.get(c, c)) for c in self.table.col_keys} if two else {},
        }
        if self.comparison is not None:
            data["comparison"] = self.comparison.as_json()
        return data


def pivot_k(user) -> int:
    """The k of the pivot on screen: SCREEN_K for everyone, the director included (docs/insights.md,
    "Pivot": a statistics table is copied and shown outside the case team; the case lists keep the raw
    numbers)."""
    return disclosure.SCREEN_K


def get_source(name: str) -> PivotSource:
    source = source_named(name) if name else None
    if source is None:
        raise PivotError(gettext("Unknown data source: %(source)s.") % {"source": name})
    return source


def dimensions_for(source_name: str, user) -> list[Dimension]:
    """The dimensions ``user`` may pivot ``source_name`` by (every one, today: what they see is narrowed
    by records, not by dimensions)."""
    source = get_source(source_name)
    allowed = getattr(source, "dimensions_for", None)
    return list(allowed(user)) if allowed else source.dimensions()


def _dimension(source: PivotSource, name: str, user) -> Dimension:
    for dimension in dimensions_for_source(source, user):
        if dimension.name == name:
            return dimension
    raise PivotError(
        gettext("Unknown dimension: %(name)s. Known: %(known)s.")
        % {"name": name, "known": ", ".join(d.name for d in dimensions_for_source(source, user))}
    )


def dimensions_for_source(source: PivotSource, user) -> list[Dimension]:
    allowed = getattr(source, "dimensions_for", None)
    return list(allowed(user)) if allowed else source.dimensions()


def _check_filters(source: PivotSource, spec: PivotSpec, user) -> None:
    for name, values in spec.filters.items():
        dimension = _dimension(source, name, user)
        check = getattr(source, "check_values", None)
        if check is not None:
            try:
                check(name, values)
            except UnknownDimension as error:
                raise PivotError(str(error)) from None
            continue
        if dimension.ordered:
            continue  # time values are checked by the source (any month, quarter or year may be asked)
        known = dimension.values()
        if not known:
            continue
        for value in values:
            if value not in known:
                raise PivotError(
                    gettext("Unknown value for %(dimension)s: %(value)s.")
                    % {"dimension": name, "value": value}
                )


def _keys(source, dimension: Dimension, seen: set, starts_on, ends_on) -> list:
    """The grid's keys along one dimension: a time dimension's every step of the period (zeros shown),
    otherwise the values counted, in the dimension's display order."""
    if dimension.ordered:
        time_keys = getattr(source, "time_keys", None)
        keys = time_keys(dimension.name, starts_on, ends_on, seen) if time_keys else None
        if keys is not None:
            return list(keys)
        return sorted(seen, key=lambda v: (v is None, str(v)))
    label_of = getattr(source, "labels", None)
    order = list(label_of(dimension.name, seen)) if label_of is not None else list(dimension.values())
    position = {value: i for i, value in enumerate(order)}
    return sorted(seen, key=lambda v: (position.get(v, len(order)), str(v)))


def _labels(source, dimension: Dimension, keys) -> dict:
    label_of = getattr(source, "labels", None)
    if label_of is not None:
        return dict(label_of(dimension.name, keys))
    values = dimension.values()
    return {key: values.get(key, key) for key in keys}


def _count(source, spec, user, starts_on, ends_on) -> dict:
    request = PivotRequest(
        rows=spec.rows, cols=spec.cols, filters=spec.filters, starts_on=starts_on, ends_on=ends_on
    )
    try:
        return source.count(request, user=user)
    except UnknownDimension as error:
        raise PivotError(str(error)) from None


def run_pivot(spec: PivotSpec, *, user=None, k: int | None, today: date | None = None) -> PivotResult:
    """Count ``spec`` over its source as ``user`` may see it (None: everything, for the console) and
    publish it at ``k`` (None: raw, only for callers that may show raw numbers; otherwise never below
    SCREEN_K). ``today`` fixes the relative periods (tests); by default the clock."""
    if k is not None and (not isinstance(k, int) or k < disclosure.SCREEN_K):
        raise ValueError(f"k must be None or at least {disclosure.SCREEN_K}, not {k!r}")
    spec.check()
    source = get_source(spec.source)
    row_dim = _dimension(source, spec.rows, user)
    col_dim = _dimension(source, spec.cols, user) if spec.cols else None
    _check_filters(source, spec, user)
    starts_on, ends_on = spec.period_dates(today)
    counts = _count(source, spec, user, starts_on, ends_on)
    previous = None
    if spec.compare == "previous_year":
        prev_start, prev_end = periods.shift_year(starts_on), periods.shift_year(ends_on)
        previous = (prev_start, prev_end, _count(source, spec, user, prev_start, prev_end))

    row_seen = {r for (r, _c), n in counts.items() if n}
    col_seen = {c for (_r, c), n in counts.items() if n}
    row_keys = _keys(source, row_dim, row_seen, starts_on, ends_on)
    col_keys = _keys(source, col_dim, col_seen, starts_on, ends_on) if col_dim else [None]
    if previous is not None:
        prev_counts = previous[2]
        prev_rows = _keys(source, row_dim, {r for (r, _c), n in prev_counts.items() if n}, *previous[:2])
        prev_cols = (
            _keys(source, col_dim, {c for (_r, c), n in prev_counts.items() if n}, *previous[:2])
            if col_dim
            else [None]
        )
        if not row_dim.ordered:
            row_keys = _keys(source, row_dim, set(row_keys) | set(prev_rows), starts_on, ends_on)
        if col_dim and not col_dim.ordered:
            col_keys = _keys(source, col_dim, set(col_keys) | set(prev_cols), starts_on, ends_on)
    if len(row_keys) * len(col_keys) > MAX_CELLS:
        raise PivotError(
            gettext("This table would have %(n)s cells: add a filter or choose a shorter period.")
            % {"n": len(row_keys) * len(col_keys)}
        )
    result = _result(spec, source, row_dim, col_dim, starts_on, ends_on, k, counts, row_keys, col_keys)
    if previous is not None:
        prev_start, prev_end, prev_counts = previous
        prev_row_keys = prev_rows if row_dim.ordered else row_keys
        prev_col_keys = prev_cols if (col_dim and col_dim.ordered) else col_keys
        result.comparison = _result(
            spec, source, row_dim, col_dim, prev_start, prev_end, k, prev_counts, prev_row_keys, prev_col_keys
        )
    return result


def _result(spec, source, row_dim, col_dim, starts_on, ends_on, k, counts, row_keys, col_keys) -> PivotResult:
    grid: dict = {}
    known_rows, known_cols = set(row_keys), set(col_keys)
    for (r, c), n in counts.items():
        if n and r in known_rows and c in known_cols:
            grid.setdefault(r, {})[c] = grid.get(r, {}).get(c, 0) + n
    table = disclosure.safe_table(grid, k, row_keys=row_keys, col_keys=col_keys)
    return PivotResult(
        spec=spec,
        source=source,
        row_dim=row_dim,
        col_dim=col_dim,
        starts_on=starts_on,
        ends_on=ends_on,
        k=k,
        table=table,
        row_labels=_labels(source, row_dim, row_keys),
        col_labels=_labels(source, col_dim, col_keys) if col_dim else {},
    )
