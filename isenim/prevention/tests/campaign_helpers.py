"""Sample campaigns, placements and the prevention work they count, for the tests of campaigns, placements
and the dashboard (and the URL test's samples)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from isenim.core.access import Role
from isenim.geo.models import AdminUnit
from isenim.prevention.choices import CampaignKind, MaterialKind, MovementKind, PlacementKind, ReviewState
from isenim.prevention.models import Edition, Material, OutreachAction, PrintRun
from isenim.prevention.services.campaigns import CampaignData, campaign_save
from isenim.prevention.services.placements import PlacementData, placement_save
from isenim.prevention.services.stock import move_stock


def district(code: str = "1735401", name: str = "Нөкис районы") -> AdminUnit:
    region, _ = AdminUnit.objects.get_or_create(code="1735", defaults={"level": "region", "name_kaa": "ҚР"})
    unit, _ = AdminUnit.objects.get_or_create(
        code=code, defaults={"level": "district", "name_kaa": name, "parent": region}
    )
    return unit


def assembly(parent: AdminUnit, code: str, name: str) -> AdminUnit:
    unit, _ = AdminUnit.objects.get_or_create(
        code=code,
        defaults={"level": "assembly", "name_kaa": name, "parent": parent, "assembly_kind": "mahalla"},
    )
    return unit


def sample_campaign(staff, **overrides):
    today = timezone.localdate()
    values = {
        "name": "Қауипсиз мигрция",
        "kind": CampaignKind.PRE_DEPARTURE_SEASON,
        "starts_on": today - timedelta(days=60),
        "ends_on": today + timedelta(days=120),
        "target_districts": [district()],
        "target_groups": ["labour_migrants", "young_graduates"],
        "target_materials": 1000,
        "target_people": 500,
        "target_actions": 10,
        "target_placements": 2,
    }
    values.update(overrides)
    return campaign_save(actor=staff[Role.PREVENTION_OFFICER], data=CampaignData(**values))


def sample_placement(staff, campaign=None, **overrides):
    today = timezone.localdate()
    values = {
        "kind": PlacementKind.TRANSPORT_POSTER,
        "operator": "Нөкис автобус паркі",
        "programme_or_route": "12",
        "campaign": campaign,
        "starts_on": today - timedelta(days=10),
        "ends_on": today + timedelta(days=20),
        "vehicles": 15,
        "cost_uzs": 3_000_000,
        "stated_reach": 40_000,
    }
    values.update(overrides)
    return placement_save(actor=staff[Role.PREVENTION_OFFICER], data=PlacementData(**values))


def flyer(staff, *, campaign=None, copies: int = 1000, unit_cost: int = 500, threshold: int = 0) -> Edition:
    """An approved flyer edition with one print run in stock."""
    officer = staff[Role.PREVENTION_OFFICER]
    material = Material.objects.create(
        kind=MaterialKind.FLYER, title="Flyer", campaign=campaign, created_by=officer
    )
    edition = Edition.objects.create(
        material=material,
        language="kaa",
        state=ReviewState.APPROVED,
        drafted_by=officer,
        approved_by=staff[Role.DIRECTOR],
        approved_at=timezone.now(),
        low_stock_threshold=threshold,
    )
    run = PrintRun.objects.create(
        edition=edition,
        printed_on=timezone.localdate() - timedelta(days=90),
        printer="Printer",
        quantity=copies,
        unit_cost_uzs=unit_cost,
        created_by=officer,
    )
    move_stock(
        actor=officer,
        edition=edition,
        kind=MovementKind.PRINT_RUN,
        quantity=copies,
        moved_on=run.printed_on,
        print_run=run,
    )
    return edition


def action(staff, campaign, *, on: date, reach: int = 0, counted: bool = True, unit=None) -> OutreachAction:
    """An action of the campaign; ``reach`` people counted (women 18–29) when ``counted``."""
    starts_at = timezone.make_aware(datetime.combine(on, time(10)))
    return OutreachAction.objects.create(
        campaign=campaign,
        place_type="bazaar",
        place_name="Орайлық базар",
        district=unit or district(),
        starts_at=starts_at,
        f_18_29=reach if counted else 0,
        reach_total=reach if counted else 0,
        tally_entered_at=timezone.now() if counted else None,
        created_by=staff[Role.PREVENTION_OFFICER],
    )


def hand_out(staff, edition, action_or_point, quantity: int, on: date):
    kwargs = (
        {"kind": MovementKind.TO_ACTION, "action": action_or_point}
        if isinstance(action_or_point, OutreachAction)
        else {"kind": MovementKind.TO_POINT, "distribution_point": action_or_point}
    )
    return move_stock(
        actor=staff[Role.PREVENTION_OFFICER], edition=edition, quantity=quantity, moved_on=on, **kwargs
    )
