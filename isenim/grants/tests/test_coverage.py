"""Coverage: target assemblies reached by the project's meetings, overall and per period."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from isenim.core.access import Role
from isenim.grants.communities import OUTSIDE_VILLAGE, STATE_GRANT_MET, STATE_GRANT_MISSING
from isenim.grants.selectors.coverage import coverage, coverage_by_period
from isenim.grants.services.meetings import MeetingData, meeting_create
from isenim.grants.tests.helpers import sample_project, unit

pytestmark = pytest.mark.django_db


def meet(staff, project, code, held_on):
    return meeting_create(
        actor=staff[Role.PREVENTION_OFFICER],
        project=project,
        data=MeetingData(held_on=held_on, assembly=unit(code), venue="Мәденият үйи"),
    )


def test_nine_of_eleven_then_ten(staff):
    today = timezone.localdate()
    project = sample_project(
        staff, starts_on=date(today.year - 1, 1, 1), ends_on=date(today.year + 1, 12, 31)
    )
    for code in STATE_GRANT_MET:
        meet(staff, project, code, today - timedelta(days=3))
    meet(staff, project, STATE_GRANT_MET[0], today - timedelta(days=1))  # a second meeting counts once
    meet(staff, project, OUTSIDE_VILLAGE, today - timedelta(days=1))  # outside the targets
    meet(staff, project, STATE_GRANT_MISSING[0], today + timedelta(days=5))  # planned, not held
    found = coverage(project)
    assert (len(found["covered"]), len(found["target"])) == (9, 11)
    assert [u.code for u in found["missing"]] == STATE_GRANT_MISSING
    assert [u.name("kaa") for u in found["missing"]] == ["Арал", "Жайҳун"]
    assert [u.code for u in found["outside"]] == [OUTSIDE_VILLAGE]
    meet(staff, project, STATE_GRANT_MISSING[0], today)
    found = coverage(project)
    assert len(found["covered"]) == 10 and [u.name("kaa") for u in found["missing"]] == ["Жайҳун"]
    # A window before the meetings: none covered.
    assert coverage(project, ends_on=today - timedelta(days=10))["covered"] == []


def test_per_period(staff):
    project = sample_project(staff, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    meet(staff, project, STATE_GRANT_MET[0], date(2025, 2, 1))
    meet(staff, project, STATE_GRANT_MET[1], date(2025, 5, 1))
    meet(staff, project, STATE_GRANT_MET[2], date(2025, 5, 2))
    by_period = {period.label: len(found["covered"]) for period, found in coverage_by_period(project)}
    assert by_period == {"2025-Q1": 1, "2025-Q2": 2, "2025-Q3": 0, "2025-Q4": 0}
    assert len(coverage(project)["covered"]) == 3
