"""The measures registry: numbers Isenim computes from its own data, for a grant's indicators (and any
later report that needs a figure with a definition).

Each app registers the measures of its data from ``AppConfig.ready`` (people reached at actions in
prevention, tool kits handed over in reintegration…); the grants app binds an indicator to a measure by its
``code`` and asks for a period and the project's communities. The ground floor defines the shape and never
imports an app. Every measure has a test that recomputes it independently.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Scope:
    """What a measure counts over: a period (both days included) and, when not empty, only the given
    citizens' assemblies (geo.AdminUnit ids); ``params`` are the indicator's own settings (a category, a
    threshold) that the measure documents in ``param_names``."""

    starts_on: date
    ends_on: date
    assemblies: frozenset[int] = frozenset()
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    value: Decimal
    # by disaggregation: {"sex": {"f": 12, "m": 9}, "age_band": {...}, "assembly": {"<id>": n}}
    breakdown: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Measure:
    code: str
    label: object  # a lazy translation
    compute: Callable[[Scope], Result]
    unit: str = "number"  # "number" or "percent"
    disaggregations: tuple[str, ...] = ()  # which of "sex", "age_band", "assembly" it can break down by
    param_names: tuple[str, ...] = ()
    # counts of people or appeals are case data: their figures go through core.disclosure when shown
    counts_case_data: bool = False


MEASURES: dict[str, Measure] = {}


def register_measure(measure: Measure) -> None:
    if measure.code in MEASURES and MEASURES[measure.code] != measure:
        raise ValueError(f"two measures are registered as {measure.code!r}")
    MEASURES[measure.code] = measure


def measure_named(code: str) -> Measure | None:
    """The measure of that code, or None (an indicator whose measure has disappeared says so)."""
    return MEASURES.get(code)


def measure_choices() -> list[tuple[str, object]]:
    return sorted(((code, measure.label) for code, measure in MEASURES.items()), key=lambda pair: pair[0])
