"""Coverage: the project's target citizens' assemblies reached by its meetings with residents.

An assembly is **covered** in a window when at least one of the project's meetings was held there within
it (a meeting dated after today is planned, not held, and does not count). ``coverage`` answers with the
assemblies themselves (``geo.AdminUnit``, in the order of their codes) so that a page, the donor report and
the JSON export name them in their own language (``assembly.name(language)``).
"""

from datetime import date

from django.utils import timezone

from isenim.geo.models import AdminUnit
from isenim.grants.models import GrantProject, Meeting, ReportingPeriod, TargetCommunity


def target_assemblies(project: GrantProject) -> list[AdminUnit]:
    return [
        community.assembly
        for community in TargetCommunity.objects.filter(project=project)
        .select_related("assembly", "assembly__parent")
        .order_by("assembly__code")
    ]


def _held(project: GrantProject, starts_on: date | None, ends_on: date | None):
    today = timezone.localdate()
    meetings = Meeting.objects.filter(project=project, held_on__lte=min(ends_on, today) if ends_on else today)
    if starts_on:
        meetings = meetings.filter(held_on__gte=starts_on)
    return meetings


def _result(target: list[AdminUnit], reached: set[int], units: dict[int, AdminUnit]) -> dict:
    target_ids = {unit.pk for unit in target}
    covered = [unit for unit in target if unit.pk in reached]
    return {
        "covered": covered,
        "missing": [unit for unit in target if unit.pk not in reached],
        "target": target,
        # Assemblies met that are not among the targets (allowed, shown apart, never counted in coverage).
        "outside": sorted(
            (units[pk] for pk in reached - target_ids if pk in units), key=lambda unit: unit.code
        ),
        "share": (len(covered) / len(target)) if target else None,
    }


def coverage(project: GrantProject, starts_on: date | None = None, ends_on: date | None = None) -> dict:
    """{covered, missing, target, outside: [AdminUnit…], share: covered/target or None} for meetings held
    from ``starts_on`` to ``ends_on`` (either may be None: open-ended; never after today). Three queries."""
    target = target_assemblies(project)
    reached = set(_held(project, starts_on, ends_on).values_list("assembly_id", flat=True).distinct())
    extra = reached - {unit.pk for unit in target}
    units = {unit.pk: unit for unit in AdminUnit.objects.filter(pk__in=extra)} if extra else {}
    return _result(target, reached, units)


def coverage_by_period(project: GrantProject, periods=None) -> list[tuple[ReportingPeriod, dict]]:
    """Coverage within each reporting period (the project's rhythm by default), from one read of the
    meetings: [(period, coverage dict)…] in order."""
    if periods is None:
        periods = ReportingPeriod.objects.filter(project=project, kind=project.reporting).order_by(
            "starts_on"
        )
    periods = list(periods)
    target = target_assemblies(project)
    held = list(_held(project, None, None).values_list("assembly_id", "held_on").distinct())
    extra = {assembly_id for assembly_id, _day in held} - {unit.pk for unit in target}
    units = {unit.pk: unit for unit in AdminUnit.objects.filter(pk__in=extra)} if extra else {}
    return [
        (
            period,
            _result(
                target,
                {assembly_id for assembly_id, day in held if period.starts_on <= day <= period.ends_on},
                units,
            ),
        )
        for period in periods
    ]


def is_target(project: GrantProject, assembly_id: int) -> bool:
    return TargetCommunity.objects.filter(project=project, assembly_id=assembly_id).exists()
