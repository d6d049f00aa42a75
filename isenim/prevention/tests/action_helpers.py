"""Building blocks of the outreach action tests: a district with its assemblies (Karakalpak names), an
approved edition with stock (ORM and the stock service, so these tests stand on their own), an action."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from isenim.core.access import Role
from isenim.geo.models import AdminUnit
from isenim.prevention.choices import MaterialKind, MovementKind, PlaceType, ReviewState
from isenim.prevention.models import Edition, Material, PrintRun
from isenim.prevention.services.actions import ActionData, action_create
from isenim.prevention.services.stock import move_stock

DISTRICT_NAME = "Шымбай районы"
ASSEMBLY_NAME = "Әжинияз МПЖ"
OTHER_DISTRICT_NAME = "Қоңырат районы"
OTHER_ASSEMBLY_NAME = "Ғалаба МПЖ"
PLACE = "Шымбай орайлық базары"
EDITION_TITLE = "Шет елде жумыс: алдын ала билиң"


def places():
    """Two districts with one assembly each: (district, assembly, other district, other assembly)."""
    region, _new = AdminUnit.objects.get_or_create(
        code="9935", defaults={"level": AdminUnit.Level.REGION, "name_kaa": "Қарақалпақстан"}
    )

    def unit(code, level, name, parent):
        found, _new = AdminUnit.objects.get_or_create(
            code=code, defaults={"level": level, "name_kaa": name, "parent": parent}
        )
        return found

    district = unit("9935201", AdminUnit.Level.DISTRICT, DISTRICT_NAME, region)
    assembly = unit("9935201001", AdminUnit.Level.ASSEMBLY, ASSEMBLY_NAME, district)
    other = unit("9935202", AdminUnit.Level.DISTRICT, OTHER_DISTRICT_NAME, region)
    other_assembly = unit("9935202001", AdminUnit.Level.ASSEMBLY, OTHER_ASSEMBLY_NAME, other)
    return district, assembly, other, other_assembly


def edition_in_stock(staff, *, title=EDITION_TITLE, quantity=500, language="kaa", kind=MaterialKind.FLYER):
    """An approved edition (drafted by the prevention officer, approved by the director) with one print
    run of ``quantity`` copies in stock."""
    officer, director = staff[Role.PREVENTION_OFFICER], staff[Role.DIRECTOR]
    material = Material.objects.create(kind=kind, title=title, created_by=officer)
    edition = Edition.objects.create(
        material=material,
        language=language,
        state=ReviewState.APPROVED,
        drafted_by=officer,
        approved_by=director,
        approved_at=timezone.now(),
    )
    run = PrintRun.objects.create(
        edition=edition,
        printed_on=timezone.localdate() - timedelta(days=7),
        printer="Нөкис баспаханасы",
        quantity=quantity,
        unit_cost_uzs=800,
        created_by=officer,
    )
    move_stock(
        actor=officer,
        edition=edition,
        kind=MovementKind.PRINT_RUN,
        quantity=quantity,
        moved_on=run.printed_on,
        print_run=run,
    )
    edition.refresh_from_db()
    return edition


def at(day, hour: int, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def sample_action(staff, *, days_ago=1, campaign=None, place_type=PlaceType.BAZAAR, name=PLACE):
    """An action at a bazaar that took place ``days_ago`` days ago (10:00–13:00), the officer present."""
    district, assembly, _other, _other_assembly = places()
    day = timezone.localdate() - timedelta(days=days_ago)
    officer = staff[Role.PREVENTION_OFFICER]
    return action_create(
        actor=officer,
        data=ActionData(
            place_type=place_type,
            place_name=name,
            district_id=district.pk,
            assembly_id=assembly.pk,
            starts_at=at(day, 10),
            ends_at=at(day, 13),
            campaign=campaign,
            staff=[officer],
        ),
    )
