"""Home places on forms: a district (or city) and, inside it, a citizens' assembly."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from isenim.core.forms import parse_id
from isenim.core.translit import collation_key
from isenim.geo.models import AdminUnit

DISTRICT_LEVELS = (AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY)


def by_name(units) -> list[AdminUnit]:
    """Units in the alphabetical order of their names in the reader's language."""
    return sorted(units, key=lambda unit: collation_key(unit.name()))


def districts() -> list[AdminUnit]:
    return by_name(AdminUnit.objects.filter(level__in=DISTRICT_LEVELS))


def assemblies_of(district_id) -> QuerySet:
    """The citizens' assemblies of one district; none for a missing, malformed or impossible id."""
    district_id = parse_id(district_id)
    if district_id is None:
        return AdminUnit.objects.none()
    return AdminUnit.objects.filter(level=AdminUnit.Level.ASSEMBLY, parent_id=district_id).order_by("code")


def check_place(district_id: int | None, assembly_id: int | None) -> None:
    """A home district must be a district (or city); an assembly must belong to that district."""
    if district_id and not AdminUnit.objects.filter(pk=district_id, level__in=DISTRICT_LEVELS).exists():
        raise ValidationError(_("Choose a district from the list."), code="district")
    if assembly_id:
        assembly = AdminUnit.objects.filter(pk=assembly_id, level=AdminUnit.Level.ASSEMBLY).first()
        if assembly is None or assembly.parent_id != district_id:
            raise ValidationError(
                _("This citizens' assembly is not in the chosen district."), code="assembly"
            )
