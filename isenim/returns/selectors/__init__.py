"""Reads of the returns app. Every read starts from ``cases_for(user, perm)``: another team's case is 404."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DateField, ExpressionWrapper, F, QuerySet, Sum
from django.http import Http404

from isenim.cases.choices import IdentityDocumentType
from isenim.cases.models import Case
from isenim.core.access import Perm, cases_for
from isenim.returns.models import (
    ApplicationStatus,
    DocumentApplication,
    ReturnAssistance,
    ReturnStatus,
    ReturnStep,
)

# A certificate of return that expires before the planned travel, or within this many days after it, is
# flagged: the person could be stopped at the border with an expired paper.
EXPIRY_MARGIN_DAYS = 3


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


def expires_too_soon(application: DocumentApplication, planned_travel_on: date | None) -> bool:
    """A certificate of return whose validity ends before the planned travel (or just after it)."""
    return (
        application.is_return_certificate
        and application.status == ApplicationStatus.ISSUED
        and application.valid_until is not None
        and planned_travel_on is not None
        and application.valid_until <= planned_travel_on + timedelta(days=EXPIRY_MARGIN_DAYS)
    )


@dataclass(frozen=True)
class ApplicationRow:
    application: DocumentApplication
    expiry_warning: bool


def applications_of(user, case: Case) -> list[ApplicationRow]:
    rows = _case_rows(DocumentApplication, user, case).select_related("mission", "mission__country")
    planned = planned_travel_of(case)
    return [ApplicationRow(row, expires_too_soon(row, planned)) for row in rows.order_by("created_at", "id")]


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
    """Issued certificates of return, on the active cases ``user`` sees, that expire before the planned
    travel home (or within EXPIRY_MARGIN_DAYS after it) while the return is still ahead — for "My work".
    Each row carries ``planned_travel_on``; soonest expiry first."""
    planned = "case__return_assistance__planned_travel_on"
    latest_safe = ExpressionWrapper(F(planned) + timedelta(days=EXPIRY_MARGIN_DAYS), output_field=DateField())
    return (
        DocumentApplication.objects.filter(
            case__in=cases_for(user, Perm.VIEW_CASES).active(),
            doc_type=IdentityDocumentType.RETURN_CERTIFICATE,
            status=ApplicationStatus.ISSUED,
            valid_until__isnull=False,
            **{f"{planned}__isnull": False},
            case__return_assistance__status__in=[ReturnStatus.PLANNED, ReturnStatus.TRAVELLING],
        )
        .annotate(planned_travel_on=F(planned))
        .filter(valid_until__lte=latest_safe)
        .select_related("case", "mission")
        .order_by("valid_until", "id")
    )
