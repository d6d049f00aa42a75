"""URL arguments for tests/test_url_policy.py."""


def samples(staff) -> dict:
    from isenim.core.access import Role
    from isenim.geo.models import Country
    from isenim.guide.models import Destination, GuideItem, Hotline, Mission

    country, _ = Country.objects.get_or_create(iso2="KZ", defaults={"iso3": "KAZ", "name_kaa": "Қазақстан"})
    destination, _ = Destination.objects.get_or_create(country=country)
    item = GuideItem.objects.create(
        destination=destination,
        topic="entry_stay",
        title_en="Entry",
        title_kaa="Кириў",
        source="sample",
        last_editor=staff[Role.CASE_MANAGER],
    )
    mission = Mission.objects.create(country=country, kind="embassy", name_kaa="Астана", source="sample")
    hotline = Hotline.objects.create(name_kaa="Полиция", phone="102", source="sample")
    return {
        "guide:destination_detail": {"iso2": "kz"},
        "guide:item_create": {"iso2": "kz"},
        "guide:item_detail": {"pk": item.pk},
        "guide:item_edit": {"pk": item.pk},
        "guide:item_submit": {"pk": item.pk},
        "guide:item_publish": {"pk": item.pk},
        "guide:item_return": {"pk": item.pk},
        "guide:mission_edit": {"pk": mission.pk},
        "guide:hotline_edit": {"pk": hotline.pk},
        "public_guide:guide_country": {"iso2": "kz"},
    }
