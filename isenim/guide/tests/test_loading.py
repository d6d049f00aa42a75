import pytest
from django.core.management import call_command

from isenim.guide import selectors
from isenim.guide.models import TEXT_LANGUAGES, GuideItem, GuideStatus, Hotline, Mission

pytestmark = pytest.mark.django_db


def test_load_reference_loads_the_guide_as_unverified_drafts_and_is_idempotent():
    call_command("load-reference")
    assert [c.iso2 for c in selectors.destination_countries()] == ["KZ", "RU", "TR", "KR", "AE"]
    items = GuideItem.objects.all()
    assert items.count() == 22
    for item in items:
        assert item.status == GuideStatus.DRAFT and item.verified_on is None
        for lang in TEXT_LANGUAGES:
            assert getattr(item, f"title_{lang}") and getattr(item, f"body_{lang}"), (
                item.reference_key,
                lang,
            )
        assert "Confidence:" in item.source
    assert Mission.objects.filter(verified_on__isnull=False).count() == 0
    assert selectors.missions_of("kz").count() == 3
    assert selectors.missions_of("KZ", verified_only=True).count() == 0
    assert list(selectors.hotlines()) == []  # nothing verified: nothing for a client
    assert Hotline.objects.count() == 3
    assert selectors.published_items("RU", "en") == []

    item = GuideItem.objects.get(reference_key="kz-entry_stay")
    GuideItem.objects.filter(pk=item.pk).update(body_en="Corrected by staff", last_editor=None)
    mission = Mission.objects.get(reference_key="ru-moscow")
    mission.address = "Checked address"
    mission.corrected_by_staff = True
    mission.save()
    call_command("load-guide")
    assert GuideItem.objects.count() == 22 and Mission.objects.count() == 15
    # An untouched draft is refreshed from the file; a mission staff corrected is kept.
    assert GuideItem.objects.get(pk=item.pk).body_en.startswith("Citizens of Uzbekistan")
    assert Mission.objects.get(pk=mission.pk).address == "Checked address"


def test_load_keeps_items_staff_edited(staff):
    from isenim.core.access import Role

    call_command("load-reference")
    item = GuideItem.objects.get(reference_key="kz-entry_stay")
    GuideItem.objects.filter(pk=item.pk).update(body_en="Staff text", last_editor=staff[Role.LAWYER])
    call_command("load-guide")
    assert GuideItem.objects.get(pk=item.pk).body_en == "Staff text"
