from datetime import date

from isenim.geo.models import Country
from isenim.guide.models import Destination, GuideItem, GuideStatus

TEXTS = {
    "title_kaa": "Кириў ҳәм болыў",
    "title_uz": "Kirish va boʻlish",
    "title_ru": "Въезд и пребывание",
    "title_en": "Entry and stay",
    "body_kaa": "Визасыз 30 күнге шекем болыўға болады.",
    "body_uz": "Vizasiz 30 kungacha boʻlish mumkin.",
    "body_ru": "Без визы можно находиться до 30 дней.",
    "body_en": "You may stay up to 30 days without a visa.",
}


def kazakhstan() -> Destination:
    country, _ = Country.objects.get_or_create(
        iso2="KZ",
        defaults={
            "iso3": "KAZ",
            "name_kaa": "Қазақстан",
            "name_uz": "Qozogʻiston",
            "name_ru": "Казахстан",
            "name_en": "Kazakhstan",
        },
    )
    destination, _ = Destination.objects.get_or_create(country=country)
    return destination


def public_item(destination, *, verified=True, status=GuideStatus.PUBLISHED, **texts) -> GuideItem:
    return GuideItem.objects.create(
        destination=destination,
        topic="entry_stay",
        status=status,
        source="https://example.org",
        verified_on=date(2025, 1, 10) if verified else None,
        **{**TEXTS, **texts},
    )
