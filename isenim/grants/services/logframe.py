"""The logframe (goal → outcomes → outputs → activities), its indicators with their sheet, and each
indicator's targets per reporting period.

Every write is one transaction with its audit event; a refusal is a ``GrantError`` with a translated
message, and nothing is saved.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.audit import record_change, record_event, snapshot
from isenim.core.measures import measure_named
from isenim.grants.choices import PARENT_LEVEL, Direction, Disaggregation, NodeLevel, Unit
from isenim.grants.models import GrantProject, Indicator, IndicatorTarget, LogframeNode, ReportingPeriod
from isenim.grants.services import GrantError

MOST_NODES = 200
MOST_INDICATORS = 100
MOST_VALUE = Decimal("999999999999")
MOST_TEXT = 2000
NODE_FIELDS = ["level", "parent_id", "code", "text"]
INDICATOR_FIELDS = [
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "cumulative",
    "baseline",
    "life_target",
    "disaggregation",
    "means_of_verification",
    "reported_by_id",
    "measure",
    "measure_params",
]


def number(value, *, label: str, percent: bool = False) -> Decimal:
    """A non-negative amount with at most two decimals (a per cent at most 100), or a refusal naming it."""
    try:
        amount = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise GrantError(_("%(label)s: give a number.") % {"label": label}) from None
    if not amount.is_finite() or amount < 0 or amount > MOST_VALUE:
        raise GrantError(_("%(label)s: give a number from 0 to 999,999,999,999.") % {"label": label})
    if amount != amount.quantize(Decimal("0.01")):
        raise GrantError(_("%(label)s: at most two decimals.") % {"label": label})
    if percent and amount > 100:
        raise GrantError(_("%(label)s: a per cent is at most 100.") % {"label": label})
    return amount


# ---- the logframe's rows -------------------------------------------------------------------------------


def _next_code(project: GrantProject, parent: LogframeNode | None) -> str:
    siblings = LogframeNode.objects.filter(project=project, parent=parent).values_list("code", flat=True)
    prefix = f"{parent.code}." if parent else ""
    taken = set(siblings)
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _check_node(project, level, parent, code, text, node=None) -> None:
    if level not in NodeLevel.values:
        raise GrantError(_("Choose the level from the list."))
    wanted = PARENT_LEVEL[NodeLevel(level)]
    if wanted is None and parent is not None:
        raise GrantError(_("The goal sits at the top of the logframe: it has no parent row."))
    if wanted is not None:
        if parent is None or parent.project_id != project.pk:
            raise GrantError(
                _("A row of level “%(level)s” sits under a row of level “%(parent)s” of this project.")
                % {"level": NodeLevel(level).label, "parent": NodeLevel(wanted).label}
            )
        if parent.level != wanted:
            raise GrantError(
                _("A row of level “%(level)s” sits under a row of level “%(parent)s”, not “%(given)s”.")
                % {
                    "level": NodeLevel(level).label,
                    "parent": NodeLevel(wanted).label,
                    "given": NodeLevel(parent.level).label,
                }
            )
    if not text.strip():
        raise GrantError(_("Write the row's statement."))
    if len(text) > MOST_TEXT:
        raise GrantError(_("The statement is too long (at most %(n)s characters).") % {"n": MOST_TEXT})
    if len(code) > 20:
        raise GrantError(_("The number is at most 20 characters (e.g. 1.2.3)."))
    clash = LogframeNode.objects.filter(project=project, code=code)
    if node is not None:
        clash = clash.exclude(pk=node.pk)
    if clash.exists():
        raise GrantError(_("Another row of this logframe is numbered %(code)s.") % {"code": code})


@transaction.atomic
def node_create(
    *, actor, project: GrantProject, level: str, parent=None, code: str = "", text: str
) -> LogframeNode:
    if not can(actor, Perm.MANAGE_GRANTS):
        raise GrantError(_("Your role does not manage logframes."))
    GrantProject.objects.select_for_update().get(pk=project.pk)  # one numbering at a time
    if LogframeNode.objects.filter(project=project).count() >= MOST_NODES:
        raise GrantError(_("A logframe has at most %(n)s rows.") % {"n": MOST_NODES})
    code = code.strip() or _next_code(project, parent)
    _check_node(project, level, parent, code, text)
    node = LogframeNode.objects.create(
        project=project, level=level, parent=parent, code=code, text=text.strip()
    )
    record_event(actor=actor, action="logframe.update", target=node, after=snapshot(node, NODE_FIELDS))
    return node


@transaction.atomic
def node_update(*, actor, node: LogframeNode, code: str, text: str) -> LogframeNode:
    if not can(actor, Perm.MANAGE_GRANTS):
        raise GrantError(_("Your role does not manage logframes."))
    node = LogframeNode.objects.select_for_update().get(pk=node.pk)
    code = code.strip() or node.code
    _check_node(node.project, node.level, node.parent, code, text, node)
    before = snapshot(node, NODE_FIELDS)
    node.code, node.text = code, text.strip()
    node.save()
    record_change(actor=actor, action="logframe.update", target=node, before=before)
    return node


# ---- indicators -----------------------------------------------------------------------------------------


@dataclass
class IndicatorData:
    code: str
    name: str
    life_target: object
    definition: str = ""
    unit: str = Unit.NUMBER
    direction: str = Direction.UP
    cumulative: bool = False
    baseline: object = 0
    disaggregation: list = field(default_factory=list)
    means_of_verification: str = ""
    reported_by: object = None
    measure: str = ""  # a code of core.measures; empty: entered by hand with evidence
    measure_params: dict = field(default_factory=dict)


def _check_indicator(node: LogframeNode, data: IndicatorData, indicator=None) -> dict:
    if not data.name.strip():
        raise GrantError(_("Name the indicator."))
    if (
        len(data.name) > 300
        or len(data.definition) > MOST_TEXT
        or len(data.means_of_verification) > MOST_TEXT
    ):
        raise GrantError(_("A text is too long."))
    if data.unit not in Unit.values:
        raise GrantError(_("Choose the unit from the list."))
    if data.direction not in Direction.values:
        raise GrantError(_("Choose the direction from the list."))
    unknown = set(data.disaggregation) - set(Disaggregation.values)
    if unknown:
        raise GrantError(_("Choose the disaggregations from the list."))
    percent = data.unit == Unit.PERCENT
    values = {
        "baseline": number(data.baseline, label=_("Baseline"), percent=percent),
        "life_target": number(
            data.life_target, label=_("Target for the life of the project"), percent=percent
        ),
    }
    if data.reported_by is not None and not can(data.reported_by, Perm.VIEW_GRANTS):
        raise GrantError(_("Who reports must be someone whose role sees grant projects."))
    params = {key: value for key, value in (data.measure_params or {}).items() if value not in ("", None)}
    if data.measure:
        measure = measure_named(data.measure)
        if measure is None:
            raise GrantError(
                _(
                    "Isenim has no measure “%(code)s”: choose one from the list, or none to enter values "
                    "by hand."
                )
                % {"code": data.measure}
            )
        if measure.unit != data.unit:
            raise GrantError(
                _("The measure “%(measure)s” gives a %(unit)s: choose that unit.")
                % {"measure": measure.label, "unit": Unit(measure.unit).label.lower()}
            )
        missing = set(data.disaggregation) - set(measure.disaggregations)
        if missing:
            raise GrantError(
                _("The measure “%(measure)s” cannot be broken down by %(what)s.")
                % {
                    "measure": measure.label,
                    "what": ", ".join(str(Disaggregation(code).label).lower() for code in sorted(missing)),
                }
            )
        extra = set(params) - set(measure.param_names) - {"to_date"}
        if extra:
            raise GrantError(
                _("The measure “%(measure)s” takes no such setting.") % {"measure": measure.label}
            )
    elif params:
        raise GrantError(_("Settings belong to a measure: choose the measure, or leave the settings empty."))
    code = data.code.strip()
    if not code or len(code) > 20:
        raise GrantError(_("Number the indicator (at most 20 characters, e.g. 1.1.a)."))
    clash = Indicator.objects.filter(node__project_id=node.project_id, code=code)
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise GrantError(_("Another indicator of this project is numbered %(code)s.") % {"code": code})
    return {**values, "params": params, "code": code}


def _apply(indicator: Indicator, data: IndicatorData, checked: dict) -> None:
    indicator.code = checked["code"]
    indicator.name = data.name.strip()
    indicator.definition = data.definition.strip()
    indicator.unit = data.unit
    indicator.direction = data.direction
    indicator.cumulative = bool(data.cumulative)
    indicator.baseline = checked["baseline"]
    indicator.life_target = checked["life_target"]
    indicator.disaggregation = [code for code in Disaggregation.values if code in set(data.disaggregation)]
    indicator.means_of_verification = data.means_of_verification.strip()
    indicator.reported_by = data.reported_by
    indicator.measure = data.measure
    indicator.measure_params = checked["params"]


@transaction.atomic
def indicator_create(*, actor, node: LogframeNode, data: IndicatorData) -> Indicator:
    if not can(actor, Perm.MANAGE_GRANTS):
        raise GrantError(_("Your role does not manage logframes."))
    GrantProject.objects.select_for_update().get(pk=node.project_id)
    if Indicator.objects.filter(node__project_id=node.project_id).count() >= MOST_INDICATORS:
        raise GrantError(_("A project has at most %(n)s indicators.") % {"n": MOST_INDICATORS})
    checked = _check_indicator(node, data)
    indicator = Indicator(node=node)
    _apply(indicator, data, checked)
    indicator.save()
    record_event(
        actor=actor, action="indicator.add", target=indicator, after=snapshot(indicator, INDICATOR_FIELDS)
    )
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, data: IndicatorData) -> Indicator:
    if not can(actor, Perm.MANAGE_GRANTS):
        raise GrantError(_("Your role does not manage logframes."))
    indicator = Indicator.objects.select_for_update().select_related("node").get(pk=indicator.pk)
    checked = _check_indicator(indicator.node, data, indicator)
    before = snapshot(indicator, INDICATOR_FIELDS)
    _apply(indicator, data, checked)
    indicator.save()
    record_change(actor=actor, action="indicator.update", target=indicator, before=before)
    return indicator


# ---- targets per period ---------------------------------------------------------------------------------


@transaction.atomic
def targets_set(*, actor, indicator: Indicator, targets: dict) -> list[IndicatorTarget]:
    """``targets``: {ReportingPeriod or its id: amount, or "" / None to remove the period's target}. A period
    of another project, or one that lies outside the project's dates, is refused."""
    if not can(actor, Perm.MANAGE_GRANTS):
        raise GrantError(_("Your role does not manage logframes."))
    indicator = Indicator.objects.select_for_update().select_related("node__project").get(pk=indicator.pk)
    project = indicator.node.project
    ids = [getattr(key, "pk", key) for key in targets]
    periods = {period.pk: period for period in ReportingPeriod.objects.filter(pk__in=ids)}
    percent = indicator.unit == Unit.PERCENT
    cleaned: dict[int, Decimal | None] = {}
    for key, amount in targets.items():
        pk = getattr(key, "pk", key)
        period = periods.get(pk)
        if period is None or period.project_id != project.pk:
            raise GrantError(_("A target was given for a period that is not one of this project's periods."))
        if period.starts_on < project.starts_on or period.ends_on > project.ends_on:
            raise GrantError(
                _("The period %(period)s lies outside the project (%(starts)s – %(ends)s): no target for it.")
                % {
                    "period": period.label,
                    "starts": project.starts_on.isoformat(),
                    "ends": project.ends_on.isoformat(),
                }
            )
        cleaned[pk] = (
            None
            if amount in ("", None)
            else number(amount, label=_("Target for %(period)s") % {"period": period.label}, percent=percent)
        )
    before = {
        str(t.period.label): str(t.target)
        for t in indicator.targets.select_related("period").filter(period__in=ids)
    }
    saved = []
    for pk, amount in cleaned.items():
        if amount is None:
            IndicatorTarget.objects.filter(indicator=indicator, period_id=pk).delete()
        else:
            target, _created = IndicatorTarget.objects.update_or_create(
                indicator=indicator, period_id=pk, defaults={"target": amount}
            )
            saved.append(target)
    after = {
        periods[pk].label: (str(amount) if amount is not None else None) for pk, amount in cleaned.items()
    }
    if before != {k: v for k, v in after.items() if v is not None}:
        record_event(actor=actor, action="indicator.targets", target=indicator, before=before, after=after)
    return saved
