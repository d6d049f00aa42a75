"""Reading needs assessments: the per-domain summary of the case page and the full list with observations."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.http import Http404

from isenim.cases.choices import Domain, Score
from isenim.cases.models import Assessment, Case, DomainScore
from isenim.cases.selectors.cases import case_for_work
from isenim.core.access import Perm, cases_for
from isenim.core.audit import record_access


@dataclass(frozen=True)
class DomainSummary:
    domain: str
    label: str
    latest: int
    latest_label: str
    latest_on: date
    first: int
    times: int  # how many assessments scored this domain

    @property
    def change(self) -> int | None:
        """Latest minus first score (positive: better), once the domain was scored more than once."""
        return self.latest - self.first if self.times > 1 else None

    @property
    def change_size(self) -> int:
        return abs(self.change or 0)


def assessment_summary(case: Case) -> tuple[list[DomainSummary], int]:
    """Per domain, the latest score and the change since the first one; and how many assessments there are.
    ``case`` comes from a selector that already applied the access policy. Two queries."""
    scores = (
        DomainScore.objects.filter(assessment__case=case)
        .select_related("assessment")
        .order_by("assessment__assessed_on", "assessment_id", "id")
        .only("domain", "score", "assessment__assessed_on")
    )
    first: dict[str, DomainScore] = {}
    latest: dict[str, DomainScore] = {}
    times: dict[str, int] = {}
    for score in scores:
        first.setdefault(score.domain, score)
        latest[score.domain] = score
        times[score.domain] = times.get(score.domain, 0) + 1
    rows = [
        DomainSummary(
            domain=domain,
            label=str(Domain(domain).label),
            latest=latest[domain].score,
            latest_label=str(Score(latest[domain].score).label),
            latest_on=latest[domain].assessment.assessed_on,
            first=first[domain].score,
            times=times[domain],
        )
        for domain in Domain.values
        if domain in latest
    ]
    return rows, case.assessments.count()


def assessments_read(user, number: str) -> tuple[Case, list[Assessment]]:
    """Every assessment of a case with its observations, newest first. Observations are personal
    content: showing them is recorded as a view of the case."""
    case = cases_for(user, Perm.VIEW_CASES).filter(number=number).first()
    if case is None:
        raise Http404
    assessments = list(
        case.assessments.select_related("assessed_by")
        .prefetch_related(Prefetch("scores", queryset=DomainScore.objects.order_by("id")))
        .order_by("-assessed_on", "-id")
    )
    record_access(actor=user, kind="view", target=case, detail="needs assessments with observations")
    return case, assessments


def case_for_assessment(user, number: str) -> Case:
    """The case a new assessment is recorded for (the form shows no earlier content)."""
    return case_for_work(user, number, Perm.WORK_ON_CASES)
