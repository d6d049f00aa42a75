"""The demo of ``isenim seed-demo`` shows the product: a real-looking guide for Kazakhstan and Russia (from
the shipped reference data, with sources, checked by a demo member of staff), a consultation whose memo
carries the rules, the centre's numbers and the topics ticked; and every page and PDF says it is demo data."""

import io

import pypdf
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from isenim.core.models import AuditEvent, CentreContacts, DemoData
from isenim.guide.demo import DEMO_GUIDE_COUNTRIES
from isenim.guide.memo import memo_pdf
from isenim.guide.models import Consultation, GuideItem, GuideStatus, Hotline, Mission
from isenim.reintegration.models import FundingSource


@pytest.fixture
def demo(seeded_demo):
    """``isenim seed-demo --force``, run once for this module (conftest's ``seeded_demo``)."""


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_demo_guide_is_published_from_the_reference_data_with_sources(demo):
    items = GuideItem.objects.filter(destination__country__iso2__in=DEMO_GUIDE_COUNTRIES)
    assert items.exists() and all(item.is_public for item in items)
    assert all(item.reference_key and item.source.strip() for item in items)
    topics = set(items.values_list("topic", flat=True))
    assert {"entry_stay", "registration", "work_permits", "documents_taken"} <= topics
    for item in items:  # checked by one demo member of staff, published by another
        assert item.last_editor.username == "prevention" and item.published_by.username == "director"
    assert AuditEvent.objects.filter(action="guide.publish").count() == items.count()
    # Other countries stay unverified drafts, as loaded.
    assert not GuideItem.objects.exclude(destination__country__iso2__in=DEMO_GUIDE_COUNTRIES).filter(
        status=GuideStatus.PUBLISHED
    )
    assert Mission.objects.filter(country__iso2="KZ", verified_on__isnull=False).exists()
    assert Hotline.objects.filter(verified_on__isnull=False).exclude(phone="").exists()


def test_seeding_again_changes_nothing(demo):
    def counts():
        changes = AuditEvent.objects.exclude(action="reference.load")  # every load of geo is logged
        return (changes.count(), Consultation.objects.count(), DemoData.objects.count())

    before = counts()
    # A funding source with a budget exists, so a tool-kit request can be sent; the centre has numbers.
    assert FundingSource.objects.filter(active=True, amount_uzs__gt=0).exists()
    contacts = CentreContacts.current()
    assert contacts.phone and contacts.hotline and contacts.email.endswith(".example")
    call_command("seed-demo", "--force", "--quiet")
    assert counts() == before


@pytest.mark.parametrize("path", ["/en/guide/kz/", "/en/guide/ru/", "/en/", "/en/ask/", "/en/guide/"])
def test_public_pages_show_the_guide_and_say_demo(demo, path):
    page = Client().get(path).content.decode()
    assert 'data-testid="demo-banner"' in page
    if path == "/en/guide/kz/":  # the published rules, each with its source, and a checked mission
        assert "90 days in any 180-day period" in page and "podrobno.uz" in page
        assert "Consulate general, Almaty" in page


def test_the_memo_carries_the_rules_the_centre_phone_and_the_topics(demo):
    consultation = Consultation.objects.get()
    assert consultation.destination.iso2 == "KZ" and consultation.topics
    contacts = CentreContacts.current()
    text = _pdf_text(memo_pdf(consultation, "en"))
    assert "DEMO DATA" in text
    assert contacts.phone in text and contacts.hotline in text
    with translation.override("en"):
        for label in consultation.topic_labels():
            assert label in text
    assert "The topics we talked about" in text
    assert "30 days" in text  # the Kazakhstan entry rule from the reference data
    assert "Source:" in text and "podrobno.uz" in text
    assert "Ask the centre for the latest" not in text


def test_a_staff_page_and_the_404_say_demo(demo, client):
    from isenim.accounts.models import User

    client.force_login(User.objects.get(username="casemanager"))
    assert 'data-testid="demo-banner"' in client.get(reverse("cases:my_work")).content.decode()
    missing = client.get("/en/no-such-page/")
    assert missing.status_code == 404 and 'data-testid="demo-banner"' in missing.content.decode()


def test_without_the_demo_flag_nothing_says_demo(demo):
    DemoData.objects.all().delete()
    assert 'data-testid="demo-banner"' not in Client().get("/en/guide/kz/").content.decode()
    assert "DEMO DATA" not in _pdf_text(memo_pdf(Consultation.objects.get(), "en"))
