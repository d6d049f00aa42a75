"""Outreach actions: the form (place checked as on the intake form, end not before start, staff present),
the list's filters, the calendar, the tally from the printed sheet (a confirmation for a crowd too large to
be plausible), the materials drawn all-or-none and brought back, the sheet (PDF) and the export (XLSX)."""

import html
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.prevention.choices import TALLY_FIELDS, MovementKind, PlaceType
from isenim.prevention.models import Campaign, OutreachAction, StockMovement
from isenim.prevention.services import PreventionError
from isenim.prevention.services.actions import (
    ActionData,
    action_create,
    materials_draw,
    materials_return,
    tally_enter,
)
from isenim.prevention.tests.action_helpers import (
    EDITION_TITLE,
    PLACE,
    at,
    edition_in_stock,
    places,
    sample_action,
)

pytestmark = pytest.mark.django_db


def shown(response) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"prevention:{name}", kwargs=kwargs)


@pytest.fixture
def officer(staff):
    return staff[Role.PREVENTION_OFFICER]


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def action_post(district, assembly, **changes):
    day = timezone.localdate() - timedelta(days=1)
    data = {
        "place_type": PlaceType.BAZAAR,
        "place_name": PLACE,
        "district": str(district.pk),
        "assembly": str(assembly.pk) if assembly else "",
        "day": day.isoformat(),
        "starts": "10:00",
        "ends": "13:30",
        "campaign": "",
    }
    data.update(changes)
    return data


def campaign(officer, name="Жазғы мигрантлар", **extra):
    today = timezone.localdate()
    return Campaign.objects.create(
        name=name,
        kind="awareness",
        starts_on=extra.pop("starts_on", today - timedelta(days=60)),
        ends_on=extra.pop("ends_on", today + timedelta(days=60)),
        created_by=officer,
        **extra,
    )


# --- The action form ----------------------------------------------------------------------------------


def test_the_officer_adds_an_action_at_a_bazaar_with_the_staff_present(signed_in, officer, staff):
    district, assembly, *_rest = places()
    drive = campaign(officer)
    post = action_post(district, assembly, campaign=str(drive.pk))
    post["staff"] = [str(officer.pk), str(staff[Role.DIRECTOR].pk)]
    response = signed_in.post(url("action_create"), post)
    action = OutreachAction.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(url("action_detail", pk=action.pk))
    assert (action.place_type, action.place_name, action.district, action.assembly, action.campaign) == (
        PlaceType.BAZAAR,
        PLACE,
        district,
        assembly,
        drive,
    )
    assert set(action.staff.all()) == {officer, staff[Role.DIRECTOR]}
    assert timezone.localtime(action.ends_at) - timezone.localtime(action.starts_at) == timedelta(
        hours=3, minutes=30
    )
    event = AuditEvent.objects.get(action="action.add")
    assert event.after["staff"] == sorted([officer.pk, staff[Role.DIRECTOR].pk])
    page = signed_in.get(url("action_detail", pk=action.pk))
    assert PLACE in shown(page) and "Әжинияз МПЖ" in shown(page)


def test_an_end_before_the_start_is_refused_and_what_was_typed_kept(signed_in):
    district, assembly, *_rest = places()
    with translation.override("en"):
        response = signed_in.post(url("action_create"), action_post(district, assembly, ends="09:15"))
    body = shown(response)
    assert response.status_code == 200
    assert "The action cannot end before it starts." in body
    assert PLACE in body and 'value="09:15"' in body
    assert not OutreachAction.objects.exists() and not AuditEvent.objects.filter(action="action.add").exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_out_of_the_centres_years_is_refused(signed_in, day):
    district, assembly, *_rest = places()
    with translation.override("en"):
        response = signed_in.post(url("action_create"), action_post(district, assembly, day=day))
    assert "This date is too far in the" in shown(response)
    assert not OutreachAction.objects.exists()


def test_an_assembly_outside_the_district_is_refused(signed_in):
    district, _assembly, _other, other_assembly = places()
    with translation.override("en"):
        response = signed_in.post(url("action_create"), action_post(district, other_assembly))
    assert "This citizens' assembly is not in the chosen district." in shown(response)
    assert not OutreachAction.objects.exists()


