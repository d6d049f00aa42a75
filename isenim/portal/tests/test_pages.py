import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from isenim.core.access import Role
from isenim.core.models import AuditEvent, CentreContacts


def test_it_serves_the_home_page_in_karakalpak_at_the_root(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "kaa"
    assert '<html lang="kaa">' in response.content.decode()


@pytest.mark.parametrize(
    "prefix,language",
    [("/kaa-latn/", "kaa-latn"), ("/uz/", "uz"), ("/uz-cyrl/", "uz-cyrl"), ("/ru/", "ru"), ("/en/", "en")],
)
def test_it_serves_every_language_under_its_prefix(client, db, prefix, language):
    response = client.get(prefix)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_it_offers_every_language_on_every_page(client, db):
    page = client.get("/ru/").content.decode()
    for href in [
        'href="/"',
        'href="/kaa-latn/"',
        'href="/uz/"',
        'href="/uz-cyrl/"',
        'href="/ru/"',
        'href="/en/"',
    ]:
        assert href in page


def test_it_shows_the_contact_details_staff_entered(client, db):
    CentreContacts.objects.create(
        address_kaa="Нөкис, Досназаров көшеси 1",
        address_ru="Нукус, ул. Досназарова 1",
        phone="+998 61 222 00 00",
    )
    assert "Нөкис, Досназаров көшеси 1" in client.get("/").content.decode()
    assert "Nókis, Dosnazarov kóshesi 1" in client.get("/kaa-latn/").content.decode()
    assert "Нукус, ул. Досназарова 1" in client.get("/ru/").content.decode()
    assert "+998 61 222 00 00" in client.get("/en/").content.decode()


def test_it_lets_the_director_edit_contacts_with_an_audit_row(client_as, director):
    client = client_as(director)
    response = client.post(
        reverse("portal:contacts_edit"), {"phone": "+998 61 222 00 00", "address_kaa": "Нөкис"}
    )
    assert response.status_code == 302
    assert CentreContacts.current().phone == "+998612220000"  # stored normalised (core.phones)
    assert AuditEvent.objects.filter(action="centre_contacts.update", actor=director).exists()


def test_it_keeps_typed_contacts_when_the_email_is_bad(client_as, director):
    client = client_as(director)
    response = client.post(reverse("portal:contacts_edit"), {"phone": "+998 61 222", "email": "not-an-email"})
    assert response.status_code == 200
    assert 'value="+998 61 222"' in response.content.decode()
    assert not CentreContacts.objects.exists()


def test_it_shows_the_audit_log_to_the_director_only(client_as, staff):
    AuditEvent.objects.create(action="test.event", target_type="test")
    assert "test.event" in client_as(staff[Role.DIRECTOR]).get(reverse("portal:audit_log")).content.decode()
    assert client_as(staff[Role.LAWYER]).get(reverse("portal:audit_log")).status_code == 404


@pytest.mark.parametrize(
    "language,months",
    [
        ("kaa", "январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь"),
        ("kaa-latn", "yanvar|fevral|mart|aprel|may|iyun|iyul|avgust|sentyabr|oktyabr|noyabr|dekabr"),
        ("ru", "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"),
    ],
)
def test_it_formats_dates_in_each_language(client_as, director, language, months):
    client = client_as(director)
    with override(language):
        url = reverse("portal:dashboard")
    page = client.get(url).content.decode()
    assert re.search(r"\b\d{1,2}[- ](" + months + r"),? \d{4}", page), page[-2000:]


@pytest.mark.parametrize(
    "language,expected",
    [("kaa", "1\xa0234\xa0567,5"), ("kaa-latn", "1\xa0234\xa0567,5"), ("en", "1,234,567.5")],
)
def test_it_formats_numbers_in_each_language(settings, language, expected):
    from decimal import Decimal

    from django.utils.formats import number_format
    from django.utils.translation import override

    settings.USE_THOUSAND_SEPARATOR = True
    with override(language):
        assert number_format(Decimal("1234567.5")) == expected


def test_it_marks_the_deepest_menu_entry_as_current(client_as, director):
    page = client_as(director).get(reverse("portal:contacts_edit")).content.decode()
    assert f'<a href="{reverse("portal:contacts_edit")}" aria-current="page">' in page
    assert f'<a href="{reverse("portal:dashboard")}" aria-current="page">' not in page


def test_it_filters_the_audit_log_by_actor_action_and_date(client_as, staff):
    from isenim.core.audit import record_event

    director = staff[Role.DIRECTOR]
    record_event(actor=director, action="person.create", target=staff[Role.PSYCHOLOGIST])
    record_event(actor=staff[Role.LAWYER], action="person.update", target=staff[Role.INTAKE_OPERATOR])
    client = client_as(director)
    page = client.get(reverse("portal:audit_log"), {"actor": "bakhtiyar"})
    events = list(page.context["page"])
    assert [e.action for e in events] == ["person.update"]
    page = client.get(reverse("portal:audit_log"), {"action": "person.create"})
    assert [e.target_id for e in page.context["page"]] == [str(staff[Role.PSYCHOLOGIST].pk)]
    page = client.get(reverse("portal:audit_log"), {"date_from": "2000-01-01", "date_to": "2000-01-02"})
    assert list(page.context["page"]) == []


def test_it_shows_views_and_exports_to_the_director_and_administrator_only(client_as, staff):
    from isenim.core.audit import record_access

    record_access(actor=staff[Role.LAWYER], kind="view", target_type="people.person", target_id="42")
    record_access(actor=staff[Role.LAWYER], kind="export", target_type="people.person")
    for role in (Role.DIRECTOR, Role.ADMINISTRATOR):
        page = client_as(staff[role]).get(reverse("portal:access_log"), {"kind": "view"})
        assert [e.target_id for e in page.context["page"]] == ["42"]
    assert client_as(staff[Role.LAWYER]).get(reverse("portal:access_log")).status_code == 404


def test_it_refuses_an_end_date_before_the_start(client_as, director):
    page = client_as(director).get(
        reverse("portal:audit_log"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert page.status_code == 200 and page.context["form"].errors["date_to"]


def test_it_hides_case_content_of_audit_rows_from_the_administrator(client_as, staff):
    from isenim.core.audit import record_event

    record_event(
        actor=staff[Role.INTAKE_OPERATOR],
        action="appeal.create",
        target_type="appeals.appeal",
        after={"category": "presumed_victim", "presumed_victim": True},
    )
    admin_page = client_as(staff[Role.ADMINISTRATOR]).get(reverse("portal:audit_log")).content.decode()
    director_page = client_as(staff[Role.DIRECTOR]).get(reverse("portal:audit_log")).content.decode()
    assert "presumed_victim" not in admin_page and "✓" not in admin_page
    assert "✓" in director_page


def test_it_links_each_role_to_the_lists_it_keeps(client_as, staff):
    from django.urls import reverse

    from isenim.core.access import Role

    page = client_as(staff[Role.DIRECTOR]).get(reverse("portal:dashboard")).content.decode()
    for name in ("cases:service_type_list", "reintegration:funding_list", "cases:casework_settings"):
        assert reverse(name) in page
    page = client_as(staff[Role.ME_OFFICER]).get(reverse("portal:dashboard")).content.decode()
    assert reverse("reintegration:funding_list") in page and reverse("cases:service_type_list") not in page
