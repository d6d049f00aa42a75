import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.geo.models import AdminUnit, Country
from isenim.geo.services import reference_load


@pytest.fixture
def loaded(db):
    call_command("load-reference")


def test_it_loads_the_fourteen_regions_with_iso_and_soato(loaded):
    regions = AdminUnit.objects.filter(level="region")
    assert regions.count() == 14
    karakalpakstan = regions.get(iso_3166_2="UZ-QR")
    assert karakalpakstan.soato == "1735"
    assert karakalpakstan.name("kaa") == "Қарақалпақстан Республикасы"
    assert karakalpakstan.name("ru") == "Республика Каракалпакстан"


def test_it_loads_karakalpakstans_sixteen_districts_and_nukus(loaded):
    children = AdminUnit.objects.filter(parent__soato="1735")
    assert children.filter(level="district").count() == 16
    assert children.get(level="city").name("kaa") == "Нөкис қаласы"


def test_it_loads_moynaqs_twelve_assemblies_by_type(loaded):
    assemblies = AdminUnit.objects.filter(parent__soato="1735222", level="assembly")
    assert assemblies.count() == 12
    assert assemblies.filter(assembly_kind="mahalla").count() == 5
    assert assemblies.filter(assembly_kind="village").count() == 7
    assert assemblies.get(classifier_code="23050012").name("kaa") == "Ҳәким ата"
    # The village assembly Bozataw is not Bozataw district.
    assert AdminUnit.objects.filter(name_kaa__startswith="Бозатаў").count() == 2


def test_it_loads_every_country_with_names_in_the_ui_languages(loaded):
    assert Country.objects.count() == 249
    kazakhstan = Country.objects.get(iso2="KZ")
    assert kazakhstan.iso3 == "KAZ"
    assert kazakhstan.name("kaa") == "Қазақстан"
    assert kazakhstan.name("ru") == "Казахстан"
    assert kazakhstan.name("uz") == "Qozogʻiston"
    assert kazakhstan.name("uz-cyrl") == "Қозоғистон"
    assert kazakhstan.name("kaa-latn") == "Qazaqstan"


def test_it_keeps_a_source_and_verified_flag_on_every_row(loaded):
    assert not AdminUnit.objects.filter(source="").exists()
    assert AdminUnit.objects.filter(verified=False).exists()  # derived Karakalpak names await a person


def test_it_reloads_without_duplicates_or_losing_corrections(loaded, director):
    unit = AdminUnit.objects.get(classifier_code="23050009")
    from isenim.geo.services import reference_correct

    names = {
        f"name_{lang}": getattr(unit, f"name_{lang}") for lang in ("kaa", "kaa_latn", "uz", "uz_cyrl", "en")
    }
    names["name_ru"] = "Таллыузек"
    reference_correct(actor=director, record=unit, names=names, verified=True)
    created = reference_load()
    assert created == {"admin_units": 0, "countries": 0}
    unit.refresh_from_db()
    assert unit.name_ru == "Таллыузек" and unit.verified and unit.verified_by == director


def test_it_lets_the_director_correct_a_name_and_mark_it_verified(loaded, client_as, director):
    unit = AdminUnit.objects.get(classifier_code="23050011")
    client = client_as(director)
    form = {
        "name_kaa": "Үшсай",
        "name_kaa_latn": "Úshsay",
        "name_uz": "Uchsoy",
        "name_uz_cyrl": "Учсой",
        "name_ru": "Учсай",
        "name_en": "Ushsay",
        "verified": "on",
    }
    response = client.post(reverse("geo:unit_edit", args=[unit.pk]), form)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name_en == "Ushsay" and unit.verified and unit.corrected_by_staff
    event = AuditEvent.objects.get(action="reference.correct")
    assert event.after["name_en"] == "Ushsay" and event.actor == director


def test_it_keeps_the_form_when_the_karakalpak_name_is_missing(loaded, client_as, director):
    unit = AdminUnit.objects.get(classifier_code="23050011")
    response = client_as(director).post(
        reverse("geo:unit_edit", args=[unit.pk]), {"name_kaa": "", "name_ru": "Учсай-2"}
    )
    assert response.status_code == 200
    assert 'value="Учсай-2"' in response.content.decode()
    unit.refresh_from_db()
    assert unit.name_ru == "Учсай"


def test_it_hides_correction_from_roles_without_the_right(loaded, client_as, staff):
    unit = AdminUnit.objects.get(classifier_code="23050011")
    client = client_as(staff[Role.PSYCHOLOGIST])
    assert client.get(reverse("geo:unit_list")).status_code == 200
    assert client.post(reverse("geo:unit_edit", args=[unit.pk]), {"name_kaa": "X"}).status_code == 404
    unit.refresh_from_db()
    assert unit.name_kaa == "Үшсай"


def test_it_finds_a_country_by_a_cyrillic_name_in_any_case(loaded, client_as, staff):
    client = client_as(staff[Role.LAWYER])
    page = client.get(reverse("geo:country_list"), {"q": "ҚАЗАҚ"}).content.decode()
    assert "KZ / KAZ" in page and "RU / RUS" not in page


def test_it_names_units_in_the_visitors_language(loaded, client_as, staff):
    client = client_as(staff[Role.LAWYER])
    with override("ru"):
        url = reverse("geo:unit_list")
    assert "Муйнакский район" in client.get(url).content.decode()


def test_load_reference_runs_every_apps_loader_in_order_and_adds_nothing_the_second_time(db):
    # The apps register their loaders at start-up (core.registry): geo's districts and countries first.
    first, second, quiet = StringIO(), StringIO(), StringIO()
    call_command("load-reference", stdout=first)
    assert [line.split(":")[0] for line in first.getvalue().splitlines()] == [
        "Reference data loaded",
        "Catalogue loaded",
        "Guide loaded",
        "Trades loaded",
        "Name equivalents loaded",
    ]
    assert "43 new administrative units, 249 new countries" in first.getvalue()
    call_command("load-reference", stdout=second)
    assert len(second.getvalue().splitlines()) == 5
    assert set(re.findall(r"\d+", second.getvalue())) == {"0"}
    call_command("load-reference", verbosity=0, stdout=quiet)
    assert quiet.getvalue() == ""
