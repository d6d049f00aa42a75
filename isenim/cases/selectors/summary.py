"""What the case summary PDF shows, read for one user: only their cases (else 404) and only the notes
they may read (``selectors.notes.readable_notes``: nothing at all of other disciplines, not even a count).
Reading it is recorded: the case and its person (the PDF carries the person's name)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from isenim.cases.choices import Domain
from isenim.cases.models import (
    Assessment,
    Case,
    CaseMember,
    DomainScore,
    Goal,
    Note,
    Referral,
    ServiceDelivery,
    Task,
)
from isenim.cases.selectors.notes import readable_notes
from isenim.cases.selectors.services_delivered import visible_outcome
from isenim.core.access import Perm, cases_for, readable_disciplines
from isenim.core.audit import record_access
from isenim.core.models import AccessEvent

DETAIL = "case summary PDF"


@dataclass(frozen=True)
class LatestScore:
    domain: str
    score: DomainScore
    assessment: Assessment


@dataclass
class CaseSummary:
    case: Case
    team: list[CaseMember]
    latest_scores: list[LatestScore]
    goals: list[Goal]
    other_tasks: list[Task]
    services: list[ServiceDelivery]
    referrals: list[Referral]
    notes: list[Note] = field(default_factory=list)
    # Outcomes of services by id, empty where the reader may not read the service's discipline.
    service_outcomes: dict[int, str] = field(default_factory=dict)


def case_summary(user, number: str) -> CaseSummary:
    """Everything the summary prints, for ``user``; the download is recorded as an access event."""
    case = (
        cases_for(user, Perm.VIEW_CASES)
        .select_related("person", "manager", "appeal")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404
    summary = CaseSummary(
        case=case,
        team=list(case.members.select_related("user").order_by("user__first_name", "user__username")),
        latest_scores=_latest_scores(case),
        goals=list(
            Goal.objects.filter(case=case)
            .prefetch_related(
                Prefetch("actions", queryset=Task.objects.select_related("assignee").order_by("due_on", "id"))
            )
            .order_by("created_at", "id")
        ),
        other_tasks=list(
            Task.objects.filter(case=case, goal=None, done_on=None)
            .select_related("assignee")
            .order_by("due_on", "id")
        ),
        services=list(
            ServiceDelivery.objects.filter(case=case)
            .select_related("service_type", "provider_user", "provider_partner")
            .order_by("delivered_on", "id")
        ),
        referrals=list(
            Referral.objects.filter(case=case).select_related("partner").order_by("sent_on", "id")
        ),
        notes=sorted(readable_notes(user, case), key=lambda note: (note.created_at, note.pk)),
    )
    readable = readable_disciplines(user, case)
    summary.service_outcomes = {
        service.pk: visible_outcome(service, readable) for service in summary.services
    }
    record_access(actor=user, kind=AccessEvent.Kind.DOWNLOAD, target=case, detail=DETAIL)
    record_access(
        actor=user, kind=AccessEvent.Kind.DOWNLOAD, target=case.person, detail=f"{DETAIL} {case.number}"
    )
    return summary


def _latest_scores(case: Case) -> list[LatestScore]:
    """For each domain, its score in the latest assessment that scored it (in the order of the domains)."""
    latest: dict[str, LatestScore] = {}
    assessments = (
        Assessment.objects.filter(case=case)
        .select_related("assessed_by")
        .prefetch_related("scores")
        .order_by("assessed_on", "id")
    )
    for assessment in assessments:
        for score in assessment.scores.all():
            latest[score.domain] = LatestScore(score.domain, score, assessment)
    return [latest[domain] for domain in Domain.values if domain in latest]
