"""The cases measure (core.measures): services of a type delivered, recomputed independently with SQL."""

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from isenim.cases.models import ServiceType
from isenim.cases.services.catalogue import load_catalogue
from isenim.cases.services.services_delivered import ServiceData, service_record
from isenim.core.access import Role
from isenim.core.measures import measure_named
from isenim.grants.tests.measure_helpers import assemblies, resident_case, scope_of

pytestmark = pytest.mark.django_db


def test_services_of_a_type_delivered_in_the_assemblies(staff):
    load_catalogue(actor=None)
    tally, moynaq, aral = assemblies()
    year = timezone.localdate().year
    manager = staff[Role.CASE_MANAGER]
    job = ServiceType.objects.get(code="job-placement")
    counselling = ServiceType.objects.get(code="individual-counselling")
    for unit, kind, on in [
        (tally, job, date(year, 2, 1)),
        (tally, job, date(year, 2, 2)),
        (moynaq, counselling, date(year, 3, 1)),
        (moynaq, job, date(year - 1, 3, 1)),  # before the period
        (aral, job, date(year, 3, 1)),  # outside the scope
    ]:
        case = resident_case(staff, unit)
        service_record(
            actor=manager,
            case=case,
            data=ServiceData(service_type=kind, delivered_on=on, provider_user=manager),
        )
    scope = scope_of(tally, moynaq, service_type="job-placement")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.code, COUNT(*) FROM cases_servicedelivery s "
            "JOIN cases_servicetype t ON t.id = s.service_type_id "
            "JOIN cases_case k ON k.id = s.case_id JOIN people_person p ON p.id = k.person_id "
            "WHERE p.home_assembly_id IN (%s, %s) AND s.delivered_on BETWEEN %s AND %s GROUP BY t.code",
            [tally.pk, moynaq.pk, scope.starts_on, scope.ends_on],
        )
        by_type = dict(cursor.fetchall())
    measure = measure_named("cases.services_delivered")
    assert by_type == {"job-placement": 2, "individual-counselling": 1}
    assert measure.compute(scope).value == by_type["job-placement"]
    assert measure.compute(scope_of(tally, moynaq)).value == sum(by_type.values())
