"""The reintegration measures (core.measures): tool kits handed over and sustainable follow-ups, recomputed
independently (SQL; the composite score from the raw answers: the sum of the nine answers over 36)."""

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from isenim.core.access import Role
from isenim.core.measures import measure_named
from isenim.grants.tests.measure_helpers import assemblies, resident_case, scope_of
from isenim.reintegration.choices import INDICATORS
from isenim.reintegration.models import FollowUp, Handover
from isenim.reintegration.tests.helpers import funding, handed_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def kits(staff):
    tally, moynaq, aral = assemblies()
    year = timezone.localdate().year
    source = funding(staff[Role.DIRECTOR])
    made = []
    for unit, on, score in [
        (tally, date(year, 2, 1), 4),
        (tally, date(year, 3, 1), 1),
        (moynaq, date(year, 4, 1), 3),
        (aral, date(year, 4, 2), 4),  # outside the scope
    ]:
        aid = handed_over(resident_case(staff, unit), staff, source)
        Handover.objects.filter(request=aid).update(handed_over_on=on)  # bought and handed over back then
        FollowUp.objects.create(
            request=aid,
            months=3,
            done_on=on.replace(day=20),
            done_by=staff[Role.CASE_MANAGER],
            trade_worked="yes",
            remigration="none",
            **{item.field: score for item in INDICATORS},
        )
        made.append(aid)
    return tally, moynaq


def _sql(query, params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def test_toolkits_handed_over(kits):
    tally, moynaq = kits
    scope = scope_of(tally, moynaq)
    ((expected,),) = _sql(
        "SELECT COUNT(*) FROM reintegration_handover h "
        "JOIN reintegration_aidrequest r ON r.id = h.request_id "
        "JOIN cases_case k ON k.id = r.case_id JOIN people_person p ON p.id = k.person_id "
        "WHERE p.home_assembly_id IN (%s, %s) AND h.handed_over_on BETWEEN %s AND %s",
        [tally.pk, moynaq.pk, scope.starts_on, scope.ends_on],
    )
    assert expected == 3
    assert measure_named("reintegration.toolkits_handed_over").compute(scope).value == expected


def test_follow_ups_above_the_threshold(kits):
    tally, moynaq = kits
    fields = " + ".join(f"f.{item.field}" for item in INDICATORS)
    scope = scope_of(tally, moynaq, threshold="0.6")
    rows = _sql(
        f"SELECT ({fields}) FROM reintegration_followup f "  # noqa: S608 (field names from the code)
        "JOIN reintegration_aidrequest r ON r.id = f.request_id "
        "JOIN cases_case k ON k.id = r.case_id JOIN people_person p ON p.id = k.person_id "
        "WHERE p.home_assembly_id IN (%s, %s) AND f.done_on BETWEEN %s AND %s",
        [tally.pk, moynaq.pk, scope.starts_on, scope.ends_on],
    )
    expected = sum(1 for (total,) in rows if total / 36 > 0.6)
    assert expected == 2  # all fours and all threes; not all ones
    measure = measure_named("reintegration.sustainable_follow_ups")
    assert measure.compute(scope).value == expected
    assert measure.compute(scope_of(tally, moynaq, threshold="0.8")).value == 1
