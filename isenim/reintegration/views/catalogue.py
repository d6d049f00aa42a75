"""Trades and their tool kits (Perm.EDIT_CATALOGUES); funding sources and budgets (Perm.MANAGE_BUDGETS)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.reintegration import selectors
from isenim.reintegration.forms import FundingSourceForm, KitItemForm, TradeForm
from isenim.reintegration.services import catalogue as services
from isenim.reintegration.services.funding import funding_source_save


@permission_required(Perm.EDIT_CATALOGUES)
@read_only
def trade_list(request):
    return render(request, "reintegration/trade_list.html", {"trades": selectors.trades(request.user)})


@permission_required(Perm.EDIT_CATALOGUES)
@read_only
def trade_detail(request, pk: int):
    trade = selectors.trade_get(request.user, pk)
    items = selectors.kit_of(trade, active_only=False)
    total = sum(item.quantity * item.estimated_price_uzs for item in items if item.active)
    return render(
        request, "reintegration/trade_detail.html", {"trade": trade, "items": items, "total": total}
    )


def _trade_form(request, trade=None):
    form = TradeForm(request.POST or None, instance=trade)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.trade_save(
                actor=request.user,
                trade=trade,
                code=data["code"],
                names=form.names(),
                source=data["source"],
                verified=data["verified"],
                active=data["active"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("“%(name)s” saved.") % {"name": saved.name()})
            return redirect("reintegration:trade_detail", pk=saved.pk)
    return render(request, "reintegration/trade_form.html", {"form": form, "trade": trade})


@permission_required(Perm.EDIT_CATALOGUES)
def trade_create(request):
    return _trade_form(request)


@permission_required(Perm.EDIT_CATALOGUES)
def trade_edit(request, pk: int):
    return _trade_form(request, selectors.trade_get(request.user, pk))


def _item_form(request, trade, item=None):
    form = KitItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.kit_item_save(
                actor=request.user,
                trade=trade,
                item=item,
                code=data["code"],
                names=form.names(),
                quantity=data["quantity"],
                estimated_price_uzs=data["estimated_price_uzs"],
                source=data["source"],
                verified=data["verified"],
                active=data["active"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Tool kit saved."))
            return redirect("reintegration:trade_detail", pk=trade.pk)
    return render(request, "reintegration/kit_item_form.html", {"form": form, "trade": trade, "item": item})


@permission_required(Perm.EDIT_CATALOGUES)
def kit_item_create(request, pk: int):
    return _item_form(request, selectors.trade_get(request.user, pk))


@permission_required(Perm.EDIT_CATALOGUES)
def kit_item_edit(request, pk: int, item_pk: int):
    trade = selectors.trade_get(request.user, pk)
    return _item_form(request, trade, selectors.kit_item_get(request.user, trade, item_pk))


@permission_required(Perm.MANAGE_BUDGETS)
@read_only
def funding_list(request):
    return render(
        request, "reintegration/funding_list.html", {"budgets": selectors.funding_budgets(request.user)}
    )


def _funding_form(request, source=None):
    form = FundingSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        try:
            funding_source_save(actor=request.user, source=source, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Funding source saved."))
            return redirect("reintegration:funding_list")
    budget = selectors.funding_budget(request.user, source.pk) if source else None
    return render(
        request, "reintegration/funding_form.html", {"form": form, "source": source, "budget": budget}
    )


@permission_required(Perm.MANAGE_BUDGETS)
def funding_create(request):
    return _funding_form(request)


@permission_required(Perm.MANAGE_BUDGETS)
def funding_edit(request, pk: int):
    return _funding_form(request, selectors.funding_source_get(request.user, pk))
