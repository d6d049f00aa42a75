"""The coded result of a service delivered (issue 14, item 8): which results a service type offers, the
refusals, recording it later, its audit, and the measures that count results reached (recomputed with SQL
of their own)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from isenim.cases.choices import results_offered
from isenim.cases.models import ServiceDelivery, ServiceType
from isenim.cases.services import CaseRuleError
from isenim.cases.services.catalogue import load_catalogue
from isenim.cases.services.services_delivered import ServiceData, service_record, service_result_set
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.measures import measure_named
from isenim.core.models import AuditEvent
from isenim.grants.tests.measure_helpers import assemblies, resident_case, scope_of

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def case(staff):
    load_catalogue()
    return sample_case(staff)


def _form(staff, code="job-placement", **extra):
    return {
        "service_type": ServiceType.objects.get(code=code).pk,
        "delivered_on": (timezone.localdate() - timedelta(days=20)).isoformat(),
        "provider_user": staff[Role.CASE_MANAGER].pk,
        "outcome": "Sent to the district employment centre with Жумабаева.",
        **extra,
    }


def test_the_catalogue_ships_the_services_that_offer_results():
    load_catalogue()
    kinds = dict(ServiceType.objects.exclude(result_kind="").values_list("code", "result_kind"))
    assert kinds == {
        "job-placement": "employment",
        "business-start": "business",
        "state-benefit": "benefit",
        "migrant-family-help": "family_help",
    }
    assert results_offered("employment") == ("job_found", "not_yet", "not_achieved")
    assert results_offered("family_help") == ("help_given", "not_yet", "not_achieved")
    assert results_offered("") == ()
    load_catalogue()  # again: nothing added, nothing changed
    assert ServiceType.objects.exclude(result_kind="").count() == 4


def test_a_result_recorded_with_the_service_is_saved_audited_and_shown(client_as, staff, case):
    client = client_as(staff[Role.CASE_MANAGER])
    response = client.post(url("cases:service_add", number=case.number), _form(staff, result="job_found"))
    assert response.status_code == 302
    service = ServiceDelivery.objects.get()
    # A result reached with no day given is dated on the service's day.
    assert service.result == "job_found" and service.result_on == service.delivered_on
    event = AuditEvent.objects.get(action="service.record")
    assert (
        event.after["result"] == "job_found" and event.after["result_on"] == service.delivered_on.isoformat()
    )
    page = client.get(url("cases:case_detail", number=case.number)).content.decode()
    assert "Job found under the Labour Code" in page
    assert url("cases:service_result", number=case.number, pk=service.pk) in page


@pytest.mark.parametrize(
    ("code", "extra", "message"),
    [
        # A job is not a result of the family help, nor of any service that offers none.
        ("migrant-family-help", {"result": "job_found"}, "is not a result of the service"),
        ("accompaniment", {"result": "not_yet"}, "records no coded result"),
        ("job-placement", {"result": "job_found", "result_on": "2000-01-01"}, "before the service was given"),
        ("job-placement", {"result_on": "2000-01-01"}, "Choose the result reached on that day"),
    ],
)
def test_a_result_the_service_does_not_offer_is_refused_and_the_form_kept(
    client_as, staff, case, code, extra, message
):
    response = client_as(staff[Role.CASE_MANAGER]).post(
        url("cases:service_add", number=case.number), _form(staff, code=code, **extra)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Sent to the district employment centre" in page  # what was typed is kept
    assert (
        not ServiceDelivery.objects.exists()
        and not AuditEvent.objects.filter(action="service.record").exists()
    )


def test_the_offered_results_are_named_in_the_refusal(staff, case):
    family = ServiceType.objects.get(code="migrant-family-help")
    manager = staff[Role.CASE_MANAGER]
    with translation.override("en"), pytest.raises(CaseRuleError) as refused:
        service_record(
            actor=manager,
            case=case,
            data=ServiceData(
                service_type=family,
                delivered_on=timezone.localdate(),
                provider_user=manager,
                result="benefit_obtained",
            ),
        )
    assert "“State benefit obtained” is not a result of the service" in str(refused.value)
    assert "“The help defined was given”, “Not yet”, “Not achieved”" in str(refused.value)


def test_a_result_recorded_later_on_its_page_is_audited_before_and_after(client_as, staff, case):
    manager = staff[Role.CASE_MANAGER]
    delivered_on = timezone.localdate() - timedelta(days=40)
    service = service_record(
        actor=manager,
        case=case,
        data=ServiceData(
            service_type=ServiceType.objects.get(code="business-start"),
            delivered_on=delivered_on,
            provider_user=manager,
            result="not_yet",
        ),
    )
    assert service.result_on is None  # "not yet" has no day unless given
    client = client_as(manager)
    page_url = url("cases:service_result", number=case.number, pk=service.pk)
    form = client.get(page_url).content.decode()
    # The list offers the type's own results only.
    assert "Business registered" in form and "Job found under the Labour Code" not in form
    refused = client.post(page_url, {"result": "job_found", "result_on": ""})
    assert refused.status_code == 200 and "is not a result of the service" in refused.content.decode()
    future = client.post(page_url, {"result": "business_registered", "result_on": "2099-01-01"})
    assert future.status_code == 200
    service.refresh_from_db()
    assert service.result == "not_yet"
    day = timezone.localdate() - timedelta(days=3)
    response = client.post(page_url, {"result": "business_registered", "result_on": day.isoformat()})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.result == "business_registered" and service.result_on == day
    event = AuditEvent.objects.get(action="service.result")
    assert event.actor == manager
    assert event.before == {"case": case.number, "result": "not_yet", "result_on": None}
    assert event.after == {"case": case.number, "result": "business_registered", "result_on": day.isoformat()}
    # The same again changes nothing and records nothing.
    service_result_set(actor=manager, delivery=service, result="business_registered", result_on=day)
    assert AuditEvent.objects.filter(action="service.result").count() == 1


def test_the_result_page_is_only_for_the_team_and_for_services_that_offer_results(client_as, staff, case):
    manager = staff[Role.CASE_MANAGER]
    delivered = {"delivered_on": timezone.localdate(), "provider_user": manager}
    plain = service_record(
        actor=manager,
        case=case,
        data=ServiceData(service_type=ServiceType.objects.get(code="accompaniment"), **delivered),
    )
    assert (
        client_as(manager).get(url("cases:service_result", number=case.number, pk=plain.pk)).status_code
        == 404
    )
    job = service_record(
        actor=manager,
        case=case,
        data=ServiceData(service_type=ServiceType.objects.get(code="job-placement"), **delivered),
    )
    page_url = url("cases:service_result", number=case.number, pk=job.pk)
    assert client_as(staff[Role.ADMINISTRATOR]).get(page_url).status_code == 404
    assert client_as(staff[Role.ME_OFFICER]).get(page_url).status_code == 404
    assert client_as(manager).get(page_url).status_code == 200


def test_the_catalogue_form_sets_the_results_a_type_offers(client_as, staff):
    load_catalogue()
    tools = ServiceType.objects.get(code="trade-tools")
    director = staff[Role.DIRECTOR]
    client = client_as(director)
    form = client.get(url("cases:service_type_edit", pk=tools.pk)).content.decode()
    assert 'name="result_kind"' in form
    response = client.post(
        url("cases:service_type_edit", pk=tools.pk),
        {
            "code": "trade-tools",
            "group": "economic",
            "result_kind": "business",
            "name_kaa": tools.name_kaa,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tools.refresh_from_db()
    assert tools.result_kind == "business"
    event = AuditEvent.objects.get(action="service_type.update")
    assert event.after["result_kind"] == "business"


# --- Measures ------------------------------------------------------------------------------------------


RESULT_MEASURES = {
    "cases.jobs_found": "job_found",
    "cases.businesses_registered": "business_registered",
    "cases.benefits_obtained": "benefit_obtained",
    "cases.family_help_given": "help_given",
}


def test_results_reached_are_counted_by_their_day_in_the_assemblies_and_by_sex(staff):
    load_catalogue()
    tally, moynaq, aral = assemblies()
    year = timezone.localdate().year
    manager = staff[Role.CASE_MANAGER]
    types = {code: ServiceType.objects.get(code=code) for code in ("job-placement", "business-start")}
    types |= {code: ServiceType.objects.get(code=code) for code in ("state-benefit", "migrant-family-help")}
    rows = [
        # (assembly, sex, service type, delivered on, result, result on)
        (tally, "F", "job-placement", date(year, 1, 5), "job_found", date(year, 2, 1)),
        (tally, "M", "job-placement", date(year, 1, 6), "job_found", date(year, 2, 3)),
        (moynaq, "F", "job-placement", date(year, 1, 7), "job_found", None),  # dated on the service
        (moynaq, "M", "job-placement", date(year, 1, 8), "not_yet", None),  # not reached
        (moynaq, "F", "job-placement", date(year - 1, 11, 8), "job_found", date(year - 1, 12, 1)),  # before
        (aral, "F", "job-placement", date(year, 1, 9), "job_found", date(year, 2, 1)),  # outside the scope
        (tally, "F", "business-start", date(year, 1, 9), "business_registered", date(year, 3, 1)),
        (tally, "M", "state-benefit", date(year, 1, 9), "benefit_obtained", date(year, 3, 2)),
        (moynaq, "F", "migrant-family-help", date(year, 1, 9), "help_given", date(year, 1, 20)),
        (moynaq, "F", "migrant-family-help", date(year, 1, 9), "not_achieved", date(year, 1, 25)),
    ]
    for assembly, sex, code, delivered_on, result, result_on in rows:
        service_record(
            actor=manager,
            case=resident_case(staff, assembly, sex=sex),
            data=ServiceData(
                service_type=types[code],
                delivered_on=delivered_on,
                provider_user=manager,
                result=result,
                result_on=result_on,
            ),
        )
    scope = scope_of(tally, moynaq)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.result, p.sex, COUNT(*) FROM cases_servicedelivery s "
            "JOIN cases_case k ON k.id = s.case_id JOIN people_person p ON p.id = k.person_id "
            "WHERE p.home_assembly_id IN (%s, %s) "
            "AND COALESCE(s.result_on, s.delivered_on) BETWEEN %s AND %s "
            "AND s.result IN ('job_found', 'business_registered', 'benefit_obtained', 'help_given') "
            "GROUP BY s.result, p.sex",
            [tally.pk, moynaq.pk, scope.starts_on, scope.ends_on],
        )
        recount: dict[str, dict[str, int]] = {}
        for result, sex, n in cursor.fetchall():
            recount.setdefault(result, {})[sex.lower()] = n
    assert recount == {
        "job_found": {"f": 2, "m": 1},
        "business_registered": {"f": 1},
        "benefit_obtained": {"m": 1},
        "help_given": {"f": 1},
    }
    for code, result in RESULT_MEASURES.items():
        measure = measure_named(code)
        assert measure.counts_case_data and set(measure.disaggregations) == {"sex", "assembly"}
        computed = measure.compute(scope)
        assert computed.value == sum(recount[result].values()), code
        assert computed.breakdown["sex"] == recount[result], code
    jobs = measure_named("cases.jobs_found").compute(scope)
    assert jobs.breakdown["assembly"] == {str(tally.pk): 2, str(moynaq.pk): 1}
    # January: only the job dated on its service's day (7 January); the others were found in February.
    january = scope_of(tally, moynaq, ends_on=date(year, 1, 31))
    assert measure_named("cases.jobs_found").compute(january).value == 1
    assert measure_named("cases.family_help_given").compute(january).value == 1
