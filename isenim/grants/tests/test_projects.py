"""Grant projects: the reporting calendar (ensure_periods), the project's checks, budget lines, topics and
target communities."""

from datetime import date

import pytest
from django.utils import translation

from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.grants.models import ReportingPeriod, TargetCommunity
from isenim.grants.services import GrantError
from isenim.grants.services.projects import (
    CommunityRow,
    ProjectData,
    calendar_periods,
    communities_set,
    ensure_periods,
    project_update,
)
from isenim.grants.tests.helpers import moynaq, sample_project

pytestmark = pytest.mark.django_db


def _data(project, **changes) -> ProjectData:
    values = {
        "code": project.code,
        "title": project.title,
        "donor": project.donor,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "reporting": project.reporting,
        "report_due_days": project.report_due_days,
        "staff": list(project.staff.all()),
    }
    values.update(changes)
    return ProjectData(**values)


def test_quarters_cut_to_the_project_dates_with_due_dates():
    rows = calendar_periods(date(2019, 5, 15), date(2020, 2, 10), "quarter", 15)
    assert [row["label"] for row in rows] == ["2019-Q2", "2019-Q3", "2019-Q4", "2020-Q1"]
    assert rows[0]["starts_on"] == date(2019, 5, 15) and rows[0]["ends_on"] == date(2019, 6, 30)
    assert rows[0]["due_on"] == date(2019, 7, 15)
    assert rows[-1]["ends_on"] == date(2020, 2, 10) and rows[-1]["due_on"] == date(2020, 2, 25)


@pytest.mark.parametrize(
    ("kind", "labels"),
    [
        ("month", ["2019-11", "2019-12", "2020-01"]),
        ("half_year", ["2019-H2", "2020-H1"]),
        ("year", ["2019", "2020"]),
    ],
)
def test_other_rhythms(kind, labels):
    rows = calendar_periods(date(2019, 11, 3), date(2020, 1, 31), kind, 0)
    assert [row["label"] for row in rows][: len(labels)] == labels


def test_project_periods_follow_its_dates(staff):
    project = sample_project(
        staff, starts_on=date(2025, 5, 15), ends_on=date(2025, 12, 31), communities=False
    )
    assert list(project.periods.values_list("label", flat=True)) == ["2025-Q2", "2025-Q3", "2025-Q4"]
    q2 = project.periods.get(label="2025-Q2")
    project = project_update(
        actor=staff[Role.DIRECTOR], project=project, data=_data(project, starts_on=date(2025, 7, 1))
    )
    assert not ReportingPeriod.objects.filter(pk=q2.pk).exists()
    assert list(project.periods.values_list("label", flat=True)) == ["2025-Q3", "2025-Q4"]
    # Idempotent.
    assert [p.label for p in ensure_periods(project)] == ["2025-Q3", "2025-Q4"]
    assert project.periods.count() == 2


def test_end_before_start_refused_nothing_saved(staff):
    project = sample_project(staff, communities=False)
    with translation.override("en"), pytest.raises(GrantError, match="cannot end before it starts"):
        project_update(
            actor=staff[Role.DIRECTOR],
            project=project,
            data=_data(project, ends_on=date(project.starts_on.year - 1, 1, 1)),
        )
    project.refresh_from_db()
    assert project.ends_on.year == project.starts_on.year


def test_staff_without_grants_refused(staff):
    project = sample_project(staff, communities=False)
    with translation.override("en"), pytest.raises(GrantError, match="does not see grants"):
        project_update(
            actor=staff[Role.DIRECTOR], project=project, data=_data(project, staff=[staff[Role.CASE_MANAGER]])
        )


def test_communities_set_audited_and_checked(staff):
    project = sample_project(staff, communities=False)
    units = moynaq()
    director = staff[Role.DIRECTOR]
    communities_set(actor=director, project=project, rows=[CommunityRow(units["23050001"], 1200, 300)])
    assert TargetCommunity.objects.get(project=project).households == 300
    assert AuditEvent.objects.filter(action="grant_community.set").count() == 1
    with translation.override("en"), pytest.raises(GrantError, match="more households than people"):
        communities_set(actor=director, project=project, rows=[CommunityRow(units["23050003"], 10, 300)])
    assert list(TargetCommunity.objects.filter(project=project).values_list("assembly__code", flat=True)) == [
        "23050001"
    ]
