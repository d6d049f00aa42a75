"""Targets against actuals: every indicator of a project by reporting period — target, actual, per cent of
target and a status band — and for the life of the project.

- The **actual** of a period is the revision that counts (``services.values.counted``): the computed value,
  or the latest value entered by hand once a second person approved it.
- The **status band**: within ±15 % of the target is *on track*; beyond it *above* or *below* the target.
  ``good`` says whether that is good news: above is good for an indicator where higher is better, below for
  one where lower is better ("down"); on track is always good.
- The **life-of-project** target is the indicator's own number, never the sum of the periods' targets; its
  actual is the sum of the periods' actuals for a cumulative indicator, else the latest period's actual.
- Counts of case data (a measure with ``counts_case_data``) go through ``core.disclosure``: a count under k
  is "fewer than k" for roles outside the case team, and its per cent of target is not shown (it would give
  the count back).

Three queries whatever the size: indicators, targets, values.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from isenim.core.charts import Chart, Series
from isenim.core.disclosure import HIDDEN, Published, safe_count, safe_table, screen_k
from isenim.core.measures import measure_named
from isenim.grants.choices import Direction, NodeLevel, ValueSource
from isenim.grants.models import GrantProject, Indicator, IndicatorTarget, IndicatorValue, LogframeNode
from isenim.grants.services.values import counted

BAND = Decimal("0.15")
ON_TRACK, ABOVE, BELOW = "on_track", "above", "below"


def band_of(actual: Decimal | None, target: Decimal | None, direction: str) -> tuple[str | None, bool | None]:
    """(band, good) of an actual against its target; (None, None) when either is missing."""
    if actual is None or target is None:
        return None, None
    if target == 0:
        band = ON_TRACK if actual == 0 else ABOVE
    else:
        ratio = actual / target
        band = ON_TRACK if abs(ratio - 1) <= BAND else (ABOVE if ratio > 1 else BELOW)
    if band == ON_TRACK:
        return band, True
    return band, (band == ABOVE) == (direction == Direction.UP)


def percent_of(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    if actual is None or target is None or target == 0:
        return None
    return (actual * 100 / target).quantize(Decimal("1"))


@dataclass
class Cell:
    target: Decimal | None = None
    actual: Decimal | None = None
    shown: object = None  # the actual as shown: a Decimal, a Published count, or None (no value yet)
    text: str = "—"  # the same as text
    percent: Decimal | None = None
    band: str | None = None
    good: bool | None = None
    pending: bool = False  # a value entered by hand waits for approval
    revision: int | None = None
    corrected: bool = False  # a later revision (a correction) is the one that counts
    breakdown: dict = field(default_factory=dict)


@dataclass
class Row:
    indicator: Indicator
    outcome: LogframeNode | None
    cells: list
    life: Cell
    measure_missing: bool = False
    case_data: bool = False
    # {category key: [shown value per period]} for the chosen disaggregation
    breakdown: list = field(default_factory=list)


def _outcome_of(node: LogframeNode, nodes: dict[int, LogframeNode]) -> LogframeNode | None:
    while node is not None and node.level not in (NodeLevel.OUTCOME, NodeLevel.GOAL):
        node = nodes.get(node.parent_id)
    return node if node is not None and node.level == NodeLevel.OUTCOME else None


def shown_value(value: Decimal | None, case_data: bool, k: int | None):
    if value is None:
        return None
    if case_data and value == value.to_integral_value():
        return safe_count(int(value), k)
    return value


def display(shown) -> str:
    """A shown value as text: a Published count as it reads ("fewer than 5"), a number without trailing
    zeros, "—" for no value."""
    if shown is None:
        return "—"
    if isinstance(shown, Published):
        return str(shown)
    amount = Decimal(shown)
    amount = amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()
    return number_format(amount, force_grouping=True)


def _hidden(shown) -> bool:
    return isinstance(shown, Published) and shown.suppressed


def results_table(
    project: GrantProject, periods, user, *, outcome: int | None = None, disaggregation: str = ""
) -> list[Row]:
    """One Row per indicator (in the order of their numbers), a Cell per period of ``periods`` and one for the
    life of the project. ``outcome``: only the indicators under that outcome row; ``disaggregation``: each
    row carries its actuals broken down by it (sex, age band, assembly) where the measure gives them."""
    periods = list(periods)
    k = screen_k(user)
    nodes = {node.pk: node for node in LogframeNode.objects.filter(project=project)}
    indicators = list(
        Indicator.objects.filter(node__project=project).select_related("node").order_by("node__code", "code")
    )
    if outcome:
        indicators = [
            i for i in indicators if (o := _outcome_of(i.node, nodes)) is not None and o.pk == outcome
        ]
    ids = [indicator.pk for indicator in indicators]
    period_ids = [period.pk for period in periods]
    targets = {
        (t.indicator_id, t.period_id): t.target
        for t in IndicatorTarget.objects.filter(indicator_id__in=ids, period_id__in=period_ids)
    }
    values: dict[tuple, list] = {}
    every_period: dict[int, dict] = {}
    # Every period's values (not only those shown): the life-of-project actual adds them all up.
    for row in (
        IndicatorValue.objects.filter(indicator_id__in=ids)
        .select_related("period")
        .only(
            "indicator_id",
            "period_id",
            "period__starts_on",
            "revision",
            "value",
            "breakdown",
            "source",
            "approved_by_id",
            "frozen",
        )
    ):
        values.setdefault((row.indicator_id, row.period_id), []).append(row)
    for (indicator_id, period_id), rows in values.items():
        best = counted(rows)
        if best is not None:
            every_period.setdefault(indicator_id, {})[period_id] = best
    rows_out = []
    for indicator in indicators:
        measure = measure_named(indicator.measure) if indicator.measure else None
        case_data = bool(measure and measure.counts_case_data)
        cells = []
        for period in periods:
            rows = values.get((indicator.pk, period.pk), [])
            best = counted(rows)
            actual = best.value if best is not None else None
            target = targets.get((indicator.pk, period.pk))
            cells.append(_cell(indicator, target, actual, best, rows, case_data, k))
        counted_rows = sorted(every_period.get(indicator.pk, {}).values(), key=lambda r: r.period.starts_on)
        if not counted_rows:
            life_actual = None
        elif indicator.cumulative:
            life_actual = sum((r.value for r in counted_rows), Decimal(0))
        else:
            life_actual = counted_rows[-1].value
        life = _cell(indicator, indicator.life_target, life_actual, None, [], case_data, k)
        row = Row(
            indicator=indicator,
            outcome=_outcome_of(indicator.node, nodes),
            cells=cells,
            life=life,
            measure_missing=bool(indicator.measure) and measure is None,
            case_data=case_data,
        )
        if disaggregation and disaggregation in (indicator.disaggregation or []):
            row.breakdown = _breakdown_rows(cells, disaggregation, case_data, k)
        rows_out.append(row)
    return rows_out


def _cell(indicator, target, actual, best, rows, case_data, k) -> Cell:
    shown = shown_value(actual, case_data, k)
    hidden = _hidden(shown)
    band, good = band_of(None if hidden else actual, target, indicator.direction)
    return Cell(
        target=target,
        actual=None if hidden else actual,
        shown=shown,
        text=display(shown),
        percent=None if hidden else percent_of(actual, target),
        band=band,
        good=good,
        pending=any(
            r.source == ValueSource.MANUAL
            and r.approved_by_id is None
            and (best is None or r.revision > best.revision)
            for r in rows
        ),
        revision=best.revision if best else None,
        corrected=bool(best and best.revision > 1 and best.frozen),
        breakdown=(best.breakdown or {}) if best else {},
    )


def _breakdown_rows(cells, disaggregation: str, case_data: bool, k) -> list:
    """The indicator's value broken down (by sex, age band, assembly), one row a key, one column a period.
    Counts of case data are protected as one table whose column margins are the periods' values: hiding
    each small cell alone would let the total minus the others give it back (core.disclosure)."""
    keys = sorted({key for cell in cells for key in (cell.breakdown.get(disaggregation) or {})})
    parts = [cell.breakdown.get(disaggregation) for cell in cells]
    counts = {
        key: {i: int(part.get(key, 0)) for i, part in enumerate(parts) if part is not None} for key in keys
    }
    table = safe_table(counts, k, row_keys=keys, col_keys=range(len(cells))) if case_data else None
    out = []
    for key in keys:
        shown = []
        for i, part in enumerate(parts):
            if part is None:
                shown.append("—")
            elif table is None:
                shown.append(display(counts[key][i]))
            elif table.col_total(i).value is None and not _hidden(cells[i].shown):
                # the period's value is shown beside this column: a hidden margin would not protect it
                shown.append(display(Published(None, k, HIDDEN)))
            else:
                shown.append(display(table.cell(key, i)))
        out.append((key, shown))
    return out


def results_chart(rows: list[Row], periods) -> Chart | None:
    """Per cent of target by indicator for each period shown (a gap where there is no target, no value, or
    a count hidden under the threshold)."""
    periods = list(periods)
    if not rows or not periods:
        return None
    return Chart(
        title=_("Per cent of target, by indicator"),
        labels=[row.indicator.code for row in rows],
        series=[
            Series(
                period.label,
                [None if r.cells[i].percent is None else float(r.cells[i].percent) for r in rows],
            )
            for i, period in enumerate(periods)
        ],
        kind="bar",
        unit="%",
        note=_("100 % is the period's target; ±15 % of it counts as on track."),
    )
