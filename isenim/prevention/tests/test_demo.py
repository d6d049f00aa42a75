"""The demo year of prevention work of ``isenim seed-demo``: a new user finds a working module."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from isenim.accounts.demo import ensure_demo_staff
from isenim.appeals.choices import Channel
from isenim.appeals.demo import ensure_demo_appeals, ensure_demo_triage
from isenim.core.models import AuditEvent
from isenim.prevention.choices import TALLY_FIELDS, MaterialKind, MovementKind, PlacementKind, PlaceType
from isenim.prevention.demo import ensure_demo_prevention
from isenim.prevention.models import (
    AppealSource,
    Campaign,
    Edition,
    Material,
    OutreachAction,
    Placement,
    PrintRun,
    StockMovement,
)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the demo credentials file
    call_command("load-reference")
    ensure_demo_staff()
    ensure_demo_appeals()
    ensure_demo_triage()
    return {user.username: user for user in get_user_model().objects.all()}


def _counts():
    models = (Campaign, Material, Edition, PrintRun, StockMovement, OutreachAction, AppealSource)
    return [model.objects.count() for model in models]


def test_it_seeds_a_year_of_prevention_work_once_through_the_services(demo):
    made = ensure_demo_prevention()
    assert made == OutreachAction.objects.count()
    assert 55 <= made <= 65
    before = _counts()
    assert ensure_demo_prevention() == 0 and _counts() == before

    assert Campaign.objects.count() == 3
    assert {c.kind for c in Campaign.objects.all()} == {"awareness", "pre_departure", "grant_activity"}
    assert Campaign.objects.filter(parent__isnull=False).count() == 1
    grant = Campaign.objects.get(kind="grant_activity")
    assert grant.funding_source and grant.target_assemblies.exists()
    assert all(c.target_districts.exists() and c.target_people for c in Campaign.objects.all())

    # Every kind of material, in several languages, drafted by the officer and approved by another.
    assert {m.kind for m in Material.objects.all()} == set(MaterialKind.values)
    assert set(Edition.objects.values_list("language", flat=True)) >= {"kaa", "kaa_latn", "uz", "ru"}
    assert Edition.objects.filter(state="superseded").count() == 1
    assert Edition.objects.filter(state="draft", approved_by=None).count() == 1
    for edition in Edition.objects.filter(state__in=["approved", "superseded"]):
        assert edition.drafted_by == demo["prevention"]
        assert edition.approved_by in (demo["director"], demo["lawyer"])
    assert not PrintRun.objects.filter(edition__material__kind=MaterialKind.VIDEO_SPOT).exists()
    assert PrintRun.objects.count() >= 15
    assert all(run.printer and run.unit_cost_uzs > 0 for run in PrintRun.objects.all())

    _the_ledger_adds_up_and_never_goes_below_zero()
    _the_actions_places_tallies_and_what_is_coming()
    _the_placements_and_the_appeals_they_brought()


def _the_ledger_adds_up_and_never_goes_below_zero():
    for edition in Edition.objects.all():
        ledger = edition.movements.aggregate(total=Sum("quantity"))["total"] or 0
        assert edition.on_hand == ledger >= 0, edition
    # Day by day, in the order of dates (a day's receipts first), no edition's stock goes below zero.
    by_day = defaultdict(int)
    for movement in StockMovement.objects.order_by("moved_on", "-quantity", "pk"):
        by_day[movement.edition_id] += movement.quantity
        assert by_day[movement.edition_id] >= 0, movement
    kinds = set(StockMovement.objects.values_list("kind", flat=True))
    assert kinds == set(MovementKind.values) - {MovementKind.TO_MEETING}
    assert (
        StockMovement.objects.filter(kind=MovementKind.TO_POINT).exclude(distribution_point="").count() >= 3
    )
    # Moved through the ledger service: one audit event a movement.
    assert AuditEvent.objects.filter(action="stock.move").count() == StockMovement.objects.count()
    low = [edition for edition in Edition.objects.all() if edition.low_on_stock]
    assert len(low) >= 1
    assert any(e.language == "ru" and e.material.kind == MaterialKind.FLYER for e in low)


def _the_actions_places_tallies_and_what_is_coming():
    today = timezone.localdate()
    actions = OutreachAction.objects.all()
    place_types = set(actions.values_list("place_type", flat=True))
    assert {
        PlaceType.BAZAAR,
        PlaceType.RAILWAY_STATION,
        PlaceType.BUS_STATION,
        PlaceType.AIRPORT,
    } <= place_types
    assert PlaceType.HOSPITAL in place_types
    assert actions.values("district").distinct().count() >= 6
    assert actions.filter(campaign__isnull=True).count() == 0
    first = min(a.starts_at for a in actions).date()
    assert today - timedelta(days=370) <= first <= today - timedelta(days=300)
    upcoming = actions.filter(starts_at__date__gte=today)
    assert 3 <= upcoming.count() <= 6
    assert all(a.starts_at.date() <= today + timedelta(days=14) for a in upcoming)
    assert not upcoming.filter(tally_entered_at__isnull=False).exists()
    assert not StockMovement.objects.filter(action__in=upcoming).exists()
    counted = actions.filter(tally_entered_at__isnull=False)
    assert counted.count() >= 50
    waiting = actions.filter(tally_entered_at__isnull=True, starts_at__date__lt=today)
    assert waiting.count() == 2  # the sheets of the latest two are not entered yet
    for action in counted:
        assert action.reach_total == sum(action.tally().values()) > 0
        assert action.staff.exists() and action.consultations > 0
    assert StockMovement.objects.filter(kind=MovementKind.TO_ACTION, action__in=counted).count() >= 100
    assert sum(counted.aggregate(**{f: Sum(f) for f in TALLY_FIELDS}).values()) > 5000


def _the_placements_and_the_appeals_they_brought():
    kinds = set(Placement.objects.values_list("kind", flat=True))
    assert {PlacementKind.TV_SPOT, PlacementKind.TRANSPORT_POSTER} <= kinds
    assert Placement.objects.filter(stated_reach__gt=0).count() >= 5
    sources = AppealSource.objects.select_related("appeal")
    assert sources.count() > 5
    assert all(source.received_on == source.appeal.received_on for source in sources)
    assert sources.filter(action__isnull=False).exists() and sources.filter(placement__isnull=False).exists()
    assert sources.filter(campaign__isnull=False).count() >= sources.count() - 2
    # Registered at an action by the prevention officer (channel "outreach action", linked to it).
    at_actions = sources.filter(
        appeal__channel=Channel.OUTREACH, appeal__registered_by__username="prevention", action__isnull=False
    )
    assert at_actions.count() >= 5
    assert at_actions.filter(appeal__outcome="").exists()  # some still wait for triage
    for source in at_actions:
        assert source.appeal.received_on == timezone.localtime(source.action.starts_at).date()
        assert source.campaign == source.action.campaign


def test_seed_demo_seeds_the_prevention_demo_once_and_the_officer_sees_it(db, settings, tmp_path, client):
    settings.VAR_DIR = tmp_path
    call_command("seed-demo", "--force", "--quiet")
    assert Campaign.objects.count() == 3 and AppealSource.objects.exists()
    actions = OutreachAction.objects.count()
    call_command("seed-demo", "--force", "--quiet")
    assert Campaign.objects.count() == 3 and OutreachAction.objects.count() == actions
    client.force_login(get_user_model().objects.get(username="prevention"))
    dashboard = client.get(reverse("prevention:dashboard"))
    assert dashboard.status_code == 200
    season = Campaign.objects.get(kind="pre_departure")
    assert season.parent.name in dashboard.content.decode()  # running this month
    page = client.get(reverse("prevention:campaign_detail", args=[season.parent.pk]))
    assert page.status_code == 200 and season.name in page.content.decode()
