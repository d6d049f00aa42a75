"""The prevention measures of the measures registry (``core.measures``): people reached at outreach actions,
actions held, and copies of materials handed out at them, in a period and, when the scope names them, in the
given citizens' assemblies. An action counts once its tally is entered (until then it is only planned)."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from isenim.core.measures import Measure, Result, Scope, register_measure
from isenim.prevention.choices import TALLY_FIELDS, AgeBand, MovementKind, Sex
from isenim.prevention.models import OutreachAction, StockMovement


def tally_breakdown(totals: dict[str, int], by_assembly: dict | None = None) -> dict:
    """{"sex": {"f": n, "m": n}, "age_band": {"0_17": n, …}[, "assembly": {"<id>": n}]} of summed tally
    columns (``totals``: {"f_0_17": n, …})."""
    breakdown = {
        "sex": {
            sex.value: sum(totals.get(f"{sex.value}_{band.value}") or 0 for band in AgeBand) for sex in Sex
        },
        "age_band": {
            band.value: sum(totals.get(f"{sex.value}_{band.value}") or 0 for sex in Sex) for band in AgeBand
        },
    }
    if by_assembly is not None:
        breakdown["assembly"] = {str(key): value for key, value in by_assembly.items() if key is not None}
    return breakdown


def _held(scope: Scope):
    actions = OutreachAction.objects.filter(
        tally_entered_at__isnull=False,
        starts_at__date__gte=scope.starts_on,
        starts_at__date__lte=scope.ends_on,
    )
    if scope.assemblies:
        actions = actions.filter(assembly_id__in=scope.assemblies)
    return actions


def people_reached(scope: Scope) -> Result:
    actions = _held(scope)
    totals = actions.aggregate(**{name: Sum(name) for name in TALLY_FIELDS})
    by_assembly = dict(actions.values_list("assembly_id").annotate(n=Sum("reach_total")).order_by())
    total = sum(value or 0 for value in totals.values())
    return Result(Decimal(total), tally_breakdown(totals, by_assembly))


def actions_held(scope: Scope) -> Result:
    actions = _held(scope)
    by_assembly = dict(actions.values_list("assembly_id").annotate(n=Count("id")).order_by())
    return Result(
        Decimal(sum(by_assembly.values())),
        {"assembly": {str(key): value for key, value in by_assembly.items() if key is not None}},
    )


def materials_handed_out(scope: Scope) -> Result:
    """Copies taken to the actions held in the scope, less the copies brought back from them."""
    rows = (
        StockMovement.objects.filter(
            Q(kind=MovementKind.TO_ACTION) | Q(kind=MovementKind.RETURNED),
            action__in=_held(scope).values("pk"),
        )
        .values_list("action__assembly_id")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    by_assembly = {key: -(value or 0) for key, value in rows}
    return Result(
        Decimal(sum(by_assembly.values())),
        {"assembly": {str(key): value for key, value in by_assembly.items() if key is not None}},
    )


def register_measures() -> None:
    register_measure(
        Measure(
            "prevention.people_reached",
            _("People reached at outreach actions"),
            people_reached,
            disaggregations=("sex", "age_band", "assembly"),
        )
    )
    register_measure(
        Measure(
            "prevention.actions_held",
            _("Outreach actions held"),
            actions_held,
            disaggregations=("assembly",),
        )
    )
    register_measure(
        Measure(
            "prevention.materials_handed_out",
            _("Copies of materials handed out at outreach actions"),
            materials_handed_out,
            disaggregations=("assembly",),
        )
    )
