"""Reads of pre-departure consultations. Every read starts from ``cases_for(user, perm)``."""

from django.http import Http404

from isenim.cases.models import Case
from isenim.core.access import Perm, cases_for
from isenim.guide.models import Consultation


def _case_rows(model, user, case: Case, perm: Perm = Perm.VIEW_CASES):
    return model.objects.filter(case=case, case__in=cases_for(user, perm))


# --- Pre-departure consultations --------------------------------------------------------------------


def consultations_of(user, case: Case) -> list[Consultation]:
    rows = _case_rows(Consultation, user, case).select_related("destination", "consulted_by")
    return list(rows.order_by("-consulted_on", "-id"))


def consultation_for(user, number: str, pk: int, perm: Perm = Perm.VIEW_CASES) -> Consultation:
    found = (
        Consultation.objects.filter(pk=pk, case__number=number, case__in=cases_for(user, perm))
        .select_related("case", "case__person", "destination", "consulted_by")
        .first()
    )
    if found is None:
        raise Http404
    return found
