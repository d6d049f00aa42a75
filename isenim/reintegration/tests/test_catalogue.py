"""Trades and tool kits as data: load-trades is idempotent and keeps staff edits; staff edit through pages."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.reintegration.models import ToolKitItem, Trade
from isenim.reintegration.services.catalogue import TRADES_FILE

SHIPPED = ["carpenter", "tailor", "welder", "hairdresser", "electrician", "cook"]


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def test_the_shipped_file_has_six_trades_with_names_and_estimated_prices():
    data = json.loads(TRADES_FILE.read_text(encoding="utf-8"))
    assert [row["code"] for row in data["trades"]] == SHIPPED
    assert "ESTIMATES" in data["source"]
    for trade in data["trades"]:
        assert all(trade["names"].get(lang) for lang in ("kaa", "uz", "ru", "en"))
        assert len(trade["items"]) >= 6
        for item in trade["items"]:
            assert all(item["names"].get(lang) for lang in ("kaa", "uz", "ru", "en"))
            assert item["quantity"] >= 1 and 10_000 <= item["price_uzs"] <= 10_000_000


@pytest.mark.django_db
def test_load_trades_is_idempotent_and_keeps_staff_edits():
    call_command("load-trades", verbosity=0)
    assert sorted(Trade.objects.values_list("code", flat=True)) == sorted(SHIPPED)
    count = ToolKitItem.objects.count()
    item = ToolKitItem.objects.get(trade__code="carpenter", code="hammer")
    item.estimated_price_uzs, item.name_kaa, item.corrected_by_staff = 95_000, "Үлкен балға", True
    item.save()
    untouched = ToolKitItem.objects.get(trade__code="carpenter", code="hand-saw")
    untouched.name_ru = "старое"
    untouched.save()
    call_command("load-trades", verbosity=0)
    assert ToolKitItem.objects.count() == count
    item.refresh_from_db()
    assert (item.estimated_price_uzs, item.name_kaa) == (95_000, "Үлкен балға")
    untouched.refresh_from_db()
    assert untouched.name_ru == "Ножовка по дереву"
    assert not Trade.objects.filter(verified=True).exists()  # shipped names wait for staff to verify


def test_staff_edit_a_kit_item_through_the_page(client_as, staff):
    call_command("load-trades", verbosity=0)
    trade = Trade.objects.get(code="tailor")
    item = trade.kit_items.get(code="scissors")
    client = client_as(staff[Role.CASE_MANAGER])
    page = client.get(en("reintegration:trade_detail", pk=trade.pk)).content.decode()
    assert "Tailor&#x27;s shears" in page or "Tailor's shears" in page
    response = client.post(
        en("reintegration:kit_item_edit", pk=trade.pk, item_pk=item.pk),
        {
            "code": "scissors",
            "name_kaa": "Пишиўшилик қайшысы",
            "name_en": "Tailor's shears",
            "quantity": "3",
            "estimated_price_uzs": "160000",
            "active": "on",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.quantity, item.estimated_price_uzs, item.corrected_by_staff) == (3, 160_000, True)
    event = AuditEvent.objects.get(action="toolkit.update")
    assert event.after["estimated_price_uzs"] == 160_000


def test_a_trade_needs_its_karakalpak_name_and_a_unique_code(client_as, staff):
    call_command("load-trades", verbosity=0)
    client = client_as(staff[Role.DIRECTOR])
    response = client.post(
        en("reintegration:trade_create"), {"code": "carpenter", "name_kaa": "Ағаш устасы 2"}
    )
    assert "already has the code" in response.content.decode()
    response = client.post(en("reintegration:trade_create"), {"code": "baker", "name_en": "Baker"})
    assert response.status_code == 200 and not Trade.objects.filter(code="baker").exists()
    response = client.post(
        en("reintegration:trade_create"), {"code": "baker", "name_kaa": "Наўбайшы", "active": "on"}
    )
    assert response.status_code == 302 and Trade.objects.filter(code="baker").exists()


@pytest.mark.parametrize("role", [Role.INTAKE_OPERATOR, Role.ME_OFFICER, Role.ADMINISTRATOR])
def test_trades_are_404_without_the_permission(client_as, staff, role):
    assert client_as(staff[role]).get(en("reintegration:trade_list")).status_code == 404


def test_karakalpak_texts_use_no_letters_of_other_alphabets():
    """ұ, і and һ are Kazakh letters that look right to a non-reader but are wrong in Karakalpak."""
    from isenim.reintegration.pdf import TEXTS

    data = json.loads(TRADES_FILE.read_text(encoding="utf-8"))
    names = [trade["names"]["kaa"] for trade in data["trades"]]
    names += [item["names"]["kaa"] for trade in data["trades"] for item in trade["items"]]
    for text in names + list(TEXTS["kaa"].values()):
        assert not set(text) & set("ұҰіІһҺ"), text


def test_key_rotation_knows_every_sealed_text_and_file_of_the_app():
    from django.apps import apps

    from isenim.core.rotation import SEALED_FIELDS, VAULT_FILE_FIELDS
    from isenim.core.sealed import sealed_texts

    registered = {(entry.model_label, entry.field) for entry in SEALED_FIELDS}
    expected = {
        (model._meta.label, descriptor.field)
        for model in apps.get_app_config("reintegration").get_models()
        for _name, descriptor in sealed_texts(model)
    }
    assert len(expected) == 6 and expected <= registered
    files = {(entry.model_label, entry.field) for entry in VAULT_FILE_FIELDS}
    assert {
        ("reintegration.Purchase", "invoice_vault_name"),
        ("reintegration.Handover", "act_vault_name"),
    } <= files
