"""The store: balances of every edition with the low-stock warnings and the cost per copy handed out, the
ledger with its filters, a print run, a movement out (to a distribution point, a write-off) or back, and
the XLSX exports of the balances and of the ledger."""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.core.spreadsheets import write_xlsx
from isenim.prevention.forms.materials import LedgerFilterForm, PrintRunForm, StockMoveForm
from isenim.prevention.selectors import materials as material_selectors
from isenim.prevention.selectors import stock as selectors
from isenim.prevention.services import stock as services

LEDGER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def stock(request):
    balances = list(selectors.edition_balances(request.user))
    costs = {row.edition.pk: row for row in selectors.cost_per_handed_out(request.user)}
    context = {
        "rows": [(edition, costs.get(edition.pk)) for edition in balances],
        "low": list(selectors.low_stock_editions(request.user)),
        "by_material": selectors.cost_per_handed_out(request.user, by="material"),
        "can_edit": can(request.user, Perm.EDIT_PREVENTION),
    }
    return render(request, "prevention/stock/stock.html", context)


def _ledger_filters(request) -> tuple[LedgerFilterForm, selectors.LedgerFilter]:
    form = LedgerFilterForm(request.GET or None)
    filters = selectors.LedgerFilter()
    if request.GET and form.is_valid():
        data = form.cleaned_data
        filters = selectors.LedgerFilter(
            edition=data["edition"], kind=data["kind"], date_from=data["date_from"], date_to=data["date_to"]
        )
    return form, filters


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def ledger(request):
    form, filters = _ledger_filters(request)
    page = Paginator(selectors.ledger(request.user, filters), LEDGER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "prevention/stock/ledger.html",
        {"form": form, "page": page, "filtered": bool(request.GET.keys() - {"page"})},
    )


@permission_required(Perm.EDIT_PREVENTION)
def print_run_create(request, pk: int):
    edition = material_selectors.edition_get(request.user, pk)
    form = PrintRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.print_run_record(actor=request.user, edition=edition, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(
                request,
                _("Print run of %(quantity)s copies recorded: %(on_hand)s in stock.")
                % {"quantity": run.quantity, "on_hand": edition.on_hand},
            )
            return redirect("prevention:edition_detail", pk=edition.pk)
    return render(request, "prevention/stock/print_run_form.html", {"form": form, "edition": edition})


@permission_required(Perm.EDIT_PREVENTION)
def stock_move_create(request, pk: int):
    edition = material_selectors.edition_get(request.user, pk)
    form = StockMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stock_move_record(actor=request.user, edition=edition, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Recorded: %(on_hand)s in stock.") % {"on_hand": edition.on_hand})
            return redirect("prevention:edition_detail", pk=edition.pk)
    return render(request, "prevention/stock/move_form.html", {"form": form, "edition": edition})


def _xlsx_response(header, rows, *, title: str, name: str) -> HttpResponse:
    out = io.BytesIO()
    write_xlsx(out, header, rows, title=title)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _per_copy(row) -> int | str:
    return "—" if row is None or row.per_copy is None else row.per_copy


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def stock_export(request):
    """XLSX: the balances of every edition (default) or, with ``?sheet=ledger``, the ledger's rows under the
    ledger page's filters."""
    today = timezone.localdate()
    if request.GET.get("sheet") == "ledger":
        _form, filters = _ledger_filters(request)
        header = [
            _("Date"),
            _("Material"),
            _("Language and script"),
            _("Version"),
            _("Movement"),
            _("Quantity"),
            _("Distribution point"),
            _("Outreach action"),
            _("Note"),
        ]
        rows = (
            [
                move.moved_on,
                move.edition.material.title,
                move.edition.get_language_display(),
                move.edition.version,
                move.get_kind_display(),
                move.quantity,
                move.distribution_point,
                str(move.action) if move.action_id else "",
                move.note,
            ]
            for move in selectors.ledger(request.user, filters).iterator(chunk_size=2000)
        )
        return _xlsx_response(header, rows, title=_("Ledger"), name=f"stock-ledger-{today:%Y-%m-%d}.xlsx")
    costs = {row.edition.pk: row for row in selectors.cost_per_handed_out(request.user)}
    header = [
        _("Material"),
        _("Kind"),
        _("Language and script"),
        _("Version"),
        _("Review"),
        _("On hand"),
        _("Warn below"),
        _("Low on stock"),
        _("Copies printed"),
        _("Print cost, UZS"),
        _("Handed out"),
        _("Cost per copy handed out, UZS"),
    ]
    rows = []
    for edition in selectors.edition_balances(request.user):
        cost = costs.get(edition.pk)
        rows.append(
            [
                edition.title,
                edition.get_kind_display(),
                edition.get_language_display(),
                edition.version,
                edition.get_state_display(),
                edition.on_hand,
                edition.low_stock_threshold,
                _("yes") if edition.low_on_stock else "",
                cost.printed if cost else 0,
                cost.print_cost_uzs if cost else 0,
                cost.handed_out if cost else 0,
                _per_copy(cost),
            ]
        )
    return _xlsx_response(header, rows, title=_("Stock"), name=f"stock-{today:%Y-%m-%d}.xlsx")
