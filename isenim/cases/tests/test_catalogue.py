"""The managed lists: the service catalogue and partner organisations, their starting rows and pages."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from isenim.cases.models import Partner, ServiceType
from isenim.cases.services.catalogue import load_catalogue
from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.core.translit import script_of


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _service_type_form(**extra):
    return {
        "code": "legal-aid-letter",
        "group": "legal",
        "name_kaa": "Хат жазыўға юридикалық жәрдем",
        "name_en": "Help with a legal letter",
        "active": "on",
        **extra,
    }


def test_it_loads_the_starting_catalogue_once(db):
    counts = load_catalogue()
    assert counts["service_types"] == ServiceType.objects.count() >= 20
    assert counts["partners"] == Partner.objects.count() >= 10
    groups = set(ServiceType.objects.values_list("group", flat=True))
    assert groups == {"social", "psychological", "legal", "medical", "return", "economic"}
    assert (
        ServiceType.objects.get(code="legal-consultation-foreign").name("en")
        == "Legal consultation on foreign law"
    )
    for row in [*ServiceType.objects.all(), *Partner.objects.all()]:
        assert script_of(row.name_kaa) == "cyrl", row.name_kaa
        assert row.name_uz and row.name_ru and row.name_en
        assert not row.verified and row.source == "entered by Isenim staff"
    event = AuditEvent.objects.get(action="reference.load", target_type="cases")  # one event, counts only
    assert event.after == counts
    again = load_catalogue()
    assert again == {"service_types": 0, "partners": 0, "updated": 0}
    assert AuditEvent.objects.filter(action="reference.load", target_type="cases").count() == 1
    assert ServiceType.objects.count() == counts["service_types"]
    assert Partner.objects.count() == counts["partners"]


def test_reloading_keeps_what_staff_changed(client_as, staff):
    load_catalogue()
    partner = Partner.objects.get(name_en="Hokimiyat of Moynaq district")
    form = {
        "kind": "hokimiyat",
        "name_kaa": "Мойнақ районы ҳәкимлиги (дүзетилген)",
        "name_en": "Moynaq district hokimiyat",
        "name_ru": partner.name_ru,
        "source": "letter of the hokimiyat",
    }
    response = client_as(staff[Role.CASE_MANAGER]).post(url("cases:partner_edit", pk=partner.pk), form)
    assert response.status_code == 302
    shelter = ServiceType.objects.get(code="temporary-shelter")
    shelter.active = False  # a type taken out of use
    shelter.save()
    load_catalogue()
    partner.refresh_from_db()
    assert partner.name_kaa == "Мойнақ районы ҳәкимлиги (дүзетилген)" and partner.corrected_by_staff
    assert partner.source == "letter of the hokimiyat"
    assert Partner.objects.filter(kind="hokimiyat").count() == 1  # found again by its Russian name
    assert not ServiceType.objects.get(code="temporary-shelter").active


def test_the_commands_load_the_catalogue(db):
    call_command("load-catalogue")
    assert ServiceType.objects.filter(code="court-representation").exists()
    ServiceType.objects.all().delete()
    call_command("load-reference")
    assert ServiceType.objects.filter(code="court-representation").exists()
    embassy = Partner.objects.get(name_en="Embassy of the Republic of Uzbekistan in Kazakhstan")
    assert embassy.country.iso2 == "KZ"


def test_it_adds_a_service_type(client_as, staff):
    manager = staff[Role.CASE_MANAGER]
    response = client_as(manager).post(url("cases:service_type_create"), _service_type_form())
    assert response.status_code == 302
    added = ServiceType.objects.get(code="legal-aid-letter")
    assert added.group == "legal" and added.active and added.corrected_by_staff
    event = AuditEvent.objects.get(action="service_type.add")
    assert event.actor == manager and event.after["code"] == "legal-aid-letter"
    listing = client_as(manager).get(url("cases:service_type_list")).content.decode()
    assert "Help with a legal letter" in listing  # the name in the reader's language


def test_it_refuses_a_duplicate_code_and_a_missing_name(client_as, staff):
    client = client_as(staff[Role.LAWYER])
    client.post(url("cases:service_type_create"), _service_type_form())
    response = client.post(url("cases:service_type_create"), _service_type_form(name_kaa="Басқа"))
    assert response.status_code == 200
    assert "Another service type already has this code." in response.content.decode()
    response = client.post(
        url("cases:service_type_create"), _service_type_form(code="other-code", name_kaa="")
    )
    assert response.status_code == 200
    assert 'name="code" value="other-code"' in response.content.decode()  # what was typed is kept
    assert ServiceType.objects.count() == 1
    assert AuditEvent.objects.filter(action="service_type.add").count() == 1


def test_it_edits_a_service_type_and_records_the_change(client_as, staff):
    load_catalogue()
    shelter = ServiceType.objects.get(code="temporary-shelter")
    form = _service_type_form(code="temporary-shelter", group="social", name_kaa=shelter.name_kaa)
    form.pop("active")  # taken out of use
    response = client_as(staff[Role.PSYCHOLOGIST]).post(url("cases:service_type_edit", pk=shelter.pk), form)
    assert response.status_code == 302
    shelter.refresh_from_db()
    assert not shelter.active and shelter.name_en == "Help with a legal letter"
    event = AuditEvent.objects.get(action="service_type.update")
    assert event.before["active"] is True and event.after["active"] is False


def test_it_adds_a_partner_with_a_country(client_as, staff):
    from isenim.geo.models import Country

    turkey = Country.objects.create(iso2="TR", iso3="TUR", name_kaa="Түркия")
    form = {"kind": "mission", "name_kaa": "Өзбекстанның Стамбулдағы Бас консуллығы", "country": turkey.pk}
    response = client_as(staff[Role.DIRECTOR]).post(url("cases:partner_create"), {**form, "active": "on"})
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert partner.country == turkey and partner.kind == "mission"
    assert AuditEvent.objects.filter(action="partner.add", target_id=str(partner.pk)).exists()
    duplicate = client_as(staff[Role.DIRECTOR]).post(url("cases:partner_create"), form)
    assert "Another partner organisation already has this name." in duplicate.content.decode()
    assert Partner.objects.count() == 1


@pytest.mark.parametrize("role", [Role.INTAKE_OPERATOR, Role.ADMINISTRATOR, Role.ME_OFFICER])
def test_the_catalogue_pages_are_for_caseworkers_only(client_as, staff, role):
    load_catalogue()
    partner = Partner.objects.first()
    client = client_as(staff[role])
    assert client.get(url("cases:service_type_list")).status_code == 404
    assert (
        client.post(url("cases:partner_edit", pk=partner.pk), {"kind": "ngo", "name_kaa": "X"}).status_code
        == 404
    )
    partner.refresh_from_db()
    assert partner.name_kaa != "X"


def test_seed_demo_loads_the_catalogue(db):
    call_command("seed-demo", "--force", "--quiet")
    assert ServiceType.objects.filter(code="individual-counselling").exists()
    assert Partner.objects.filter(kind="rehabilitation").count() == 1
