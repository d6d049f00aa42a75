"""The appeals measure (core.measures), recomputed independently with SQL of its own."""

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from isenim.core.access import Role
from isenim.core.measures import measure_named
from isenim.grants.tests.measure_helpers import assemblies, scope_of

pytestmark = pytest.mark.django_db


def test_appeals_from_the_assemblies_by_category(staff, make_appeal):
    tally, moynaq, aral = assemblies()
    officer = staff[Role.INTAKE_OPERATOR]
    year = timezone.localdate().year
    rows = [
        (tally, "migrant_family", date(year, 2, 1)),
        (tally, "migrant_family", date(year, 3, 1)),
        (moynaq, "young_graduate", date(year, 4, 1)),
        (moynaq, "migrant_family", date(year, 4, 2)),
        (aral, "migrant_family", date(year, 4, 3)),  # outside the scope
        (tally, "migrant_family", date(year - 1, 4, 3)),  # before the period
    ]
    for unit, category, on in rows:
        make_appeal(
            officer,
            received_on=on,
            category=category,
            home_district_id=unit.parent_id,
            home_assembly_id=unit.pk,
        )
    measure = measure_named("appeals.received")
    scope = scope_of(tally, moynaq)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT category, COUNT(*) FROM appeals_appeal WHERE home_assembly_id IN (%s, %s) "
            "AND received_on BETWEEN %s AND %s AND duplicate_of_id IS NULL GROUP BY category",
            [tally.pk, moynaq.pk, scope.starts_on, scope.ends_on],
        )
        by_category = dict(cursor.fetchall())
    assert by_category == {"migrant_family": 3, "young_graduate": 1}
    assert measure.compute(scope).value == 4
    assert measure.compute(scope_of(tally, moynaq, category="migrant_family")).value == 3
    assert measure.compute(scope_of(tally, moynaq, category="young_graduate")).value == 1
    assert measure_named("appeals.received").counts_case_data