def test_the_service_refuses_the_same_without_the_form(officer, staff):
    district, _assembly, _other, other_assembly = places()
    day = timezone.localdate()
    data = ActionData(
        place_type=PlaceType.BAZAAR,
        place_name=PLACE,
        district_id=district.pk,
        assembly_id=other_assembly.pk,
        starts_at=at(day, 10),
    )
    with translation.override("en"), pytest.raises(PreventionError, match="not in the chosen district"):
        action_create(actor=officer, data=data)
    data.assembly_id = None
    data.ends_at = at(day, 9)
    with translation.override("en"), pytest.raises(PreventionError, match="end before it starts"):
        action_create(actor=officer, data=data)
    gone = staff[Role.LAWYER]
    gone.is_active = False
    gone.save()
    data.ends_at = None
    data.staff = [gone]
    with translation.override("en"), pytest.raises(PreventionError, match="no active staff account"):
        action_create(actor=officer, data=data)
    assert not OutreachAction.objects.exists()


def test_only_active_staff_accounts_are_offered(signed_in, staff):
    gone = staff[Role.LAWYER]
    gone.is_active = False
    gone.save()
    body = shown(signed_in.get(url("action_create")))
    assert f'value="{staff[Role.DIRECTOR].pk}"' in body
    assert f'name="staff" value="{gone.pk}"' not in body


def test_the_officer_corrects_an_action(signed_in, officer, staff):
    action = sample_action(staff)
    district, _assembly, other, other_assembly = places()
    post = action_post(
        other, other_assembly, place_type=PlaceType.RAILWAY_STATION, place_name="Қоңырат вокзалы"
    )
    response = signed_in.post(url("action_edit", pk=action.pk), post)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.place_type, action.district, action.assembly) == (
        PlaceType.RAILWAY_STATION,
        other,
        other_assembly,
    )
    assert list(action.staff.all()) == []
    event = AuditEvent.objects.get(action="action.update")
    assert event.before["district_id"] == district.pk and event.after["district_id"] == other.pk


# --- The list and the calendar ---------------------------------------------------------------------------


def test_the_list_filters_by_campaign_place_type_district_and_period(signed_in, officer, staff):
    drive = campaign(officer)
    at_bazaar = sample_action(staff, campaign=drive, name="Базар")
    at_station = sample_action(staff, place_type=PlaceType.RAILWAY_STATION, name="Вокзал", days_ago=20)
    _district, _assembly, other, _other_assembly = places()
    OutreachAction.objects.filter(pk=at_station.pk).update(district=other, assembly=None)

    def listed(**params):
        body = shown(signed_in.get(url("action_list"), params))
        return {name for name in ("Базар", "Вокзал") if f": {name}</a>" in body}

    assert listed() == {"Базар", "Вокзал"}
    assert listed(campaign=drive.pk) == {"Базар"}
    assert listed(place_type=PlaceType.RAILWAY_STATION) == {"Вокзал"}
    assert listed(district=other.pk) == {"Вокзал"}
    day = timezone.localdate()
    assert listed(date_from=(day - timedelta(days=5)).isoformat()) == {"Базар"}
    assert listed(date_to=(day - timedelta(days=10)).isoformat()) == {"Вокзал"}
    # A filter that makes no sense is ignored, never a server error.
    assert listed(district="99999999999999999999999", date_to="10000-01-01") == {"Базар", "Вокзал"}
    assert listed(date_from="0001-01-01", date_to="9999-12-31") == {"Базар", "Вокзал"}
    assert at_bazaar.pk != at_station.pk


def test_the_calendar_shows_the_month_as_a_grid_and_as_a_list_of_days(signed_in, staff):
    action = sample_action(staff, days_ago=0)
    month = timezone.localdate().strftime("%Y-%m")
    body = shown(signed_in.get(url("action_calendar"), {"month": month}))
    link = url("action_detail", pk=action.pk)
    assert body.count(f'href="{link}"') == 2  # once in the grid, once in the day-by-day list (phones)
    assert 'data-testid="calendar-grid"' in body and 'data-testid="calendar-days"' in body
    empty = shown(signed_in.get(url("action_calendar"), {"month": "1990-02"}))
    assert link not in empty
    for hostile in ("99999-99", "abc", "1900-01", "9998-12"):
        assert signed_in.get(url("action_calendar"), {"month": hostile}).status_code == 200


# --- The tally ---------------------------------------------------------------------------------------


def tally_post(**counts):
    data = dict.fromkeys(TALLY_FIELDS, "0")
    data["consultations"] = "0"
    data.update({key: str(value) for key, value in counts.items()})
    return data


