"""Needs assessment by domain: recording one through the form, the case page's summary with the change per
domain, the list with observations (an access event), and who may do what."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from conftest import make_staff
from isenim.cases.models import Assessment, Case, DomainScore
from isenim.cases.selectors.assessment import assessment_summary
from isenim.cases.services import CaseRuleError
from isenim.cases.services.assessment import DomainEntry, assessment_record
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent

OBSERVATION = "Қорқады, жумыс бериўши телефон арқалы қорқытып атыр."


@pytest.fixture
def case(staff):
    case = sample_case(staff)
    Case.objects.filter(pk=case.pk).update(opened_on=timezone.localdate() - timedelta(days=60))
    case.refresh_from_db()
    return case


def url(name: str, *args) -> str:
    """Pages in English, so that the tests read the messages whatever the catalogs say."""
    with override("en"):
        return reverse(name, args=args)


def add_url(case):
    return url("cases:assessment_add", case.number)


def list_url(case):
    return url("cases:assessment_list", case.number)


def raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (a fixed table name)
        return repr(cursor.fetchall())


def form(**scores) -> dict:
    data = {"assessed_on": timezone.localdate().isoformat()}
    data.update(scores)
    return data


def row_text(html: str, testid: str) -> str:
    """The text of one table row of the page, tags stripped and spaces squeezed."""
    found = re.search(rf'data-testid="{testid}">(.*?)</tr>', html, re.S)
    assert found, f"no row {testid}"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_it_records_an_assessment_through_the_form(client_as, staff, case):
    manager = staff[Role.CASE_MANAGER]
    response = client_as(manager).post(
        add_url(case),
        form(score_safety="1", observations_safety=OBSERVATION, score_legal="3", observations_legal=""),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(url("cases:case_detail", case.number) + "#assessment")
    assessment = Assessment.objects.get()
    assert (assessment.case, assessment.assessed_by, assessment.assessed_on) == (
        case,
        manager,
        timezone.localdate(),
    )
    scores = {score.domain: score for score in assessment.scores.all()}
    assert set(scores) == {"safety", "legal"}  # the unscored domains are not recorded
    assert (scores["safety"].score, scores["safety"].observations) == (1, OBSERVATION)
    assert (scores["legal"].score, scores["legal"].observations) == (3, "")
    # The observations exist only sealed: neither the table nor the audit trail holds them.
    assert "телефон" not in raw_rows("cases_domainscore")
    event = AuditEvent.objects.get(action="assessment.record")
    assert event.actor == manager and event.target_id == str(assessment.pk)
    assert event.after["case"] == case.pk
    assert event.after["scores_by_domain"] == {"safety": 1, "legal": 3}
    assert event.after["observations"] == "sealed"
    assert "телефон" not in raw_rows("core_auditevent")


def test_it_needs_at_least_one_scored_domain_and_keeps_what_was_typed(client_as, staff, case):
    client = client_as(staff[Role.PSYCHOLOGIST])
    response = client.post(add_url(case), form())
    assert response.status_code == 200
    assert "Score at least one domain." in response.content.decode()
    # Observations without a score: an error on that domain, the text stays in the form.
    response = client.post(add_url(case), form(observations_family=OBSERVATION, score_safety="2"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give a score for this domain, or leave its observations empty." in page
    assert OBSERVATION in page
    assert not Assessment.objects.exists() and not DomainScore.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.record").exists()


def test_it_refuses_a_date_in_the_future_or_before_the_case(client_as, staff, case):
    client = client_as(staff[Role.CASE_MANAGER])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(add_url(case), form(assessed_on=tomorrow, score_safety="2"))
    assert "The assessment date cannot be in the future." in response.content.decode()
    too_early = (case.opened_on - timedelta(days=1)).isoformat()
    response = client.post(add_url(case), form(assessed_on=too_early, score_safety="2"))
    assert "The assessment date cannot be before the case was opened." in response.content.decode()
    assert not Assessment.objects.exists()


def test_it_refuses_a_score_outside_one_to_four(client_as, staff, case):
    response = client_as(staff[Role.CASE_MANAGER]).post(add_url(case), form(score_safety="5"))
    assert response.status_code == 200 and not Assessment.objects.exists()
    with pytest.raises(CaseRuleError):
        assessment_record(
            actor=staff[Role.CASE_MANAGER],
            case=case,
            assessed_on=timezone.localdate(),
            entries={"safety": DomainEntry(score=0)},
        )


def test_the_case_page_shows_the_latest_score_and_the_change_per_domain(client_as, staff, case):
    manager, psychologist = staff[Role.CASE_MANAGER], staff[Role.PSYCHOLOGIST]
    today = timezone.localdate()
    first = {"safety": DomainEntry(1, OBSERVATION), "legal": DomainEntry(3), "family": DomainEntry(2)}
    assessment_record(actor=manager, case=case, assessed_on=today - timedelta(days=30), entries=first)
    # A re-assessment that leaves out the family domain and adds the medical one.
    later = {"safety": DomainEntry(3), "legal": DomainEntry(2), "medical": DomainEntry(4)}
    assessment_record(actor=psychologist, case=case, assessed_on=today, entries=later)
    page = client_as(staff[Role.LAWYER]).get(url("cases:case_detail", case.number)).content.decode()
    assert row_text(page, "assessment-safety").endswith("1 → 3, ↑2")
    assert row_text(page, "assessment-legal").endswith("3 → 2, ↓1")
    family = row_text(page, "assessment-family")  # scored once, a month ago: its latest score stays
    assert family.startswith("Family 2 · serious") and family.endswith("—")
    assert row_text(page, "assessment-medical").endswith("—")
    assert 'data-testid="assessment-psychological"' not in page  # never assessed
    assert OBSERVATION not in page  # observations only on the list page
    assert "All 2 assessments with observations" in page


def test_the_summary_takes_two_queries(staff, case, django_assert_num_queries):
    for days in (20, 10, 0):
        entries = {domain: DomainEntry(2) for domain in ("safety", "legal", "social", "family")}
        assessment_record(
            actor=staff[Role.CASE_MANAGER],
            case=case,
            assessed_on=timezone.localdate() - timedelta(days=days),
            entries=entries,
        )
    with django_assert_num_queries(2):
        rows, count = assessment_summary(case)
    assert count == 3 and [row.times for row in rows] == [3, 3, 3, 3]


def test_the_list_shows_observations_and_records_the_view(client_as, staff, case):
    assessment_record(
        actor=staff[Role.PSYCHOLOGIST],
        case=case,
        assessed_on=timezone.localdate(),
        entries={"psychological": DomainEntry(2, OBSERVATION)},
    )
    lawyer = staff[Role.LAWYER]
    response = client_as(lawyer).get(list_url(case))
    page = response.content.decode()
    assert response.status_code == 200
    assert OBSERVATION in page and "Zarina" in page  # what was observed, and who assessed
    event = AccessEvent.objects.get(actor=lawyer)
    assert (event.kind, event.target_type, event.target_id) == ("view", "cases.case", str(case.pk))
    assert "assessment" in event.detail


def test_another_teams_caseworker_gets_404_and_changes_nothing(client_as, staff, case):
    other = make_staff(Role.LAWYER, "other_lawyer")
    client = client_as(other)
    assert client.get(list_url(case)).status_code == 404
    assert client.get(add_url(case)).status_code == 404
    assert client.post(add_url(case), form(score_safety="2")).status_code == 404
    assert not Assessment.objects.exists()
    assert not AccessEvent.objects.filter(actor=other).exists()


def test_roles_outside_casework_get_404(client_as, staff, case):
    for role in (Role.INTAKE_OPERATOR, Role.ADMINISTRATOR, Role.ME_OFFICER):
        client = client_as(staff[role])
        assert client.get(list_url(case)).status_code == 404
        assert client.post(add_url(case), form(score_safety="2")).status_code == 404
    assert not Assessment.objects.exists()


def test_a_closed_case_refuses_a_new_assessment(client_as, staff, case):
    Case.objects.filter(pk=case.pk).update(status="closed", closed_on=timezone.localdate())
    client = client_as(staff[Role.CASE_MANAGER])
    message = "This case is closed: reopen it before changing its file."
    assert message in client.get(add_url(case)).content.decode()
    response = client.post(add_url(case), form(score_safety="2"))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Assessment.objects.exists()
    detail = client.get(url("cases:case_detail", case.number)).content.decode()
    assert add_url(case) not in detail  # no button to record one on a closed case
