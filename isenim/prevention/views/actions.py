"""Outreach actions: the list with filters, the month calendar, the action's page, the action form, the
tally entered from the printed sheet, the materials taken and brought back, the sheet (PDF) and the
export (XLSX). Thin: writes go through services.actions, reads through selectors.actions."""

import io
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from isenim.core import disclosure
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.core.spreadsheets import write_xlsx
from isenim.prevention.action_sheet import action_sheet_pdf
from isenim.prevention.choices import TALLY_FIELDS, AgeBand, Sex
from isenim.prevention.forms.actions import ActionFilterForm, ActionForm, MaterialsForm, TallyForm
from isenim.prevention.selectors import actions as selectors
from isenim.prevention.services.actions import (
    action_create,
    action_update,
    materials_draw,
    materials_return,
    tally_enter,
)

PAGE_SIZE = 25


def _file_response(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _filter_form(request) -> ActionFilterForm:
    params = {key: value for key, value in request.GET.items() if key in ActionFilterForm.base_fields}
    return ActionFilterForm(params or None)


def _query(request) -> str:
    """The list's filters as a query string (for the pages and the export), nothing else."""
    return urlencode(
        {key: value for key, value in request.GET.items() if key in ActionFilterForm.base_fields}
    )


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def action_list(request):
    form = _filter_form(request)
    rows = selectors.filter_actions(form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    handed = selectors.handed_out_by_action([action.pk for action in page])
    context = {
        "form": form,
        "page": page,
        "rows": [{"action": action, "handed_out": handed.get(action.pk, 0)} for action in page],
        "summary": selectors.summary(rows),
        "filtered": bool(form.filters()),
        "query": _query(request),
        "can_edit": can(request.user, Perm.EDIT_PREVENTION),
    }
    return render(request, "prevention/actions/action_list.html", context)


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def action_calendar(request):
    today = timezone.localdate()
    first = selectors.month_of(request.GET.get("month"), today)
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    weeks = selectors.month_weeks(first)
    context = {
        "month": first,
        "weeks": weeks,
        "days_with_actions": [day for week in weeks for day in week if day.in_month and day.actions],
        "previous": previous.strftime("%Y-%m") if previous.year >= 1900 else "",
        "following": following.strftime("%Y-%m") if following.year <= 9998 else "",
        "today": today,
        "weekdays": [date_format(day.day, "D") for day in weeks[0]],
        "can_edit": can(request.user, Perm.EDIT_PREVENTION),
    }
    return render(request, "prevention/actions/action_calendar.html", context)


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def action_detail(request, pk: int):
    action = selectors.action_get(pk)
    tally_rows = [
        {"sex": sex.label, "cells": [getattr(action, f"{sex.value}_{band.value}") for band in AgeBand]}
        for sex in Sex
    ]
    context = {
        "action": action,
        "staff": list(action.staff.all()),
        "materials": selectors.materials_of(action),
        "movements": selectors.movements_of(action)[:50],
        "bands": [band.label for band in AgeBand],
        "tally_rows": tally_rows,
        # A count of appeals is case data: only through the disclosure layer (the officer reads no appeal).
        "appeals": disclosure.safe_count(
            selectors.appeals_brought(action), disclosure.screen_k(request.user)
        ),
        "can_edit": can(request.user, Perm.EDIT_PREVENTION),
        "can_register_appeal": can(request.user, Perm.REGISTER_APPEAL),
        "started": action.starts_at <= timezone.now(),
        "register_appeal_url": register_appeal_url(action),
    }
    return render(request, "prevention/actions/action_detail.html", context)


@permission_required(Perm.EDIT_PREVENTION)
def action_create_view(request):
    initial = {"day": timezone.localdate(), "staff": [request.user.pk]}
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = action_create(actor=request.user, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Outreach action added."))
            return redirect("prevention:action_detail", pk=action.pk)
    return render(request, "prevention/actions/action_form.html", {"form": form, "action": None})


@permission_required(Perm.EDIT_PREVENTION)
def action_edit(request, pk: int):
    action = selectors.action_get(pk)
    form = ActionForm(request.POST or None, initial=ActionForm.initial_from(action))
    if request.method == "POST" and form.is_valid():
        try:
            action_update(actor=request.user, action=action, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Outreach action saved."))
            return redirect("prevention:action_detail", pk=action.pk)
    return render(request, "prevention/actions/action_form.html", {"form": form, "action": action})


@permission_required(Perm.EDIT_PREVENTION)
def action_tally(request, pk: int):
    action = selectors.action_get(pk)
    form = TallyForm(request.POST or None, initial=TallyForm.initial_from(action))
    if request.method == "POST" and form.is_valid():
        try:
            tally_enter(
                actor=request.user,
                action=action,
                counts=form.counts(),
                consultations=form.cleaned_data["consultations"],
                confirmed=form.cleaned_data["confirm_large"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("The count of the action is saved."))
            return redirect("prevention:action_detail", pk=action.pk)
    context = {
        "form": form,
        "action": action,
        "too_large": form.too_large or bool(request.POST.get("confirm_large")),
    }
    return render(request, "prevention/actions/action_tally.html", context)


@permission_required(Perm.EDIT_PREVENTION)
def action_materials(request, pk: int):
    action = selectors.action_get(pk)
    initial = {"moved_on": timezone.localtime(action.starts_at).date(), "direction": MaterialsForm.TAKE}
    form = MaterialsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = materials_draw if data["direction"] == MaterialsForm.TAKE else materials_return
        try:
            service(actor=request.user, action=action, lines=data["lines"], moved_on=data["moved_on"])
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            if data["direction"] == MaterialsForm.TAKE:
                messages.success(request, _("Materials taken from stock to the action."))
            else:
                messages.success(request, _("Unused copies returned to stock."))
            return redirect("prevention:action_detail", pk=action.pk)
    context = {"form": form, "action": action, "materials": selectors.materials_of(action)}
    return render(request, "prevention/actions/action_materials.html", context)


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def action_sheet(request, pk: int):
    """The sheet to print and take to the action, in the language of the interface."""
    action = selectors.action_get(pk)
    content = action_sheet_pdf(action, staff_member=request.user)
    day = timezone.localtime(action.starts_at).date().isoformat()
    return _file_response(content, "application/pdf", f"action-{action.pk}-{day}.pdf")


def export_rows(rows):
    """The export's rows, a page of actions at a time (the list can be long)."""
    paginator = Paginator(rows, 500)
    for number in paginator.page_range:
        page = list(paginator.page(number))
        handed = selectors.handed_out_by_action([action.pk for action in page])
        for action in page:
            starts = timezone.localtime(action.starts_at)
            yield [
                starts.date(),
                starts.strftime("%H:%M"),
                timezone.localtime(action.ends_at).strftime("%H:%M") if action.ends_at else "",
                action.get_place_type_display(),
                action.place_name,
                action.district.name(),
                action.assembly.name() if action.assembly_id else "",
                str(action.campaign) if action.campaign_id else "",
                *(getattr(action, name) for name in TALLY_FIELDS),
                action.reach_total if action.tally_entered_at else None,
                action.consultations if action.tally_entered_at else None,
                handed.get(action.pk, 0),
            ]


def export_header() -> list[str]:
    cells = [f"{sex.label}, {band.label}" for sex in Sex for band in AgeBand]
    return [
        _("Date"),
        _("Starts at"),
        _("Ends at"),
        _("Type of place"),
        _("Place"),
        _("District"),
        _("Citizens' assembly"),
        _("Campaign"),
        *cells,
        _("People reached"),
        _("Consultations given"),
        _("Materials handed out"),
    ]


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def action_export(request):
    """The actions of the list's filters as a spreadsheet."""
    form = _filter_form(request)
    rows = selectors.filter_actions(form.filters())
    out = io.BytesIO()
    write_xlsx(out, export_header(), export_rows(rows), title=_("Outreach actions"))
    name = f"outreach-actions-{timezone.localdate().isoformat()}.xlsx"
    return _file_response(
        out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name
    )


def register_appeal_url(action) -> str:
    return f"{reverse('appeals:appeal_create')}?action={action.pk}"
