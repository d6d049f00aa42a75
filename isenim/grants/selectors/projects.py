"""Grant projects: the list, one project, its page's figures, and the reports coming due (My work and the
daily reminders)."""

from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from isenim.grants.models import BudgetLine, GrantProject, Report, ReportingPeriod, TargetCommunity
from isenim.grants.selectors.coverage import coverage, coverage_by_period
from isenim.grants.selectors.meetings import meeting_figures

# "Coming due": a report due within this many days is shown in My work and reminded.
DUE_SOON_DAYS = 14


def project_list():
    today = timezone.localdate()
    return GrantProject.objects.annotate(
        targets=Count("communities", distinct=True),
        meetings_held=Count("meetings", filter=Q(meetings__held_on__lte=today), distinct=True),
    ).order_by("-starts_on", "code")


def project_get(pk: int) -> GrantProject:
    return get_object_or_404(GrantProject, pk=pk)


def budget_lines(project: GrantProject) -> list[dict]:
    """Each line with its funding source's budget. What was paid from it is summed by the reports' budget
    execution; here the line and its source."""
    return [
        {"line": line, "source": line.funding_source}
        for line in BudgetLine.objects.filter(project=project)
        .select_related("funding_source")
        .order_by("code")
    ]


def communities(project: GrantProject, figures: dict | None = None) -> list[dict]:
    """The target communities with their meetings held and people reached so far."""
    by_assembly = (figures or meeting_figures(project))["by_assembly"]
    rows = []
    for community in TargetCommunity.objects.filter(project=project).select_related(
        "assembly", "assembly__parent"
    ):
        reached = by_assembly.get(community.assembly_id, {"held": 0, "people": 0})
        rows.append({"community": community, **reached})
    return rows


def calendar(project: GrantProject) -> list[dict]:
    """The project's reporting periods with their due dates and the state of their report."""
    today = timezone.localdate()
    submitted = Report.objects.filter(period=OuterRef("pk"), state="submitted")
    drafted = Report.objects.filter(period=OuterRef("pk"))
    periods = (
        ReportingPeriod.objects.filter(project=project, kind=project.reporting)
        .annotate(submitted=Exists(submitted), drafted=Exists(drafted))
        .order_by("starts_on")
    )
    return [
        {
            "period": period,
            "submitted": period.submitted,
            "drafted": period.drafted,
            "overdue": not period.submitted and period.due_on is not None and period.due_on < today,
            "due_soon": not period.submitted
            and period.due_on is not None
            and today <= period.due_on <= today + timedelta(days=DUE_SOON_DAYS),
        }
        for period in periods
    ]


def project_page(project: GrantProject) -> dict:
    today = timezone.localdate()
    figures = meeting_figures(project)
    current = ReportingPeriod.objects.filter(
        project=project, kind=project.reporting, starts_on__lte=today, ends_on__gte=today
    ).first()
    return {
        "coverage": coverage(project),
        "current_period": current,
        "current_coverage": coverage(project, current.starts_on, current.ends_on) if current else None,
        "by_period": [
            (period, found) for period, found in coverage_by_period(project) if period.starts_on <= today
        ],
        "figures": figures,
        "communities": communities(project, figures),
        "budget_lines": budget_lines(project),
        "calendar": calendar(project),
        "staff": list(project.staff.all()),
        "topics": list(project.topics.all()),
        "budget_total": BudgetLine.objects.filter(project=project).aggregate(
            total=Sum("funding_source__amount_uzs")
        )["total"]
        or 0,
    }


def reports_due(user=None, *, today: date | None = None, within: int = DUE_SOON_DAYS):
    """Reporting periods whose report is not submitted and is due within ``within`` days or overdue, of the
    projects ``user`` is responsible for (every project when ``user`` is None), the most urgent first."""
    today = today or timezone.localdate()
    periods = (
        ReportingPeriod.objects.filter(due_on__isnull=False, due_on__lte=today + timedelta(days=within))
        .filter(kind=F("project__reporting"))  # only the periods of the project's own rhythm
        .exclude(Exists(Report.objects.filter(period=OuterRef("pk"), state="submitted")))
        .select_related("project")
        .order_by("due_on", "project__code")
    )
    if user is not None:
        periods = periods.filter(project__staff=user)
    return periods
