"""AppealFact kept current: every write path leaves the fact equal to one computed afresh from the appeal
(docs/insights.md, "Facts")."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from isenim.appeals.models import Appeal
from isenim.appeals.services import (
    AppealData,
    OutcomeData,
    appeal_assign,
    appeal_case_opened,
    appeal_record_outcome,
    appeal_register,
    appeal_update,
)
from isenim.core.access import Role
from isenim.geo.models import AdminUnit, Country
from isenim.insights import facts
from isenim.insights.models import AppealFact
from isenim.people.services import PersonData, person_create, person_update
from isenim.prevention.services.attribution import set_appeal_source
from isenim.prevention.tests.campaign_helpers import sample_campaign, sample_placement

pytestmark = pytest.mark.django_db


def country(iso2, iso3, name):
    return Country.objects.get_or_create(
        iso2=iso2, defaults={"iso3": iso3, "name_kaa": name, "name_en": name}
    )[0]


def district(code="1735401", name="Nukus district"):
    region, _ = AdminUnit.objects.get_or_create(code="1735", defaults={"level": "region", "name_kaa": "QR"})
    return AdminUnit.objects.get_or_create(
        code=code, defaults={"level": "district", "name_kaa": name, "parent": region}
    )[0]


def person(actor, *, sex="F", birth_year=1990):
    return person_create(
        actor=actor,
        data=PersonData(
            identity={"last_name": "Test", "first_name": "Person"}, sex=sex, birth_year=birth_year
        ),
    )


def register(actor, *, who=None, received_on=date(2026, 5, 10), **fields):
    data = AppealData(
        received_on=received_on,
        channel=fields.pop("channel", "phone"),
        category=fields.pop("category", "other"),
        answers=dict.fromkeys(fields.pop("answers", ()), True),
        **fields,
    )
    return appeal_register(actor=actor, data=data, person=who, anonymous=who is None)


def assert_current(appeal):
    stored = facts.stored_fact(appeal.pk)
    assert stored is not None, "no fact"
    assert stored == facts.fresh_fact(appeal.pk)


def test_a_registered_appeal_has_its_fact_with_everything_resolved(staff):
    operator = staff[Role.INTAKE_OPERATOR]
    ru, home = country("RU", "RUS", "Russia"), district()
    who = person(operator, sex="F", birth_year=2009)
    appeal = register(
        operator,
        who=who,
        destination_id=ru.pk,
        home_district_id=home.pk,
        heard_about="tv",
        answers=("fact_no_legal_knowledge", "ind_not_free_to_leave"),
    )
    fact = AppealFact.objects.get(appeal_id=appeal.pk)
    # Computed here by hand, not by the code under test.
    assert fact.month == 202605 and fact.received_on == date(2026, 5, 10)
    assert fact.sex == "F" and fact.age_band == "0-17"  # 2026 - 2009 = 17
    assert fact.destination_id == ru.pk and fact.destination_region == "Eastern Europe"
    assert fact.home_district_id == home.pk and fact.heard_about == "tv"
    assert fact.cause == "no_legal_knowledge" and fact.presumed_victim is True
    assert fact.registered_by_id == operator.pk and fact.assigned_to_id is None and fact.outcome == ""
    assert_current(appeal)


@pytest.mark.parametrize(
    ("birth_year", "band"),
    [
        (2008, "18-24"),
        (2002, "18-24"),
        (2001, "25-34"),
        (1982, "35-44"),
        (1972, "45-54"),
        (1971, "55+"),
        (1960, "55+"),
        (None, "unknown"),
        (2030, "unknown"),
    ],
)
def test_age_bands_at_the_appeal(staff, birth_year, band):
    operator = staff[Role.INTAKE_OPERATOR]
    appeal = register(operator, who=person(operator, birth_year=birth_year), received_on=date(2026, 1, 5))
    assert AppealFact.objects.get(appeal_id=appeal.pk).age_band == band
    assert_current(appeal)


def test_an_anonymous_appeal_counts_as_sex_not_stated_and_age_unknown(staff):
    appeal = register(staff[Role.INTAKE_OPERATOR])
    fact = AppealFact.objects.get(appeal_id=appeal.pk)
    assert (fact.sex, fact.age_band, fact.destination_region) == ("U", "unknown", "")
    assert_current(appeal)


def test_every_write_path_keeps_the_fact_current(staff):
    operator, manager, officer = (
        staff[Role.INTAKE_OPERATOR],
        staff[Role.CASE_MANAGER],
        staff[Role.PREVENTION_OFFICER],
    )
    kz = country("KZ", "KAZ", "Kazakhstan")
    who = person(operator, sex="M", birth_year=1995)
    appeal = register(operator, who=who, received_on=timezone.localdate() - timedelta(days=3))
    assert_current(appeal)

    # corrected at intake: another destination, another cause
    data = AppealData(
        received_on=appeal.received_on,
        channel="walk_in",
        category="deportee",
        destination_id=kz.pk,
        answers={"fact_debt": True},
    )
    appeal = appeal_update(actor=operator, appeal=appeal, data=data)
    assert AppealFact.objects.get(appeal_id=appeal.pk).destination_region == "Central Asia"
    assert_current(appeal)

    appeal = appeal_assign(actor=manager, appeal=appeal, assignee=manager)
    assert AppealFact.objects.get(appeal_id=appeal.pk).assigned_to_id == manager.pk
    assert_current(appeal)

    appeal = appeal_record_outcome(
        actor=manager, appeal=appeal, data=OutcomeData(outcome="advice_given", advice_kind="memo")
    )
    assert AppealFact.objects.get(appeal_id=appeal.pk).outcome == "advice_given"
    assert_current(appeal)

    # heard of through a placement of a campaign; then the placement moves to another campaign
    first = sample_campaign(staff)
    placement = sample_placement(staff, campaign=first)
    set_appeal_source(actor=officer, appeal=appeal, placement=placement)
    fact = AppealFact.objects.get(appeal_id=appeal.pk)
    assert (fact.campaign_id, fact.placement_id) == (first.pk, placement.pk)
    assert_current(appeal)

    from isenim.prevention.services.placements import PlacementData, placement_save

    second = sample_campaign(staff, name="Second campaign")
    values = {
        name: getattr(placement, name)
        for name in PlacementData.__dataclass_fields__
        if hasattr(placement, name) and name != "campaign"
    }
    placement_save(actor=officer, placement=placement, data=PlacementData(**{**values, "campaign": second}))
    assert AppealFact.objects.get(appeal_id=appeal.pk).campaign_id == second.pk
    assert_current(appeal)

    set_appeal_source(actor=officer, appeal=appeal)  # attribution removed
    assert AppealFact.objects.get(appeal_id=appeal.pk).campaign_id is None
    assert_current(appeal)
    set_appeal_source(actor=officer, appeal=appeal, campaign=first)  # and given again
    assert AppealFact.objects.get(appeal_id=appeal.pk).campaign_id == first.pk

    # the person's sex and year of birth corrected
    identity = who.identity
    person_update(actor=operator, person=who, data=PersonData(identity=identity, sex="F", birth_year=1960))
    fact = AppealFact.objects.get(appeal_id=appeal.pk)
    assert (fact.sex, fact.age_band) == ("F", "55+")
    assert_current(appeal)

    # deleted with its attribution: the fact goes with it (the attribution's deletion does not write it back)
    pk = appeal.pk
    Appeal.objects.filter(pk=pk).delete()
    assert not AppealFact.objects.filter(appeal_id=pk).exists()
    from django.db import connection

    connection.check_constraints()


def days_of(appeal):
    return AppealFact.objects.get(appeal_id=appeal.pk).days_to_first_action


def test_days_to_first_action_on_every_path_that_sets_the_first_action(staff):
    """The first action is set by an assignment, an outcome recorded or a case opened (appeals.services,
    ``_first_action``): each leaves the days of the fact equal to a fresh computation; later actions keep
    them."""
    operator, manager = staff[Role.INTAKE_OPERATOR], staff[Role.CASE_MANAGER]
    received = timezone.localdate() - timedelta(days=3)
    assigned = register(operator, received_on=received)
    assert days_of(assigned) is None
    assert_current(assigned)
    assigned = appeal_assign(actor=manager, appeal=assigned, assignee=manager)
    assert days_of(assigned) == 3
    assert_current(assigned)
    assigned = appeal_record_outcome(
        actor=manager, appeal=assigned, data=OutcomeData(outcome="advice_given", advice_kind="memo")
    )
    assert days_of(assigned) == 3  # the first action stays the assignment
    assert_current(assigned)

    closed = register(operator, received_on=received - timedelta(days=2))
    closed = appeal_record_outcome(
        actor=manager, appeal=closed, data=OutcomeData(outcome="advice_given", advice_kind="memo")
    )
    assert days_of(closed) == 5
    assert_current(closed)

    opened = register(operator, received_on=timezone.localdate())
    opened = appeal_case_opened(actor=manager, appeal=opened, case_number="C-T-1")
    assert days_of(opened) == 0
    assert_current(opened)


def test_days_to_first_action_in_the_centres_calendar(staff):
    """Acted on at 23:30 in Nukus the day it came (18:30 UTC): the same day; at 00:30 the next. The same on
    a refresh and a rebuild, and as the fresh computation says."""
    from datetime import datetime

    appeal = register(staff[Role.INTAKE_OPERATOR], received_on=date(2026, 3, 2))
    zone = timezone.get_current_timezone()
    for hour, minute, days in ((23, 30, 0), (0, 30, 1)):
        day = 2 if hour == 23 else 3
        acted = datetime(2026, 3, day, hour, minute, tzinfo=zone)
        Appeal.objects.filter(pk=appeal.pk).update(first_action_at=acted)  # no signal: refreshed below
        facts.refresh_appeals([appeal.pk])
        assert days_of(appeal) == days
        assert_current(appeal)
        facts.rebuild()
        assert days_of(appeal) == days


def test_rebuild_writes_every_fact_afresh_in_batches(staff):
    operator = staff[Role.INTAKE_OPERATOR]
    ru = country("RU", "RUS", "Russia")
    appeals = [
        register(operator, who=person(operator, birth_year=1980 + i), destination_id=ru.pk if i % 2 else None)
        for i in range(5)
    ]
    appeals.append(register(operator))
    AppealFact.objects.all().delete()
    Appeal.objects.filter(pk=appeals[0].pk).update(category="deportee")  # a write that sent no signal
    seen = []
    assert facts.rebuild(batch=2, progress=lambda done, total: seen.append((done, total))) == 6
    assert seen[-1][0] == seen[-1][1]
    for appeal in appeals:
        assert_current(appeal)
    assert AppealFact.objects.get(appeal_id=appeals[0].pk).category == "deportee"
    # and again: idempotent; with the indexes dropped and built again, the same facts and the same indexes
    from django.db import connection

    indexes = sorted(facts._secondary_indexes(connection))
    assert any(name == "insights_fact_day_cover" for name, _sql in indexes)
    assert facts.rebuild(reindex=True) == 6
    assert sorted(facts._secondary_indexes(connection)) == indexes
    for appeal in appeals:
        assert_current(appeal)
