"""The grants measures of the measures registry (``core.measures``): meetings with residents held, people
reached at them (their attendance tally), and citizens' assemblies covered by them, in a period and in the
scope's assemblies. The parameter ``project`` (a GrantProject id, set by ``refresh_actuals`` for the
project's own indicators) keeps to one project's meetings; without it every project's meetings count."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.core.measures import Measure, Result, Scope, register_measure
from isenim.grants.models import Meeting
from isenim.prevention.choices import TALLY_FIELDS
from isenim.prevention.measures import tally_breakdown


def _meetings(scope: Scope):
    # A meeting dated after today is planned, not held (as for coverage).
    ends_on = min(scope.ends_on, timezone.localdate())
    meetings = Meeting.objects.filter(held_on__gte=scope.starts_on, held_on__lte=ends_on)
    if scope.assemblies:
        meetings = meetings.filter(assembly_id__in=scope.assemblies)
    if scope.params.get("project"):
        meetings = meetings.filter(project_id=scope.params["project"])
    return meetings


def meetings_held(scope: Scope) -> Result:
    by_assembly = dict(_meetings(scope).values_list("assembly_id").annotate(n=Count("id")).order_by())
    return Result(
        Decimal(sum(by_assembly.values())), {"assembly": {str(k): v for k, v in by_assembly.items()}}
    )


def people_at_meetings(scope: Scope) -> Result:
    meetings = _meetings(scope).filter(attendance_entered_at__isnull=False)
    totals = meetings.aggregate(**{name: Sum(name) for name in TALLY_FIELDS})
    by_assembly = dict(meetings.values_list("assembly_id").annotate(n=Sum("attendance_total")).order_by())
    return Result(Decimal(sum(v or 0 for v in totals.values())), tally_breakdown(totals, by_assembly))


def assemblies_covered(scope: Scope) -> Result:
    reached = sorted(set(_meetings(scope).values_list("assembly_id", flat=True)))
    return Result(Decimal(len(reached)), {"assembly": {str(pk): 1 for pk in reached}})


def register_measures() -> None:
    register_measure(
        Measure(
            "grants.meetings_held",
            _("Meetings with residents held"),
            meetings_held,
            disaggregations=("assembly",),
            param_names=("project",),
        )
    )
    register_measure(
        Measure(
            "grants.people_at_meetings",
            _("People reached at meetings with residents"),
            people_at_meetings,
            disaggregations=("sex", "age_band", "assembly"),
            param_names=("project",),
        )
    )
    register_measure(
        Measure(
            "grants.assemblies_covered",
            _("Citizens' assemblies covered by meetings"),
            assemblies_covered,
            disaggregations=("assembly",),
            param_names=("project",),
        )
    )
