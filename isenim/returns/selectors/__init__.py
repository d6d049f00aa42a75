"""Reads of the returns app. Every read starts from ``cases_for(user, perm)``: another team's case is 404."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.http import Http404

from isenim.cases.models import Case
from isenim.core.access import Perm, cases_for
from isenim.returns.models import (
    DocumentApplication,
    ReturnAssistance,
    ReturnStep,
)


def _case_rows(model, user, case: Case, perm: Perm = Perm.VIEW_CASES) -> QuerySet:
    return model.objects.filter(case=case, case__in=cases_for(user, perm))


# --- Return home -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnView:
    assistance: ReturnAssistance | None
    steps: list[ReturnStep]
    total_cost_uzs: Decimal


def return_of(user, case: Case) -> ReturnView:
    assistance = _case_rows(ReturnAssistance, user, case).select_related("from_country", "updated_by").first()
    steps = _case_rows(ReturnStep, user, case).select_related("done_by", "partner").order_by("done_on", "id")
    total = steps.aggregate(total=Sum("cost_uzs"))["total"] or Decimal(0)
    return ReturnView(assistance, list(steps), total)


def planned_travel_of(case: Case) -> date | None:
    return ReturnAssistance.objects.filter(case=case).values_list("planned_travel_on", flat=True).first()


# --- Document restoration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationRow:
    application: DocumentApplication
    expiry_warning: bool


def applications_of(user, case: Case) -> list[ApplicationRow]:
    rows = _case_rows(DocumentApplication, user, case).select_related("mission", "mission__country")
    flagged = set(rows.expiring_before_travel().values_list("pk", flat=True))
    return [ApplicationRow(row, row.pk in flagged) for row in rows.order_by("created_at", "id")]


def application_for_work(user, number: str, pk: int) -> DocumentApplication:
    found = (
        DocumentApplication.objects.filter(
            pk=pk, case__number=number, case__in=cases_for(user, Perm.WORK_ON_CASES)
        )
        .select_related("case", "case__person", "mission")
        .first()
    )
    if found is None:
        raise Http404
    return found


def expiring_return_certificates(user) -> QuerySet[DocumentApplication]:
    """Certificates of return expiring before the travel home (``expiring_before_travel``), on the active
    cases ``user`` sees, soonest expiry first — for "My work"."""
    return (
        DocumentApplication.objects.filter(case__in=cases_for(user, Perm.VIEW_CASES).active())
        .expiring_before_travel()
        .select_related("case", "mission")
        .order_by("valid_until", "id")
    )
