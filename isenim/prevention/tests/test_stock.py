"""The store: print runs into the ledger, movements out and back, the balance from the ledger only, bad
input refused whole, low-stock warnings, cost per copy handed out, the XLSX exports and check-stock."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.prevention.choices import MaterialKind, MovementKind
from isenim.prevention.models import Edition, PrintRun, StockMovement
from isenim.prevention.selectors.stock import (
    cost_per_handed_out,
    edition_balances,
    low_stock_editions,
    verify_ledger,
)
from isenim.prevention.services import PreventionError
from isenim.prevention.services.stock import move_stock, print_run_record, stock_move_record
from isenim.prevention.tests.materials_helpers import SAMPLE_MP4, approved, draft, in_stock, material
from isenim.reintegration.tests.helpers import funding


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def today():
    return timezone.localdate()


def rows_of(model):
    return model.objects.count()


def take(staff, edition, quantity, kind=MovementKind.TO_POINT, **extra):
    extra.setdefault("distribution_point", "Нөкис қалалық емханасы")
    return stock_move_record(
        actor=staff[Role.PREVENTION_OFFICER],
        edition=edition,
        kind=kind,
        quantity=quantity,
        moved_on=today(),
        **extra,
    )


# --- Print runs -----------------------------------------------------------------------------------------


def test_a_print_run_puts_the_edition_in_stock_through_the_ledger(staff):
    edition = approved(staff, material(staff))
    source = funding(staff[Role.DIRECTOR])
    run = print_run_record(
        actor=staff[Role.PREVENTION_OFFICER],
        edition=edition,
        printed_on=today(),
        printer="Qaraqalpaqstan baspasi",
        quantity=2500,
        unit_cost_uzs=650,
        funding_source=source,
    )
    edition.refresh_from_db()
    movement = StockMovement.objects.get()
    assert edition.on_hand == 2500 and movement.print_run == run and movement.quantity == 2500
    assert movement.kind == MovementKind.PRINT_RUN and run.cost_uzs == 2500 * 650
    assert AuditEvent.objects.filter(action="print_run.record").count() == 1
    assert AuditEvent.objects.filter(action="stock.move").count() == 1


def test_only_an_approved_edition_is_printed(staff):
    flyer = material(staff)
    waiting = draft(staff, flyer)
    with pytest.raises(PreventionError, match="draft"):
        print_run_record(
            actor=staff[Role.PREVENTION_OFFICER],
            edition=waiting,
            printed_on=today(),
            printer="X",
            quantity=10,
            unit_cost_uzs=1,
        )
    old = in_stock(staff, material(staff, title="Плакат"))
    approved(staff, old.material)
    with pytest.raises(PreventionError, match="superseded"):
        print_run_record(
            actor=staff[Role.PREVENTION_OFFICER],
            edition=old,
            printed_on=today(),
            printer="X",
            quantity=10,
            unit_cost_uzs=1,
        )
    spot = material(staff, kind=MaterialKind.VIDEO_SPOT, title="Ролик")
    video = approved(staff, spot, name="spot.mp4", content=SAMPLE_MP4)
    with pytest.raises(PreventionError, match="video spot"):
        print_run_record(
            actor=staff[Role.PREVENTION_OFFICER],
            edition=video,
            printed_on=today(),
            printer="X",
            quantity=10,
            unit_cost_uzs=1,
        )
    assert rows_of(PrintRun) == 1 and rows_of(StockMovement) == 1  # the one of in_stock


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quantity": 0}, "more than zero"),
        ({"quantity": -5}, "more than zero"),
        ({"quantity": 50_000_000}, "more than one movement can be"),
        ({"unit_cost_uzs": -1}, "cannot be negative"),
        ({"unit_cost_uzs": 10**12}, "more than any print run costs"),
        ({"printed_on": date(2999, 1, 1)}, "cannot be in the future"),
        ({"printed_on": date(1900, 1, 1)}, "cannot be before 2000-01-01"),
        ({"printer": "  "}, "Name the printer"),
    ],
)
def test_bad_print_runs_are_refused_whole(staff, changes, message):
    edition = approved(staff, material(staff))
    values = {"printed_on": today(), "printer": "Baspa", "quantity": 100, "unit_cost_uzs": 500, **changes}
    with pytest.raises(PreventionError, match=message):
        print_run_record(actor=staff[Role.PREVENTION_OFFICER], edition=edition, **values)
    edition.refresh_from_db()
    assert edition.on_hand == 0 and rows_of(PrintRun) == 0 and rows_of(StockMovement) == 0


# --- Movements ------------------------------------------------------------------------------------------


def test_movements_out_and_back_keep_the_balance_equal_to_the_ledger(staff):
    edition = in_stock(staff, quantity=500)
    take(staff, edition, 120)
    take(staff, edition, 30, kind=MovementKind.WRITE_OFF, distribution_point="", note="Жаўында ығаллы болды")
    take(staff, edition, 20, kind=MovementKind.RETURNED, note="from the college")
    edition.refresh_from_db()
    assert edition.on_hand == 500 - 120 - 30 + 20 == 370
    assert sum(StockMovement.objects.filter(edition=edition).values_list("quantity", flat=True)) == 370
    assert verify_ledger() == []


def test_taking_more_than_is_on_hand_names_what_is_there(staff):
    edition = in_stock(staff, quantity=40)
    with pytest.raises(PreventionError) as refused:
        take(staff, edition, 41)
    assert "Only 40 copies of" in str(refused.value) and "41 cannot be taken" in str(refused.value)
    assert edition.material.title in str(refused.value)
    edition.refresh_from_db()
    assert edition.on_hand == 40 and rows_of(StockMovement) == 1


def test_the_plain_refusal_of_the_last_copies_drawn_twice(staff):
    """On any database: the second draw of the last copies is refused, the balance stays at zero."""
    edition = in_stock(staff, quantity=10)
    take(staff, edition, 10)
    with pytest.raises(PreventionError, match="Only 0 copies"):
        take(staff, Edition.objects.get(pk=edition.pk), 10)
    edition.refresh_from_db()
    assert edition.on_hand == 0 and verify_ledger() == []


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        (MovementKind.TO_POINT, {"distribution_point": ""}, "Name the distribution point"),
        (MovementKind.WRITE_OFF, {"note": ""}, "Say why the copies are written off"),
        (MovementKind.TO_ACTION, {}, "Choose what happens"),
        (MovementKind.PRINT_RUN, {}, "Choose what happens"),
    ],
)
def test_bad_movements_are_refused(staff, kind, extra, message):
    edition = in_stock(staff, quantity=10)
    with pytest.raises(PreventionError, match=message):
        take(staff, edition, 1, kind=kind, **extra)
    assert rows_of(StockMovement) == 1


def test_the_database_refuses_a_negative_balance_behind_the_service(staff):
    from django.db import IntegrityError, transaction

    edition = in_stock(staff, quantity=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.filter(pk=edition.pk).update(on_hand=-1)


def test_a_video_spot_has_no_stock(staff):
    spot = material(staff, kind=MaterialKind.VIDEO_SPOT, title="Ролик")
    video = approved(staff, spot, name="spot.mp4", content=SAMPLE_MP4)
    with pytest.raises(PreventionError, match="video spot"):
        move_stock(
            actor=staff[Role.PREVENTION_OFFICER],
            edition=video,
            kind=MovementKind.RETURNED,
            quantity=1,
            moved_on=today(),
        )


# --- Balances, warnings, cost ---------------------------------------------------------------------------


def test_balances_warnings_and_cost_per_copy_handed_out(staff):
    flyer = material(staff)
    kaa = in_stock(staff, flyer, quantity=1000, unit_cost=600, threshold=300)
    ru = in_stock(staff, flyer, quantity=200, unit_cost=900, language="ru", threshold=50)
    take(staff, kaa, 800)
    take(staff, kaa, 100, kind=MovementKind.WRITE_OFF, note="damp")  # not handed out
    balances = {edition.pk: edition.on_hand for edition in edition_balances()}
    assert balances == {kaa.pk: 100, ru.pk: 200}
    assert [edition.pk for edition in low_stock_editions()] == [kaa.pk]
    by_edition = {row.edition.pk: row for row in cost_per_handed_out()}
    assert by_edition[kaa.pk].per_copy == round(1000 * 600 / 800) == 750
    assert by_edition[ru.pk].per_copy is None  # nothing handed out yet: "—"
    (by_material,) = cost_per_handed_out(by="material")
    assert by_material.print_cost_uzs == 1000 * 600 + 200 * 900 and by_material.handed_out == 800
    assert by_material.per_copy == round((600_000 + 180_000) / 800)


def test_the_stock_page_shows_balances_warnings_and_dashes(staff, client_as):
    kaa = in_stock(staff, quantity=100, threshold=500)
    page = client_as(staff[Role.ME_OFFICER]).get(reverse("prevention:stock"))
    assert page.status_code == 200
    assert b'data-testid="low-stock"' in page.content
    assert page.context["rows"][0][0].pk == kaa.pk and b"\xe2\x80\x94" in page.content  # "—"
    assert b"print-run" not in page.content  # the M&E officer reads, does not record


def test_the_ledger_filters_by_edition_kind_and_dates(staff, client_as):
    flyer = material(staff)
    kaa = in_stock(staff, flyer, quantity=100)
    ru = in_stock(staff, flyer, quantity=100, language="ru")
    take(staff, kaa, 10)
    client = client_as(staff[Role.ME_OFFICER])
    url = reverse("prevention:ledger")

    def moves(**params):
        return list(client.get(url, params).context["page"].object_list)

    assert len(moves()) == 3
    assert {m.edition_id for m in moves(edition=ru.pk)} == {ru.pk}
    assert [m.quantity for m in moves(kind="to_point")] == [-10]
    assert len(moves(date_from=today().isoformat())) == 1  # the print runs were a week ago
    assert len(moves(date_to=(today() - timedelta(days=1)).isoformat())) == 2


# --- Pages: bad input keeps what was typed --------------------------------------------------------------


def test_a_print_run_form_with_a_negative_cost_keeps_what_was_typed(staff, client_as):
    edition = approved(staff, material(staff))
    client = client_as(staff[Role.PREVENTION_OFFICER])
    response = client.post(
        reverse("prevention:print_run_create", args=[edition.pk]),
        {"printed_on": today().isoformat(), "printer": "Baspa Ж", "quantity": "700", "unit_cost_uzs": "-3"},
    )
    assert (
        response.status_code == 200
        and b"Baspa \xd0\x96" in response.content
        and b'value="700"' in response.content
    )
    assert rows_of(PrintRun) == 0
    ok = client.post(
        reverse("prevention:print_run_create", args=[edition.pk]),
        {"printed_on": today().isoformat(), "printer": "Baspa", "quantity": "700", "unit_cost_uzs": "3"},
    )
    assert ok.status_code == 302
    edition.refresh_from_db()
    assert edition.on_hand == 700


def test_the_move_form_says_what_is_on_hand(staff, client_as):
    edition = in_stock(staff, quantity=25)
    client = client_as(staff[Role.PREVENTION_OFFICER])
    response = client.post(
        reverse("prevention:stock_move_create", args=[edition.pk]),
        {
            "kind": "to_point",
            "quantity": "30",
            "moved_on": today().isoformat(),
            "distribution_point": "Колледж",
        },
    )
    assert response.status_code == 200 and b"Only 25 copies of" in response.content
    assert "Колледж".encode() in response.content and b'value="30"' in response.content
    assert rows_of(StockMovement) == 1
    future = client.post(
        reverse("prevention:stock_move_create", args=[edition.pk]),
        {"kind": "to_point", "quantity": "3", "moved_on": "2999-01-01", "distribution_point": "Колледж"},
    )
    assert b"cannot be in the future" in future.content and rows_of(StockMovement) == 1


# --- Export and the check ---------------------------------------------------------------------------


def test_the_balances_and_the_ledger_export_to_xlsx(staff, client_as):
    flyer = material(staff, title="=HYPERLINK(1)")
    kaa = in_stock(staff, flyer, quantity=300, unit_cost=1000)
    in_stock(staff, flyer, quantity=50, language="ru")
    take(staff, kaa, 200)
    client = client_as(staff[Role.ME_OFFICER])
    response = client.get(reverse("prevention:stock_export"))
    assert response["Content-Disposition"].startswith('attachment; filename="stock-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Material" and len(rows) == 3
    kaa_row = next(row for row in rows[1:] if row[2] == "Karakalpak, Cyrillic")
    assert kaa_row[0] == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"  # text, not a formula
    assert kaa_row[5] == 100 and kaa_row[10] == 200 and kaa_row[11] == 1500
    ru_row = next(row for row in rows[1:] if row[2] == "Russian")
    assert ru_row[11] == "—"
    ledger = client.get(reverse("prevention:stock_export"), {"sheet": "ledger", "kind": "to_point"})
    ledger_rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(ledger.content)).active.iter_rows()]
    assert (
        len(ledger_rows) == 2 and ledger_rows[1][5] == -200 and ledger_rows[1][6] == "Нөкис қалалық емханасы"
    )


def test_check_stock_reports_a_balance_that_left_its_ledger(staff, capsys):
    edition = in_stock(staff, quantity=60)
    call_command("check-stock")
    assert "every edition" in capsys.readouterr().out
    Edition.objects.filter(pk=edition.pk).update(on_hand=55)  # a writer that bypassed move_stock
    (difference,) = verify_ledger()
    assert (difference.on_hand, difference.ledger_sum) == (55, 60)
    with pytest.raises(SystemExit) as exited:
        call_command("check-stock")
    assert exited.value.code == 1
    assert "on hand 55, ledger sum 60, difference -5" in capsys.readouterr().err
