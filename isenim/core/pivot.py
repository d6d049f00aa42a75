"""Pivot sources: what the statistics screens and ``isenim stats`` count over.

A *source* (the appeals, the cases, a comparison dataset imported in CTDC's format…) offers *dimensions*
(a name, a label and the values it can take) and counts its records by one or two of them under filters.
The ground floor only defines the shape and the registry: each app registers the sources of its data from
``AppConfig.ready``; the insights app shows them, suppressed through ``core.disclosure``.

Counts a source returns are raw: every figure that is shown or written goes through ``core.disclosure``
(``safe_table``) first — a source never publishes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field


class UnknownDimension(ValueError):
    """A pivot asked for a dimension (or a filter value) the source does not have; the message says which,
    translated, for the screen and the console."""


@dataclass(frozen=True)
class Dimension:
    name: str  # stable, used in URLs, saved views and on the console ("cause", "home_district"…)
    label: object  # a lazy translation
    # value → label, in display order; may be computed when asked (districts, countries, months)
    values: Callable[[], Mapping[str, object]] = field(default=lambda: {}, compare=False)
    # "time" dimensions (month, quarter, year) sort by value, never by label
    ordered: bool = False


@dataclass(frozen=True)
class PivotRequest:
    rows: str
    cols: str | None = None
    # dimension name → the values kept (OR within a dimension, AND across dimensions)
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # both days included; None means open
    starts_on: object = None
    ends_on: object = None


class PivotSource:
    """Base of every source. ``count`` answers {(row_value, col_value): n} (col_value None with one
    dimension) — zero cells may be left out; the caller fills the grid from the dimensions' values."""

    name: str = ""
    label: object = ""

    def dimensions(self) -> list[Dimension]:
        raise NotImplementedError

    def dimension(self, name: str) -> Dimension:
        for dimension in self.dimensions():
            if dimension.name == name:
                return dimension
        raise UnknownDimension(name)

    def count(self, request: PivotRequest, *, user=None) -> dict[tuple[str, str | None], int]:
        raise NotImplementedError


# name → factory; "comparison:NAME"-style sources register a prefix resolver instead.
_SOURCES: dict[str, Callable[[], PivotSource]] = {}
_PREFIXES: dict[str, Callable[[str], PivotSource | None]] = {}


def register_source(name: str, factory: Callable[[], PivotSource]) -> None:
    _SOURCES[name] = factory


def register_source_prefix(prefix: str, resolve: Callable[[str], PivotSource | None]) -> None:
    """``resolve(rest)`` answers the source named ``prefix:rest`` (e.g. a comparison dataset), or None."""
    _PREFIXES[prefix] = resolve


def source_named(name: str) -> PivotSource | None:
    if name in _SOURCES:
        return _SOURCES[name]()
    prefix, _, rest = name.partition(":")
    if rest and prefix in _PREFIXES:
        return _PREFIXES[prefix](rest)
    return None


def source_names() -> Iterable[str]:
    return sorted(_SOURCES)
