"""The guide's measure (core.measures): pre-departure consultations, recomputed independently with SQL."""

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from isenim.core.access import Role
from isenim.core.measures import measure_named
from isenim.grants.tests.measure_helpers import assemblies, resident_case, scope_of
from isenim.guide.services.consultations import ConsultationData, consultation_record
from isenim.guide.tests.helpers import kazakhstan

pytestmark = pytest.mark.django_db


def test_pre_departure_consultations_in_the_assemblies(staff):
    tally, moynaq, aral = assemblies()
    country = kazakhstan().country
    year = timezone.localdate().year
    manager = staff[Role.CASE_MANAGER]
    for unit, sex, on in [
        (tally, "F", date(year, 2, 1)),
        (tally, "M", date(year, 3, 1)),
        (moynaq, "F", date(year, 4, 1)),
        (aral, "F", date(year, 4, 2)),  # outside the scope
    ]:
        case = resident_case(staff, unit, sex=sex)
        consultation_record(
            actor=manager,
            case=case,
            data=ConsultationData(destination=country, consulted_on=on, consulted_by=manager),
        )
    scope = scope_of(tally, moynaq)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM support_consultation c JOIN cases_case k ON k.id = c.case_id "
            "JOIN people_person p ON p.id = k.person_id WHERE p.home_assembly_id IN (%s, %s) "
            "AND c.consulted_on BETWEEN %s AND %s",
            [tally.pk, moynaq.pk, scope.starts_on, scope.ends_on],
        )
        (expected,) = cursor.fetchone()
    result = measure_named("guide.pre_departure_consultations").compute(scope)
    assert expected == 3
    assert result.value == expected
    assert result.breakdown["sex"] == {"f": 2, "m": 1}
