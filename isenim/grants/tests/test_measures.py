"""The grants measures (core.measures), each recomputed independently: meetings and their tallies read one
by one, assemblies covered from the coverage selector."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from isenim.core.access import Role
from isenim.core.measures import Scope, measure_named
from isenim.grants.communities import OUTSIDE_VILLAGE, STATE_GRANT_ASSEMBLIES, STATE_GRANT_MET
from isenim.grants.models import Meeting
from isenim.grants.selectors.coverage import coverage
from isenim.grants.tests.helpers import sample_project, unit

pytestmark = pytest.mark.django_db


def meeting(staff, project, code, held_on, women=0, men=0):
    return Meeting.objects.create(
        project=project,
        held_on=held_on,
        assembly=unit(code),
        venue="Мәденият үйи",
        f_30_49=women,
        m_18_29=men,
        attendance_total=women + men,
        attendance_entered_at=timezone.now() if women + men else None,
        created_by=staff[Role.PREVENTION_OFFICER],
    )


@pytest.fixture
def project(staff):
    today = timezone.localdate()
    project = sample_project(staff, starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31))
    for i, code in enumerate(STATE_GRANT_MET[:5]):
        meeting(staff, project, code, date(today.year, 2, 1) + timedelta(days=i), women=10 + i, men=4)
    meeting(staff, project, STATE_GRANT_MET[0], date(today.year, 3, 1), women=6, men=6)
    meeting(staff, project, STATE_GRANT_MET[6], date(today.year, 3, 2))  # attendance not entered yet
    meeting(staff, project, OUTSIDE_VILLAGE, date(today.year, 3, 3), women=50)  # outside the targets
    meeting(staff, project, STATE_GRANT_MET[7], today + timedelta(days=3), women=9)  # planned
    other = sample_project(staff, code="other-grant", communities=False)
    meeting(staff, other, STATE_GRANT_MET[8], date(today.year, 3, 4), women=70)  # another project
    return project


def _scope(project):
    targets = frozenset(unit(code).pk for code in STATE_GRANT_ASSEMBLIES)
    return Scope(project.starts_on, project.ends_on, targets, {"project": project.pk})


def _held(project):
    today = timezone.localdate()
    targets = {unit(code).pk for code in STATE_GRANT_ASSEMBLIES}
    return [
        m
        for m in Meeting.objects.all()
        if m.project_id == project.pk and m.assembly_id in targets and m.held_on <= today
    ]


def test_meetings_held(project):
    result = measure_named("grants.meetings_held").compute(_scope(project))
    assert result.value == len(_held(project)) == 7


def test_people_at_meetings(project):
    result = measure_named("grants.people_at_meetings").compute(_scope(project))
    expected = sum(sum(m.tally().values()) for m in _held(project))
    assert expected == (10 + 11 + 12 + 13 + 14) + 5 * 4 + 12
    assert result.value == expected
    assert result.breakdown["sex"]["m"] == 5 * 4 + 6
    assert result.breakdown["age_band"]["18_29"] == 5 * 4 + 6


def test_assemblies_covered_agrees_with_coverage(project):
    result = measure_named("grants.assemblies_covered").compute(_scope(project))
    assert result.value == len(coverage(project)["covered"]) == 6
    # Without the project's assemblies: the one outside counts too (and not the other project's).
    wider = Scope(project.starts_on, project.ends_on, frozenset(), {"project": project.pk})
    assert measure_named("grants.assemblies_covered").compute(wider).value == 7
