"""The guide's measure of the measures registry (``core.measures``): pre-departure consultations given in a
period to people who live in the scope's citizens' assemblies. Case data: shown through
``core.disclosure``."""

from django.utils.translation import gettext_lazy as _

from isenim.cases.measures import counted_by_person
from isenim.core.measures import Measure, Result, Scope, register_measure
from isenim.guide.models import Consultation


def consultations_given(scope: Scope) -> Result:
    consultations = Consultation.objects.filter(
        consulted_on__gte=scope.starts_on, consulted_on__lte=scope.ends_on
    )
    if scope.assemblies:
        consultations = consultations.filter(case__person__home_assembly_id__in=scope.assemblies)
    return counted_by_person(consultations)


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
