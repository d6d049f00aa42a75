"""Meetings with residents: the project's list with filters, the meeting's page, the meeting form, the
attendance entered from the printed sheet, the materials handed out, and the attendance sheet (PDF). Thin:
writes go through services.meetings, reads through selectors.meetings."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core import disclosure
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.geo.models import AdminUnit
from isenim.grants.forms.meetings import AttendanceForm, MeetingFilterForm, MeetingForm, MeetingMaterialsForm
from isenim.grants.intake import register_appeal_url
from isenim.grants.meeting_sheet import meeting_sheet_pdf
from isenim.grants.models import Meeting
from isenim.grants.selectors import meetings as selectors
from isenim.grants.selectors.coverage import is_target, target_assemblies
from isenim.grants.selectors.projects import project_get
from isenim.grants.services.meetings import (
    attendance_enter,
    meeting_create,
    meeting_materials_draw,
    meeting_update,
)
from isenim.prevention.choices import AgeBand, Sex

PAGE_SIZE = 25


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("project", "assembly", "assembly__parent", "created_by"), pk=pk
    )


def _outside_warning(request, meeting: Meeting) -> None:
    if not is_target(meeting.project, meeting.assembly_id):
        messages.warning(
            request,
            _(
                "%(assembly)s is not one of the project's target assemblies: the meeting is saved, but it "
                "does not count in the coverage."
            )
            % {"assembly": meeting.assembly.name()},
        )


@permission_required(Perm.VIEW_GRANTS)
@read_only
def meeting_list(request, pk: int):
    project = project_get(pk)
    met = AdminUnit.objects.filter(pk__in=project.meetings.values("assembly_id")).order_by("code")
    assemblies = {unit.pk: unit for unit in target_assemblies(project)}
    for unit in met:
        assemblies.setdefault(unit.pk, unit)
    params = {key: value for key, value in request.GET.items() if key in MeetingFilterForm.base_fields}
    form = MeetingFilterForm(params or None, project=project, assemblies=assemblies.values())
    filters = form.filters()
    rows = selectors.meetings_of(project, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    targets = set(project.communities.values_list("assembly_id", flat=True))
    context = {
        "project": project,
        "form": form,
        "page": page,
        "rows": [{"meeting": meeting, "target": meeting.assembly_id in targets} for meeting in page],
        "summary": selectors.summary(rows),
        "filtered": bool(filters),
        "can_record": can(request.user, Perm.RECORD_MEETINGS),
    }
    return render(request, "grants/meetings/meeting_list.html", context)


@permission_required(Perm.VIEW_GRANTS)
@read_only
def meeting_detail(request, pk: int):
    meeting = _meeting(pk)
    tally_rows = [
        {"sex": sex.label, "cells": [getattr(meeting, f"{sex.value}_{band.value}") for band in AgeBand]}
        for sex in Sex
    ]
    context = {
        "meeting": meeting,
        "project": meeting.project,
        "target": is_target(meeting.project, meeting.assembly_id),
        "topics": list(meeting.topics.all()),
        "materials": selectors.materials_of(meeting),
        "bands": [band.label for band in AgeBand],
        "tally_rows": tally_rows,
        # Appeals are case data: a count through the disclosure layer, never a list.
        "appeals": selectors.appeals_after(meeting, disclosure.screen_k(request.user)),
        "held": meeting.held_on <= timezone.localdate(),
        "can_record": can(request.user, Perm.RECORD_MEETINGS),
        "can_register_appeal": can(request.user, Perm.REGISTER_APPEAL),
        "register_appeal_url": register_appeal_url(meeting),
    }
    return render(request, "grants/meetings/meeting_detail.html", context)


@permission_required(Perm.RECORD_MEETINGS)
def meeting_create_view(request, pk: int):
    project = project_get(pk)
    initial = {"held_on": min(max(timezone.localdate(), project.starts_on), project.ends_on)}
    form = MeetingForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(actor=request.user, project=project, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Meeting with residents added."))
            _outside_warning(request, meeting)
            return redirect("grants:meeting_detail", pk=meeting.pk)
    return render(
        request, "grants/meetings/meeting_form.html", {"form": form, "project": project, "meeting": None}
    )


@permission_required(Perm.RECORD_MEETINGS)
def meeting_edit(request, pk: int):
    meeting = _meeting(pk)
    form = MeetingForm(
        request.POST or None, project=meeting.project, initial=MeetingForm.initial_from(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_update(actor=request.user, meeting=meeting, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Meeting with residents saved."))
            _outside_warning(request, meeting)
            return redirect("grants:meeting_detail", pk=meeting.pk)
    context = {"form": form, "project": meeting.project, "meeting": meeting}
    return render(request, "grants/meetings/meeting_form.html", context)


@permission_required(Perm.RECORD_MEETINGS)
def meeting_attendance(request, pk: int):
    meeting = _meeting(pk)
    form = AttendanceForm(request.POST or None, initial=AttendanceForm.initial_from(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            attendance_enter(
                actor=request.user,
                meeting=meeting,
                counts=form.counts(),
                total=form.cleaned_data["total"],
                confirmed=form.cleaned_data["confirm_large"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("The attendance of the meeting is saved."))
            return redirect("grants:meeting_detail", pk=meeting.pk)
    context = {
        "form": form,
        "meeting": meeting,
        "too_large": form.too_large or bool(request.POST.get("confirm_large")),
    }
    return render(request, "grants/meetings/meeting_attendance.html", context)


@permission_required(Perm.RECORD_MEETINGS)
def meeting_materials(request, pk: int):
    meeting = _meeting(pk)
    initial = {"moved_on": min(meeting.held_on, timezone.localdate())}
    form = MeetingMaterialsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_materials_draw(
                actor=request.user, meeting=meeting, lines=data["lines"], moved_on=data["moved_on"]
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Materials handed out at the meeting drawn from stock."))
            return redirect("grants:meeting_detail", pk=meeting.pk)
    context = {"form": form, "meeting": meeting, "materials": selectors.materials_of(meeting)}
    return render(request, "grants/meetings/meeting_materials.html", context)


@permission_required(Perm.VIEW_GRANTS)
@read_only
def meeting_sheet(request, pk: int):
    """The attendance sheet to print and take to the meeting, in the language of the interface."""
    meeting = _meeting(pk)
    content = meeting_sheet_pdf(meeting, staff_member=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="meeting-{meeting.pk}-{meeting.held_on.isoformat()}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
