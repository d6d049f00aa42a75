"""Services delivered on a case: recording one (with its follow-up task), the rules, who sees what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_staff
from isenim.cases.models import Partner, ServiceDelivery, ServiceType, Task
from isenim.cases.services import CaseRuleError
from isenim.cases.services.catalogue import load_catalogue
from isenim.cases.services.services_delivered import ServiceData, service_record
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AuditEvent


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def case(staff):
    load_catalogue()
    return sample_case(staff)


def _form(staff, **extra):
    return {
        "service_type": ServiceType.objects.get(code="accompaniment").pk,
        "delivered_on": timezone.localdate().isoformat(),
        "provider_user": staff[Role.CASE_MANAGER].pk,
        "duration_minutes": "90",
        "cost_uzs": "35000",
        "outcome": "Accompanied Жумабаева to the district passport office.",
        **extra,
    }


def test_it_records_a_service_and_shows_it_with_totals(client_as, staff, case):
    manager = staff[Role.CASE_MANAGER]
    client = client_as(manager)
    response = client.post(url("cases:service_add", number=case.number), _form(staff))
    assert response.status_code == 302 and response["Location"].endswith("#services")
    service = ServiceDelivery.objects.get()
    assert service.case == case and service.provider_user == manager and service.recorded_by == manager
    assert service.cost_uzs == 35000 and service.duration_minutes == 90
    assert service.outcome.startswith("Accompanied Жумабаева")
    assert "Жумабаева" not in service.sealed_outcome  # sealed in the database
    event = AuditEvent.objects.get(action="service.record")
    assert event.actor == manager and event.after["service_type"] == "accompaniment"
    assert event.after["outcome"] == "sealed" and "Жумабаева" not in str(event.after)
    client.post(url("cases:service_add", number=case.number), _form(staff, cost_uzs="15000.50"))
    page = client.get(url("cases:case_detail", number=case.number)).content.decode()
    assert 'data-testid="services"' in page
    assert "2 services delivered" in page and "50,000.50" in page
    assert not Task.objects.exists()  # no follow-up asked for


@pytest.mark.parametrize(
    "extra",
    [
        {"provider_user": ""},  # nobody
        {"provider_partner": "BOTH"},  # both a staff member and a partner
    ],
)
def test_it_needs_exactly_one_provider(client_as, staff, case, extra):
    if extra.get("provider_partner") == "BOTH":
        extra = {"provider_partner": Partner.objects.first().pk}
    response = client_as(staff[Role.CASE_MANAGER]).post(
        url("cases:service_add", number=case.number), _form(staff, **extra)
    )
    assert response.status_code == 200
    assert "either a staff member or a partner organisation, not both" in response.content.decode()
    assert "Accompanied Жумабаева" in response.content.decode()  # what was typed is kept
    assert not ServiceDelivery.objects.exists()


def test_a_partner_can_be_the_provider(client_as, staff, case):
    partner = Partner.objects.get(name_en="International Organization for Migration (IOM), Uzbekistan")
    form = _form(staff, provider_user="", provider_partner=partner.pk, cost_uzs="")
    assert (
        client_as(staff[Role.CASE_MANAGER])
        .post(url("cases:service_add", number=case.number), form)
        .status_code
        == 302
    )
    service = ServiceDelivery.objects.get()
    assert service.provider_partner == partner and service.provider_user is None and service.cost_uzs is None


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"delivered_on": "FUTURE"}, "The date cannot be in the future."),
        ({"cost_uzs": "-1"}, "greater than or equal to 0"),
        ({"duration_minutes": "0"}, "greater than or equal to 1"),
    ],
)
def test_it_refuses_bad_values(client_as, staff, case, extra, message):
    if extra.get("delivered_on") == "FUTURE":
        extra = {"delivered_on": (timezone.localdate() + timedelta(days=1)).isoformat()}
    response = client_as(staff[Role.CASE_MANAGER]).post(
        url("cases:service_add", number=case.number), _form(staff, **extra)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not ServiceDelivery.objects.exists()


def test_it_offers_only_service_types_in_use(client_as, staff, case):
    shelter = ServiceType.objects.get(code="temporary-shelter")
    shelter.active = False
    shelter.save()
    client = client_as(staff[Role.CASE_MANAGER])
    page = client.get(url("cases:service_add", number=case.number)).content.decode()
    assert "Temporary shelter" not in page and "Accompaniment" in page
    response = client.post(
        url("cases:service_add", number=case.number), _form(staff, service_type=shelter.pk)
    )
    assert response.status_code == 200 and not ServiceDelivery.objects.exists()


def test_a_follow_up_date_adds_a_task_for_the_chosen_member(client_as, staff, case):
    manager, psychologist = staff[Role.CASE_MANAGER], staff[Role.PSYCHOLOGIST]
    due = timezone.localdate() + timedelta(days=7)
    form = _form(staff, follow_up_on=due.isoformat(), follow_up_assignee=psychologist.pk)
    assert client_as(manager).post(url("cases:service_add", number=case.number), form).status_code == 302
    task = Task.objects.get()
    assert task.kind == "follow_up" and task.assignee == psychologist and task.due_on == due
    assert task.case == case and task.created_by == manager and "Accompaniment" in task.text
    event = AuditEvent.objects.get(action="task.add")
    assert event.after["assignee"] == "zarina" and event.after["text"] == "sealed"


def test_the_follow_up_goes_to_the_recording_user_by_default(client_as, staff, case):
    due = timezone.localdate() + timedelta(days=3)
    client_as(staff[Role.LAWYER]).post(
        url("cases:service_add", number=case.number), _form(staff, follow_up_on=due.isoformat())
    )
    assert Task.objects.get().assignee == staff[Role.LAWYER]


def test_a_follow_up_before_the_service_is_refused(client_as, staff, case):
    before = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_as(staff[Role.CASE_MANAGER]).post(
        url("cases:service_add", number=case.number), _form(staff, follow_up_on=before)
    )
    assert "The follow-up cannot be before the service." in response.content.decode()
    assert not ServiceDelivery.objects.exists() and not Task.objects.exists()


def test_the_service_and_its_task_are_saved_together_or_not_at_all(staff, case):
    outsider = make_staff(Role.CASE_MANAGER, "other_manager")
    data = ServiceData(
        service_type=ServiceType.objects.get(code="accompaniment"),
        delivered_on=timezone.localdate(),
        provider_user=staff[Role.CASE_MANAGER],
    )
    with translation.override("en"), pytest.raises(CaseRuleError, match="not on the case's team"):
        service_record(
            actor=staff[Role.CASE_MANAGER],
            case=case,
            data=data,
            follow_up_on=timezone.localdate(),
            follow_up_assignee=outsider,
        )
    assert not ServiceDelivery.objects.exists() and not Task.objects.exists()
    assert not AuditEvent.objects.filter(action="service.record").exists()


def test_a_psychological_outcome_is_read_only_by_the_cases_psychologists(client_as, staff, case):
    form = _form(
        staff,
        service_type=ServiceType.objects.get(code="individual-counselling").pk,
        provider_user=staff[Role.PSYCHOLOGIST].pk,
        outcome="Nightmares less frequent.",
    )
    client_as(staff[Role.PSYCHOLOGIST]).post(url("cases:service_add", number=case.number), form)
    case_url = url("cases:case_detail", number=case.number)
    assert "Nightmares less frequent." in client_as(staff[Role.PSYCHOLOGIST]).get(case_url).content.decode()
    for role in (Role.LAWYER, Role.CASE_MANAGER, Role.DIRECTOR):
        page = client_as(staff[role]).get(case_url).content.decode()
        assert "Individual counselling session" in page  # that it was given is known to the team
        assert "Nightmares" not in page, role


def test_another_teams_caseworker_gets_404(client_as, staff, case):
    client_as(staff[Role.CASE_MANAGER]).post(url("cases:service_add", number=case.number), _form(staff))
    outsider = make_staff(Role.LAWYER, "other_lawyer")
    client = client_as(outsider)
    assert client.get(url("cases:service_add", number=case.number)).status_code == 404
    assert client.post(url("cases:service_add", number=case.number), _form(staff)).status_code == 404
    assert ServiceDelivery.objects.count() == 1


def test_a_closed_case_takes_no_new_service(client_as, staff, case):
    case.status, case.closed_on = "closed", timezone.localdate()
    case.save()
    response = client_as(staff[Role.CASE_MANAGER]).post(
        url("cases:service_add", number=case.number), _form(staff)
    )
    assert "The case is closed" in response.content.decode()
    assert not ServiceDelivery.objects.exists()
