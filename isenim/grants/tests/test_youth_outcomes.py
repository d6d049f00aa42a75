"""Item 8's outcomes on the grant project: the results of the services (jobs found, businesses registered,
benefits obtained, family help given) in the youth and families section, by sex, through the disclosure
layer; and the demo's services with results and the indicators bound to them, recounted independently."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from isenim.accounts.demo import ensure_demo_staff
from isenim.appeals.services import AppealData, appeal_register
from isenim.cases.models import ServiceDelivery, ServiceType
from isenim.cases.services.catalogue import load_catalogue
from isenim.cases.services.services_delivered import ServiceData, service_record
from isenim.core.access import Role
from isenim.grants.communities import OUTSIDE_VILLAGE, STATE_GRANT_MET
from isenim.grants.demo_logframe import seed_logframe
from isenim.grants.demo_outcomes import seed_outcomes
from isenim.grants.models import Indicator, IndicatorValue, ReportingPeriod, TargetCommunity
from isenim.grants.selectors.youth import youth_and_families
from isenim.grants.tests.helpers import sample_project, unit
from isenim.grants.tests.measure_helpers import resident_case
from isenim.people.services import PersonData

pytestmark = pytest.mark.django_db

JOBS = "Jobs found under the Labour Code"
FAMILY = "Help given to migrants' families"


def _results(staff, project):
    """Five jobs found in the targets (four women, one man), one not yet, one in the village outside the
    targets; one family helped."""
    load_catalogue()
    manager = staff[Role.CASE_MANAGER]
    job = ServiceType.objects.get(code="job-placement")
    family = ServiceType.objects.get(code="migrant-family-help")
    day = max(project.starts_on, timezone.localdate() - timedelta(days=10))
    rows = [
        (STATE_GRANT_MET[0], "F", job, "job_found"),
        (STATE_GRANT_MET[0], "F", job, "job_found"),
        (STATE_GRANT_MET[1], "F", job, "job_found"),
        (STATE_GRANT_MET[2], "F", job, "job_found"),
        (STATE_GRANT_MET[3], "M", job, "job_found"),
        (STATE_GRANT_MET[3], "M", job, "not_yet"),
        (OUTSIDE_VILLAGE, "M", job, "job_found"),  # not a target: not counted
        (STATE_GRANT_MET[4], "F", family, "help_given"),
    ]
    for code, sex, service_type, result in rows:
        service_record(
            actor=manager,
            case=resident_case(staff, unit(code), sex=sex),
            data=ServiceData(
                service_type=service_type, delivered_on=day, provider_user=manager, result=result
            ),
        )


def test_the_results_by_sex_for_the_team_and_protected_for_the_me_officer(staff):
    project = sample_project(staff)
    _results(staff, project)
    with translation.override("en"):
        director = {row.label: row for row in youth_and_families(project, staff[Role.DIRECTOR])}
        officer = {row.label: row for row in youth_and_families(project, staff[Role.ME_OFFICER])}
    assert director[JOBS].part == "results"
    assert director[JOBS].value.value == 5
    assert [cell.value for cell in director[JOBS].by_sex] == [4, 1, 0]
    assert director[FAMILY].value.value == 1
    assert director["Businesses registered"].value.value == 0
    assert director["Job placement help given"].value.value == 6  # given in the targets, whatever came of it
    # Outside the case team: the total of 5 is shown, the one man is not, nor the women (5 - 4 = 1).
    assert officer[JOBS].value.value == 5
    women, men, unknown = officer[JOBS].by_sex
    assert men.suppressed and women.suppressed and unknown.value == 0
    assert officer[FAMILY].value.suppressed and officer[FAMILY].by_sex[0].suppressed


def test_the_project_page_shows_the_results(client, staff, recently_authenticated):
    project = sample_project(staff)
    _results(staff, project)
    officer = staff[Role.ME_OFFICER]
    client.force_login(officer)
    recently_authenticated(officer)
    with translation.override("en"):
        page = client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    assert 'data-testid="youth-results"' in page
    section = page[page.index('data-testid="youth-results"') :]
    section = section[: section.index("</tbody>")]
    assert JOBS in section and "Businesses registered" in section and "Help given to migrants" in section
    assert "fewer than 5" in section and ">5<" in section


def test_the_demo_outcomes(settings, tmp_path, staff):
    settings.VAR_DIR = tmp_path
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    ensure_demo_staff()
    load_catalogue()
    today = timezone.localdate()
    starts_on = (today - timedelta(days=300)).replace(day=1)
    project = sample_project(
        staff, code="demo-like", starts_on=starts_on, ends_on=starts_on + timedelta(days=364)
    )
    # A few appeals of young graduates and migrants' families from the target assemblies (no case yet).
    for i, (category, sex) in enumerate(
        [("young_graduate", "F"), ("young_graduate", "M"), ("migrant_family", "F")]
    ):
        appeal_register(
            actor=staff[Role.INTAKE_OPERATOR],
            data=AppealData(
                received_on=starts_on + timedelta(days=5 + i),
                channel="walk_in",
                category=category,
                answers={},
                home_district_id=unit(STATE_GRANT_MET[i]).parent_id,
                home_assembly_id=unit(STATE_GRANT_MET[i]).pk,
            ),
            new_person=PersonData(
                identity={"last_name": f"Қурбанова-{i}"},
                sex=sex,
                home_district_id=unit(STATE_GRANT_MET[i]).parent_id,
                home_assembly_id=unit(STATE_GRANT_MET[i]).pk,
            ),
        )
    seed_logframe(project)
    made = seed_outcomes(project)
    assert made >= 12  # (the three appellants' cases, and new appellants of the project for the rest)
    assert seed_outcomes(project) == 0  # once
    targets = TargetCommunity.objects.filter(project=project).values("assembly_id")
    services = ServiceDelivery.objects.filter(case__person__home_assembly_id__in=targets)
    assert services.count() == made
    assert {s.result for s in services} == {
        "job_found",
        "business_registered",
        "benefit_obtained",
        "help_given",
        "not_achieved",
        "not_yet",
    }
    assert all(s.result_on is None or s.delivered_on <= s.result_on <= today for s in services)
    demo_manager = get_user_model().objects.get(username="casemanager")
    assert {s.recorded_by for s in services} == {demo_manager}
    indicators = Indicator.objects.filter(node__project=project, measure__startswith="cases.")
    codes = {row.measure: row for row in indicators if row.measure != "cases.services_delivered"}
    assert set(codes) == {
        "cases.jobs_found",
        "cases.businesses_registered",
        "cases.benefits_obtained",
        "cases.family_help_given",
    }
    # Every started quarter's actual recounted from the services themselves.
    result_of = {
        "cases.jobs_found": "job_found",
        "cases.businesses_registered": "business_registered",
        "cases.benefits_obtained": "benefit_obtained",
        "cases.family_help_given": "help_given",
    }
    quarters = ReportingPeriod.objects.filter(project=project, kind="quarter", starts_on__lte=today)
    assert quarters.exists()
    total = 0
    for quarter in quarters:
        for measure, indicator in codes.items():
            expected = sum(
                1
                for s in services
                if s.result == result_of[measure] and quarter.starts_on <= s.result_on <= quarter.ends_on
            )
            value = IndicatorValue.objects.get(indicator=indicator, period=quarter)
            assert value.value == expected, (measure, quarter.label)
            total += expected
    assert total >= 10
