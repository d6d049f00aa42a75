"""Shared objects for the support tests: a case, a destination with guide items, missions and hotlines."""

from datetime import date

from django.urls import reverse
from django.utils import translation

from isenim.cases.tests.samples import sample_case
from isenim.geo.models import Country

VERIFIED_ADDRESS = "Astana, Baraeva 5"
UNVERIFIED_ADDRESS = "Almaty, Nowhere street 13"
GUIDE_BODY = {
    "kaa": "Келгеннен соң үш күн ишинде дизимнен өтиң. Ә ә Ғ ғ Қ қ Ң ң Ө ө Ү ү Ў ў Ҳ ҳ",
    "uz": "Kelganingizdan keyin uch kun ichida roʻyxatdan oʻting.",
    "ru": "Встаньте на учёт в течение трёх дней после приезда.",
    "en": "Register within three days of arrival.",
}


def url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def case_of(staff):
    return sample_case(staff)


def kazakhstan() -> Country:
    return Country.objects.get_or_create(
        iso2="KZ",
        defaults={
            "iso3": "KAZ",
            "name_kaa": "Қазақстан",
            "name_ru": "Казахстан",
            "name_en": "Kazakhstan",
            "name_uz": "Qozogʻiston",
        },
    )[0]


def guide_for(country: Country) -> dict:
    """A destination with one published + verified item, one draft, a verified and an unverified mission,
    and a verified hotline."""
    from isenim.guide.models import Destination, GuideItem, GuideStatus, Hotline, Mission

    destination = Destination.objects.create(country=country, order=1)
    published = GuideItem.objects.create(
        destination=destination,
        topic="registration",
        status=GuideStatus.PUBLISHED,
        verified_on=date(2026, 1, 10),
        source="https://example.org/law",
        title_kaa="Дизимнен өтиў",
        title_uz="Roʻyxatdan oʻtish",
        title_ru="Регистрация",
        title_en="Registration",
        **{f"body_{lang}": text for lang, text in GUIDE_BODY.items()},
    )
    GuideItem.objects.create(
        destination=destination,
        topic="deceptions",
        status=GuideStatus.DRAFT,
        title_en="Draft item never printed",
        body_en="DRAFT-SECRET-TEXT",
    )
    verified = Mission.objects.create(
        country=country,
        kind="embassy",
        name_kaa="Астана",
        name_ru="Астана",
        name_en="Astana",
        address=VERIFIED_ADDRESS,
        phones="+7 7172 00 00 00",
        hours="9:00–18:00",
        verified_on=date(2026, 1, 5),
    )
    unverified = Mission.objects.create(
        country=country,
        kind="consulate_general",
        name_kaa="Алматы",
        name_en="Almaty",
        address=UNVERIFIED_ADDRESS,
    )
    hotline = Hotline.objects.create(
        name_kaa="Мийнет мигрантлары ушын ысық сызық",
        name_ru="Горячая линия для трудовых мигрантов",
        name_en="Labour migrants' hotline",
        phone="1170",
        verified_on=date(2026, 1, 5),
    )
    return {"published": published, "verified": verified, "unverified": unverified, "hotline": hotline}
