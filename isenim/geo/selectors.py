from django.http import Http404
from django.shortcuts import get_object_or_404

from isenim.core.access import Perm, require
from isenim.core.translit import name_key
from isenim.geo.models import NAME_LANGUAGES, AdminUnit, Country


def unit_tree(user) -> list[AdminUnit]:
    """Regions in code order, each with ``sub_units`` (districts) and those with their assemblies."""
    require(user, Perm.STAFF_AREA)
    units = list(AdminUnit.objects.order_by("code"))
    by_parent: dict[int | None, list[AdminUnit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    for unit in units:
        unit.sub_units = by_parent.get(unit.pk, [])
    return by_parent.get(None, [])


def country_list(user, query: str = "") -> list[Country]:
    """Countries, optionally filtered by a code or part of a name in any language.

    Filtered in Python: the table is small (249 rows) and SQLite's LIKE folds case for ASCII only,
    so a database filter would miss "қазақ" in "Қазақстан".
    """
    require(user, Perm.STAFF_AREA)
    countries = list(Country.objects.order_by("iso2"))
    needle = query.strip().casefold()
    if not needle:
        return countries
    needle_key = name_key(needle)
    return [
        c for c in countries if needle in _search_text(c) or (needle_key and needle_key in _search_key(c))
    ]


def _names(country: Country) -> list[str]:
    return [country.iso2, country.iso3, *(getattr(country, f"name_{lang}") for lang in NAME_LANGUAGES)]


def _search_text(country: Country) -> str:
    return " ".join(_names(country)).casefold()


def _search_key(country: Country) -> str:
    # The cross-script name key also forgives spelling: "Кыргыз" finds "Киргизия", "Qozogʻ" "Казахстан".
    return " ".join(name_key(name) for name in _names(country))


def record_for_edit(user, kind: str, pk: int):
    require(user, Perm.EDIT_REFERENCE)
    model = {"unit": AdminUnit, "country": Country}.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=pk)
