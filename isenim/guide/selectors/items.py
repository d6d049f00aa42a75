"""Reads for the safe-migration guides. The API other apps use (support's memo, documents restoration):

- ``missions_of(country, *, verified_only=False) -> QuerySet[Mission]`` — Uzbekistan's missions in a
  country (a ``geo.Country`` or an ISO 3166-1 alpha-2 code). Staff pick an issuing body from all of them;
  anything printed for a client must pass ``verified_only=True`` (unverified addresses are never shown).
- ``published_items(country, language) -> list[GuideText]`` — what may be shown to a client: items that
  are published AND verified, with title and body in ``language`` (kaa, kaa-latn, uz, uz-cyrl, ru, en).
- ``destination_countries() -> QuerySet[Country]`` — the active destination countries, in order.
- ``hotlines(*, country=None, verified_only=True) -> QuerySet[Hotline]`` — Uzbekistan-wide hotlines and,
  with ``country``, those for that country; verified only unless asked otherwise (staff lists).

None of these hold personal data, so none records access.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from isenim.core.access import Perm, require
from isenim.geo.models import Country
from isenim.guide.models import Destination, GuideItem, GuideStatus, Hotline, Mission, Topic


@dataclass(frozen=True)
class GuideText:
    topic: str
    topic_label: str
    title: str
    body: str
    source: str
    verified_on: date


def _country(country) -> Country:
    if isinstance(country, Country):
        return country
    return Country.objects.get(iso2=str(country).upper())


def missions_of(country, *, verified_only: bool = False) -> QuerySet:
    missions = Mission.objects.filter(country=_country(country))
    if verified_only:
        missions = missions.filter(verified_on__isnull=False)
    return missions.order_by("order", "pk")


def public_item_queryset() -> QuerySet:
    """The one rule for what a client may see: published and verified."""
    return GuideItem.objects.filter(status=GuideStatus.PUBLISHED, verified_on__isnull=False)


def published_items(country, language: str) -> list[GuideText]:
    items = public_item_queryset().filter(destination__country=_country(country), destination__active=True)
    topic_order = {value: i for i, value in enumerate(Topic.values)}
    rows = sorted(items, key=lambda item: (topic_order[item.topic], item.order, item.pk))
    return [
        GuideText(
            topic=item.topic,
            topic_label=item.get_topic_display(),
            title=item.title(language),
            body=item.body(language),
            source=item.source,
            verified_on=item.verified_on,
        )
        for item in rows
    ]


def destination_countries() -> QuerySet:
    return Country.objects.filter(destination__active=True).order_by("destination__order", "iso2")


def hotlines(*, country=None, verified_only: bool = True) -> QuerySet:
    where = Q(country__isnull=True)
    if country is not None:
        where |= Q(country=_country(country))
    lines = Hotline.objects.filter(where).select_related("country")
    if verified_only:
        lines = lines.filter(verified_on__isnull=False).exclude(phone="")
    return lines.order_by("order", "pk")


# Staff reads -----------------------------------------------------------------------------------------


def staff_destinations(user) -> QuerySet:
    require(user, Perm.VIEW_GUIDE)
    return Destination.objects.select_related("country").order_by("order", "country__iso2")


def staff_destination(user, iso2: str) -> Destination:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(staff_destinations(user), country__iso2=iso2.upper())


def staff_items(user, destination: Destination) -> QuerySet:
    require(user, Perm.VIEW_GUIDE)
    return destination.items.select_related("last_editor", "published_by")


def staff_item(user, pk: int) -> GuideItem:
    from django.shortcuts import get_object_or_404

    require(user, Perm.VIEW_GUIDE)
    return get_object_or_404(
        GuideItem.objects.select_related("destination__country", "last_editor", "published_by"), pk=pk
    )


def staff_missions(user) -> QuerySet:
    require(user, Perm.VIEW_GUIDE)
    return Mission.objects.select_related("country").order_by("country__iso2", "order", "pk")


def staff_hotlines(user) -> QuerySet:
    require(user, Perm.VIEW_GUIDE)
    return Hotline.objects.select_related("country").order_by("order", "pk")
