"""The guide's measure of the measures registry (``core.measures``): pre-departure consultations given in a
period to people who live in the scope's citizens' assemblies. Case data: shown through
``core.disclosure``."""

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from isenim.core.measures import Measure, Result, Scope, register_measure
from isenim.guide.models import Consultation

SEX_KEYS = {"F": "f", "M": "m", "U": "u"}


def consultations_given(scope: Scope) -> Result:
    consultations = Consultation.objects.filter(
        consulted_on__gte=scope.starts_on, consulted_on__lte=scope.ends_on
    )
    if scope.assemblies:
        consultations = consultations.filter(case__person__home_assembly_id__in=scope.assemblies)
    rows = list(
        consultations.values_list("case__person__home_assembly_id", "case__person__sex")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_assembly: dict[str, int] = {}
    by_sex: dict[str, int] = {}
    for assembly, sex, n in rows:
        if assembly is not None:
            by_assembly[str(assembly)] = by_assembly.get(str(assembly), 0) + n
        key = SEX_KEYS.get(sex, "u")
        by_sex[key] = by_sex.get(key, 0) + n
    return Result(Decimal(sum(n for _a, _s, n in rows)), {"assembly": by_assembly, "sex": by_sex})


def register_measures() -> None:
    register_measure(
        Measure(
            "guide.pre_departure_consultations",
            _("Pre-departure consultations given"),
            consultations_given,
            disaggregations=("sex", "assembly"),
            counts_case_data=True,
        )
    )
