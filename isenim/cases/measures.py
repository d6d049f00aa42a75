"""The cases measure of the measures registry (``core.measures``): services delivered in a period to people
who live in the scope's citizens' assemblies, optionally of one type of the service catalogue (parameter
``service_type``: its code, e.g. employment help, business start); and the results those services reached
(issue 14, item 8): jobs found under the Labour Code, businesses registered, state benefits obtained, help
given to labour migrants' families — each a service whose coded result (``ServiceDelivery.result``) is that
one, counted in the period its result was reached (``result_on``), for people living in the scope's
assemblies, by sex and assembly. Case data: shown through ``core.disclosure``."""

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from isenim.cases.choices import ServiceResult
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


def results_reached(scope: Scope, result: str) -> Result:
    """Services whose coded result is ``result``, reached within the scope's period."""
    services = ServiceDelivery.objects.filter(
        result=result, result_on__gte=scope.starts_on, result_on__lte=scope.ends_on
    )
    if scope.assemblies:
        services = services.filter(case__person__home_assembly_id__in=scope.assemblies)
    return counted_by_person(services)


def jobs_found(scope: Scope) -> Result:
    return results_reached(scope, ServiceResult.JOB_FOUND)


def businesses_registered(scope: Scope) -> Result:
    return results_reached(scope, ServiceResult.BUSINESS_REGISTERED)


def benefits_obtained(scope: Scope) -> Result:
    return results_reached(scope, ServiceResult.BENEFIT_OBTAINED)


def family_help_given(scope: Scope) -> Result:
    return results_reached(scope, ServiceResult.HELP_GIVEN)


# code -> (label, compute), registered in this order.
RESULT_MEASURES = {
    "cases.jobs_found": (_("Jobs found under the Labour Code (result of a service)"), jobs_found),
    "cases.businesses_registered": (_("Businesses registered (result of a service)"), businesses_registered),
    "cases.benefits_obtained": (_("State benefits obtained (result of a service)"), benefits_obtained),
    "cases.family_help_given": (
        _("Help given to labour migrants' families (result of a service)"),
        family_help_given,
    ),
}


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
    for code, (label, compute) in RESULT_MEASURES.items():
        register_measure(
            Measure(code, label, compute, disaggregations=("sex", "assembly"), counts_case_data=True)
        )
