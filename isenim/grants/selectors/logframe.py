"""Reads of the logframe: the tree of rows with their indicators, one indicator's sheet with its values by
period (every revision), and the measures that have disappeared."""

from django.shortcuts import get_object_or_404

from isenim.core.measures import measure_named
from isenim.grants.choices import NodeLevel
from isenim.grants.models import Indicator, IndicatorValue, LogframeNode, ReportingPeriod
from isenim.grants.services.values import counted, period_frozen


def node_get(pk: int) -> LogframeNode:
    return get_object_or_404(LogframeNode.objects.select_related("project", "parent"), pk=pk)


def indicator_get(pk: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("node__project", "reported_by"), pk=pk)


def value_get(pk: int) -> IndicatorValue:
    return get_object_or_404(
        IndicatorValue.objects.select_related("indicator__node__project", "period", "entered_by"), pk=pk
    )


def tree(project) -> list[dict]:
    """The rows in the order of their numbers, each {node, depth, indicators, child_level}."""
    nodes = list(LogframeNode.objects.filter(project=project))
    indicators: dict[int, list] = {}
    for indicator in Indicator.objects.filter(node__project=project).order_by("code"):
        indicators.setdefault(indicator.node_id, []).append(indicator)
    children: dict[int | None, list] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    out = []

    def walk(parent_id, depth):
        for node in sorted(
            children.get(parent_id, []), key=lambda n: [_key(part) for part in n.code.split(".")]
        ):
            own = indicators.get(node.pk, [])
            out.append(
                {
                    "node": node,
                    "depth": depth,
                    "indicators": [
                        {"indicator": i, "measure": measure_named(i.measure) if i.measure else None}
                        for i in own
                    ],
                    "child_level": child_level(node.level),
                }
            )
            walk(node.pk, depth + 1)

    walk(None, 0)
    return out


def _key(part: str):
    return (0, int(part), "") if part.isdigit() else (1, 0, part)


def child_level(level: str) -> str | None:
    order = [NodeLevel.GOAL, NodeLevel.OUTCOME, NodeLevel.OUTPUT, NodeLevel.ACTIVITY]
    index = order.index(NodeLevel(level))
    return order[index + 1].value if index + 1 < len(order) else None


def indicator_periods(indicator: Indicator, user) -> list[dict]:
    """Every reporting period of the project with the indicator's target, the revisions of its value
    (newest first, each with ``shown``: through core.disclosure for counts of case data), the one that
    counts, and whether the period is frozen."""
    from isenim.core.disclosure import screen_k
    from isenim.grants.selectors.results import display, shown_value

    measure = measure_named(indicator.measure) if indicator.measure else None
    case_data, k = bool(measure and measure.counts_case_data), screen_k(user)
    project = indicator.node.project
    periods = list(ReportingPeriod.objects.filter(project=project).order_by("starts_on", "kind"))
    targets = {t.period_id: t.target for t in indicator.targets.all()}
    rows: dict[int, list] = {}
    for row in IndicatorValue.objects.filter(indicator=indicator).select_related("entered_by", "approved_by"):
        row.shown = display(shown_value(row.value, case_data, k))
        rows.setdefault(row.period_id, []).append(row)
    return [
        {
            "period": period,
            "target": targets.get(period.pk),
            "revisions": sorted(rows.get(period.pk, []), key=lambda r: -r.revision),
            "counted": counted(rows.get(period.pk, [])),
            "frozen": period_frozen(period) if rows.get(period.pk) else False,
        }
        for period in periods
    ]


def open_periods(project):
    return ReportingPeriod.objects.filter(project=project).order_by("starts_on", "kind")
