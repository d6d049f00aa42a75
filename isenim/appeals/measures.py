"""The appeals measure of the measures registry (``core.measures``): appeals received in a period from the
scope's citizens' assemblies (where the person lives), optionally of one category (parameter ``category``:
labour migrants' families, young graduates…). A duplicate is not counted again. Counts of appeals are case
data: shown through ``core.disclosure``."""

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from isenim.appeals.models import Appeal
from isenim.core.measures import Measure, Result, Scope, register_measure


def appeals_received(scope: Scope) -> Result:
    appeals = Appeal.objects.filter(
        received_on__gte=scope.starts_on, received_on__lte=scope.ends_on, duplicate_of__isnull=True
    )
    if scope.assemblies:
        appeals = appeals.filter(home_assembly_id__in=scope.assemblies)
    category = scope.params.get("category")
    if category:
        appeals = appeals.filter(category=category)
    rows = list(appeals.values_list("home_assembly_id", "category").annotate(n=Count("id")).order_by())
    by_assembly: dict[str, int] = {}
    by_category: dict[str, int] = {}
    for assembly, cat, n in rows:
        if assembly is not None:
            by_assembly[str(assembly)] = by_assembly.get(str(assembly), 0) + n
        by_category[cat] = by_category.get(cat, 0) + n
    return Result(Decimal(sum(n for _a, _c, n in rows)), {"assembly": by_assembly, "category": by_category})


def register_measures() -> None:
    register_measure(
        Measure(
            "appeals.received",
            _("Appeals from the target assemblies"),
            appeals_received,
            disaggregations=("assembly",),
            param_names=("category",),
            counts_case_data=True,
        )
    )
