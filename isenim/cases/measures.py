"""The cases measure of the measures registry (``core.measures``): services delivered in a period to people
who live in the scope's citizens' assemblies, optionally of one type of the service catalogue (parameter
``service_type``: its code, e.g. employment help, business start). Case data: shown through
``core.disclosure``."""

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from isenim.cases.models import ServiceDelivery
from isenim.core.measures import Measure, Result, Scope, register_measure

SEX_KEYS = {"F": "f", "M": "m", "U": "u"}


def services_delivered(scope: Scope) -> Result:
    services = ServiceDelivery.objects.filter(
        delivered_on__gte=scope.starts_on, delivered_on__lte=scope.ends_on
    )
    if scope.assemblies:
        services = services.filter(case__person__home_assembly_id__in=scope.assemblies)
    if scope.params.get("service_type"):
        services = services.filter(service_type__code=scope.params["service_type"])
    return counted_by_person(services)


def counted_by_person(rows_of_cases, *, case_path: str = "case") -> Result:
    """How many rows of a queryset of things done for a case (``case_path`` leads from a row to its case),
    with the breakdown by the person's assembly and sex: guide's consultations and reintegration's
    hand-overs count the same way."""
    person = f"{case_path}__person__"
    rows = list(
        rows_of_cases.values_list(f"{person}home_assembly_id", f"{person}sex")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Result(Decimal(sum(n for _a, _s, n in rows)), breakdown_by_person(rows))


def breakdown_by_person(rows) -> dict:
    """(assembly id, sex, count) rows → {"assembly": {id: n}, "sex": {"f"|"m"|"u": n}}."""
    by_assembly: dict[str, int] = {}
    by_sex: dict[str, int] = {}
    for assembly, sex, n in rows:
        if assembly is not None:
            by_assembly[str(assembly)] = by_assembly.get(str(assembly), 0) + n
        key = SEX_KEYS.get(sex, "u")
        by_sex[key] = by_sex.get(key, 0) + n
    return {"assembly": by_assembly, "sex": by_sex}


def register_measures() -> None:
    register_measure(
        Measure(
            "cases.services_delivered",
            _("Services delivered (of a type)"),
            services_delivered,
            disaggregations=("sex", "assembly"),
            param_names=("service_type",),
            counts_case_data=True,
        )
    )
