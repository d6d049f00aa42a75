"""Document restoration: the section of the case page (order 75), applications, status moves, handover."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.guards import open_for_work
from isenim.cases.sections import first, section
from isenim.cases.selectors import cases as case_selectors
from isenim.cases.views import back_to_case
from isenim.core.access import Perm
from isenim.core.decorators import permission_required
from isenim.core.errors import Refusal, refusal_in_form
from isenim.returns import selectors
from isenim.returns.forms import ApplicationForm, ApplicationMoveForm, HandOverForm
from isenim.returns.models import EXPIRY_MARGIN_DAYS
from isenim.returns.services import documents as services

ANCHOR = "document-applications"


APPLICATION_ROWS = 20  # the latest applications on the case page; the section's own page shows every one


@section(ANCHOR, gettext_lazy("Restoring documents"), "returns/sections/documents.html", order=75, paged=True)
def documents_section(request, case, limit: int | None = APPLICATION_ROWS) -> dict:
    rows = selectors.applications_of(request.user, case)
    shown = rows if limit is None else rows[-limit:]  # in the order they were made: the latest are last
    return {
        "application_rows": shown,
        "application_count": len(rows),
        "planned_travel_on": selectors.planned_travel_of(case),
        "expiry_warnings": first([row for row in rows if row.expiry_warning], limit),
        "expiry_margin_days": EXPIRY_MARGIN_DAYS,
        "can_work_on_documents": open_for_work(request.user, case),
    }


@permission_required(Perm.WORK_ON_CASES)
def application_add(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_add(
                actor=request.user,
                case=case,
                doc_type=data["doc_type"],
                mission=data["mission"],
                applied_on=data["applied_on"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Document application recorded."))
            return back_to_case(case, ANCHOR)
    return render(request, "returns/application_form.html", {"form": form, "case": case})


@permission_required(Perm.WORK_ON_CASES)
def application_move(request, number: str, pk: int):
    application = selectors.application_for_work(request.user, number, pk)
    case = application.case
    form = ApplicationMoveForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        move = services.MoveData(
            to_status=data["to_status"],
            on=data["on"],
            number=data["number"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            mission=data["mission"],
        )
        try:
            services.application_move(actor=request.user, application=application, data=move)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Application status changed."))
            return back_to_case(case, ANCHOR)
    context = {"form": form, "case": case, "application": application}
    return render(request, "returns/application_move.html", context)


@permission_required(Perm.WORK_ON_CASES)
def application_hand_over(request, number: str, pk: int):
    application = selectors.application_for_work(request.user, number, pk)
    case = application.case
    form = HandOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_hand_over(
                actor=request.user, application=application, on=form.cleaned_data["on"]
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Handover recorded; the identity checklist says “restored”."))
            return back_to_case(case, ANCHOR)
    context = {"form": form, "case": case, "application": application}
    return render(request, "returns/application_hand_over.html", context)
