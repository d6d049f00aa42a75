"""The rows of the list of records due: codes, dates and coded facts only (no name, no text)."""

from django.db.models import Count
from django.urls import reverse

from isenim.retention import services
from isenim.retention.models import Kind


def due_rows(kind: str, *, limit: int) -> list[dict]:
    queryset = services.due(kind)
    if kind in (Kind.CLOSED_CASE, Kind.CASE_DOCUMENTS):
        cases = queryset.annotate(files=Count("documents", distinct=True)).order_by("closed_on", "pk")[:limit]
        return [
            {
                "pk": case.pk,
                "code": case.number,
                "url": reverse("cases:case_detail", kwargs={"number": case.number}),
                "date": case.closed_on,
                "what": case.get_closure_reason_display(),
                "files": case.files,
            }
            for case in cases
        ]
    if kind == Kind.APPEAL_WITHOUT_CASE:
        appeals = queryset.order_by("received_on", "pk")[:limit]
        return [
            {
                "pk": appeal.pk,
                "code": appeal.code,
                "url": reverse("appeals:appeal_detail", kwargs={"code": appeal.code}),
                "date": appeal.outcome_at.date() if appeal.outcome_at else appeal.received_on,
                "what": appeal.get_outcome_display(),
                "files": 0,
            }
            for appeal in appeals
        ]
    consultations = queryset.select_related("case", "destination").order_by("consulted_on", "pk")[:limit]
    return [
        {
            "pk": consultation.pk,
            "code": consultation.case.number,
            "url": reverse("cases:case_detail", kwargs={"number": consultation.case.number}),
            "date": consultation.consulted_on,
            "what": str(consultation.destination),
            "files": 0,
        }
        for consultation in consultations
    ]
