"""The prevention measures (core.measures), each recomputed independently from the rows themselves."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from isenim.core.measures import measure_named
from isenim.grants.tests.measure_helpers import assemblies, scope_of
from isenim.prevention.choices import MovementKind
from isenim.prevention.models import OutreachAction, StockMovement
from isenim.prevention.services.stock import move_stock
from isenim.prevention.tests.campaign_helpers import action, flyer, hand_out

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(staff):
    tally, moynaq, aral = assemblies()
    year = timezone.localdate().year
    made = [
        action(staff, None, on=date(year, 3, 4), reach=12, unit=tally.parent),
        action(staff, None, on=date(year, 5, 6), reach=7, unit=moynaq.parent),
        action(staff, None, on=date(year, 5, 7), reach=30, unit=aral.parent),  # outside the scope
        action(staff, None, on=date(year - 1, 12, 30), reach=50, unit=tally.parent),  # before the period
        action(staff, None, on=date(year, 6, 1), reach=0, counted=False, unit=tally.parent),  # planned
    ]
    for made_action, unit in zip(made, [tally, moynaq, aral, tally, tally], strict=True):
        OutreachAction.objects.filter(pk=made_action.pk).update(assembly=unit, m_30_49=3, reach_total=0)
        made_action.refresh_from_db()
    OutreachAction.objects.filter(pk=made[4].pk).update(m_30_49=0)
    edition = flyer(staff, copies=1000)
    hand_out(staff, edition, made[0], 40, made[0].starts_at.date())
    hand_out(staff, edition, made[1], 25, made[1].starts_at.date())
    hand_out(staff, edition, made[2], 99, made[2].starts_at.date())
    move_stock(
        actor=made[0].created_by,
        edition=edition,
        kind=MovementKind.RETURNED,
        quantity=5,
        moved_on=made[0].starts_at.date() + timedelta(days=1),
        action=made[0],
    )
    return tally, moynaq


def _in_scope(tally, moynaq):
    year = timezone.localdate().year
    return [
        a
        for a in OutreachAction.objects.all()
        if a.tally_entered_at is not None
        and a.assembly_id in {tally.pk, moynaq.pk}
        and date(year, 1, 1) <= timezone.localtime(a.starts_at).date() <= timezone.localdate()
    ]


def test_people_reached_is_the_sum_of_the_tallies_in_scope(actions):
    tally, moynaq = actions
    result = measure_named("prevention.people_reached").compute(scope_of(tally, moynaq))
    expected = sum(sum(a.tally().values()) for a in _in_scope(tally, moynaq))
    assert expected == 12 + 3 + 7 + 3
    assert result.value == expected
    assert result.breakdown["sex"] == {"f": 19, "m": 6}


def test_actions_held_counts_only_counted_actions_in_scope(actions):
    tally, moynaq = actions
    result = measure_named("prevention.actions_held").compute(scope_of(tally, moynaq))
    assert result.value == len(_in_scope(tally, moynaq)) == 2
    assert result.breakdown["assembly"] == {str(tally.pk): 1, str(moynaq.pk): 1}


def test_materials_handed_out_are_taken_less_returned(actions):
    tally, moynaq = actions
    result = measure_named("prevention.materials_handed_out").compute(scope_of(tally, moynaq))
    ids = {a.pk for a in _in_scope(tally, moynaq)}
    expected = -sum(
        m.quantity
        for m in StockMovement.objects.all()
        if m.action_id in ids and m.kind in {MovementKind.TO_ACTION, MovementKind.RETURNED}
    )
    assert expected == 40 + 25 - 5
    assert result.value == expected