def test_the_tally_is_entered_from_the_sheet(signed_in, staff):
    action = sample_action(staff)
    body = shown(signed_in.get(url("action_tally", pk=action.pk)))
    assert 'inputmode="numeric"' in body and "confirm_large" not in body
    response = signed_in.post(
        url("action_tally", pk=action.pk), tally_post(f_18_29=12, m_30_49=20, consultations=4)
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.f_18_29, action.m_30_49, action.reach_total, action.consultations) == (12, 20, 32, 4)
    assert action.tally_entered_at is not None
    assert AuditEvent.objects.get(action="action.tally").after["reach_total"] == 32


@pytest.mark.parametrize("value", ["-3", "abc", "2.5", "1e309", "99999999999999999999"])
def test_a_negative_or_non_numeric_count_is_refused(signed_in, staff, value):
    action = sample_action(staff)
    with translation.override("en"):
        response = signed_in.post(url("action_tally", pk=action.pk), tally_post(f_0_17=value, m_18_29=7))
    body = shown(response)
    assert response.status_code == 200 and "Nothing has been saved yet." in body
    assert 'value="7"' in body  # what was typed is kept
    action.refresh_from_db()
    assert action.tally_entered_at is None and action.reach_total == 0


def test_an_implausible_crowd_needs_an_explicit_confirmation(signed_in, staff):
    action = sample_action(staff)
    post = tally_post(m_18_29=2500, f_18_29=900, consultations=3)
    with translation.override("en"):
        response = signed_in.post(url("action_tally", pk=action.pk), post)
    body = shown(response)
    assert "3400 people is more than one action usually reaches (3000)" in body
    assert 'name="confirm_large"' in body and 'value="2500"' in body and 'value="900"' in body
    action.refresh_from_db()
    assert action.tally_entered_at is None
    response = signed_in.post(url("action_tally", pk=action.pk), {**post, "confirm_large": "on"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.reach_total == 3400


def test_a_crowd_beyond_any_action_is_refused_even_confirmed(signed_in, staff, officer):
    action = sample_action(staff)
    with translation.override("en"):
        response = signed_in.post(
            url("action_tally", pk=action.pk),
            {**tally_post(m_18_29=60000, f_18_29=60000), "confirm_large": "on"},
        )
    assert "is more than any action reaches" in shown(response)
    with translation.override("en"), pytest.raises(PreventionError, match="usually reaches"):
        tally_enter(
            actor=officer,
            action=action,
            counts={**dict.fromkeys(TALLY_FIELDS, 0), "m_18_29": 3001},
            consultations=0,
        )
    action.refresh_from_db()
    assert action.tally_entered_at is None


def test_a_planned_action_is_not_counted_before_it_starts(officer, staff):
    action = sample_action(staff, days_ago=-3)
    with translation.override("en"), pytest.raises(PreventionError, match="not started yet"):
        tally_enter(actor=officer, action=action, counts=dict.fromkeys(TALLY_FIELDS, 1), consultations=0)


# --- Materials -----------------------------------------------------------------------------------------


def lines_post(*lines, direction="take", moved_on=None):
    data = {"direction": direction, "moved_on": (moved_on or timezone.localdate()).isoformat()}
    for index, (edition, quantity) in enumerate(lines):
        data[f"edition_{index}"] = str(edition.pk)
        data[f"quantity_{index}"] = str(quantity)
    return data


def test_several_editions_are_drawn_in_one_form(signed_in, staff):
    action = sample_action(staff)
    flyer = edition_in_stock(staff, quantity=300)
    poster = edition_in_stock(staff, title="Плакат: ишенимли жумыс", quantity=40)
    response = signed_in.post(url("action_materials", pk=action.pk), lines_post((flyer, 120), (poster, 15)))
    assert response.status_code == 302
    flyer.refresh_from_db()
    poster.refresh_from_db()
    assert (flyer.on_hand, poster.on_hand) == (180, 25)
    moves = StockMovement.objects.filter(action=action, kind=MovementKind.TO_ACTION)
    assert sorted(moves.values_list("quantity", flat=True)) == [-120, -15]
    body = shown(signed_in.get(url("action_detail", pk=action.pk)))
    assert EDITION_TITLE in body and "Плакат: ишенимли жумыс" in body


def test_if_one_edition_lacks_stock_none_is_drawn_and_the_message_names_it(signed_in, staff):
    action = sample_action(staff)
    flyer = edition_in_stock(staff, quantity=300)
    poster = edition_in_stock(staff, title="Плакат: ишенимли жумыс", quantity=10)
    with translation.override("en"):
        response = signed_in.post(
            url("action_materials", pk=action.pk), lines_post((flyer, 120), (poster, 15))
        )
    body = shown(response)
    assert response.status_code == 200
    assert "Only 10 copies of Плакат: ишенимли жумыс" in body and "15 cannot be taken" in body
    assert 'value="120"' in body and 'value="15"' in body
    flyer.refresh_from_db()
    poster.refresh_from_db()
    assert (flyer.on_hand, poster.on_hand) == (300, 10)
    assert not StockMovement.objects.filter(action=action).exists()
    assert not AuditEvent.objects.filter(action="stock.move", after__kind="to_action").exists()


def test_bad_material_lines_are_refused_with_what_was_typed_kept(signed_in, staff):
    action = sample_action(staff)
    flyer = edition_in_stock(staff, quantity=300)
    with translation.override("en"):
        same_twice = signed_in.post(url("action_materials", pk=action.pk), lines_post((flyer, 5), (flyer, 6)))
        negative = signed_in.post(url("action_materials", pk=action.pk), lines_post((flyer, -5)))
        nothing = signed_in.post(
            url("action_materials", pk=action.pk), {"direction": "take", "moved_on": "2026-01-01"}
        )
    assert "This material is already on another line." in shown(same_twice)
    assert "The quantity must be more than zero." in shown(negative)
    assert "Choose at least one material and its quantity." in shown(nothing)
    assert not StockMovement.objects.filter(action=action).exists()


def test_unused_copies_come_back_to_stock_linked_to_the_action(signed_in, staff, officer):
    action = sample_action(staff)
    flyer = edition_in_stock(staff, quantity=300)
    materials_draw(actor=officer, action=action, lines=[(flyer, 100)], moved_on=timezone.localdate())
    response = signed_in.post(
        url("action_materials", pk=action.pk), lines_post((flyer, 30), direction="return")
    )
    assert response.status_code == 302
    flyer.refresh_from_db()
    assert flyer.on_hand == 230
    back = StockMovement.objects.get(kind=MovementKind.RETURNED)
    assert (back.action, back.quantity) == (action, 30)
    with translation.override("en"), pytest.raises(PreventionError, match="were taken to this action"):
        materials_return(actor=officer, action=action, lines=[(flyer, 71)], moved_on=timezone.localdate())
    body = shown(signed_in.get(url("action_detail", pk=action.pk)))
    assert "<td>100</td><td>30</td><td>70</td>" in body


# --- The sheet and the export ---------------------------------------------------------------------------


def test_the_action_sheet_is_in_the_interface_language_with_the_grid_and_the_materials(
    client, staff, officer
):
    action = sample_action(staff)
    flyer = edition_in_stock(staff, quantity=300)
    materials_draw(actor=officer, action=action, lines=[(flyer, 120)], moved_on=timezone.localdate())
    client.force_login(officer)
    with translation.override("kaa"):
        address = reverse("prevention:action_sheet", kwargs={"pk": action.pk})
        heading = translation.gettext("Outreach action sheet")
        women = str(translation.gettext("Women"))
    response = client.get(address)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert heading in text and women in text
    assert PLACE in text and "Шымбай районы" in text and "Әжинияз МПЖ" in text
    assert EDITION_TITLE in text and "120" in text
    with translation.override("en"):
        english = client.get(reverse("prevention:action_sheet", kwargs={"pk": action.pk}))
    english_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(english.content)).pages)
    assert "Outreach action sheet" in english_text and "Signatures" in english_text


def test_the_actions_export_reads_back(signed_in, staff, officer):
    action = sample_action(staff, name="=HYPERLINK(1)")
    tally_enter(
        actor=officer,
        action=action,
        counts={**dict.fromkeys(TALLY_FIELDS, 2), "f_50_plus": 5},
        consultations=3,
    )
    flyer = edition_in_stock(staff, quantity=300)
    materials_draw(actor=officer, action=action, lines=[(flyer, 40)], moved_on=timezone.localdate())
    sample_action(staff, place_type=PlaceType.HOSPITAL, name="Шымбай ааурыўханасы")
    with translation.override("en"):
        response = signed_in.get(url("action_export"), {"place_type": PlaceType.BAZAAR})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Date" and rows[0][-3:] == (
        "People reached",
        "Consultations given",
        "Materials handed out",
    )
    assert len(rows) == 2  # the filter holds: the hospital is not in it
    row = rows[1]
    assert row[4] == "=HYPERLINK(1)" and row[5] == "Шымбай районы"
    assert row[-3:] == (19, 3, 40)
