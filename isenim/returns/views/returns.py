"""Return home: the section of the case page (order 70), the plan and the steps."""

from dataclasses import replace

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.guards import open_for_work
from isenim.cases.sections import section
from isenim.cases.selectors import cases as case_selectors
from isenim.cases.views import back_to_case
from isenim.core.access import Perm
from isenim.core.decorators import permission_required
from isenim.core.errors import Refusal, refusal_in_form
from isenim.returns import selectors
from isenim.returns.forms import ReturnPlanForm, ReturnStepForm
from isenim.returns.services import returns as services

ANCHOR = "return"


STEP_ROWS = 20  # the latest return steps on the case page; the section's own page shows every one


@section(ANCHOR, gettext_lazy("Return home"), "returns/sections/return.html", order=70, paged=True)
def return_section(request, case, limit: int | None = STEP_ROWS) -> dict:
    view = selectors.return_of(request.user, case)
    steps = view.steps if limit is None else view.steps[-limit:]  # in date order: the latest are last
    return {
        "return_view": replace(view, steps=steps),
        "step_count": len(view.steps),
        "can_work_on_return": open_for_work(request.user, case),
    }


@permission_required(Perm.WORK_ON_CASES)
def return_plan(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    current = selectors.return_of(request.user, case).assistance
    initial = (
        {
            "from_country": current.from_country_id,
            "planned_travel_on": current.planned_travel_on,
            "status": current.status,
        }
        if current
        else {}
    )
    form = ReturnPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.return_plan_save(
                actor=request.user,
                case=case,
                from_country=data["from_country"],
                planned_travel_on=data["planned_travel_on"],
                status=data["status"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Return saved."))
            return back_to_case(case, ANCHOR)
    return render(request, "returns/return_plan_form.html", {"form": form, "case": case})


@permission_required(Perm.WORK_ON_CASES)
def return_step_add(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    form = ReturnStepForm(request.POST or None, initial={"done_by": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        step = services.StepData(
            kind=data["kind"],
            done_on=data["done_on"],
            done_by=data["done_by"],
            partner=data["partner"],
            cost_uzs=data["cost_uzs"],
            note=data["note"],
        )
        try:
            services.return_step_record(actor=request.user, case=case, data=step)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Return step recorded."))
            return back_to_case(case, ANCHOR)
    return render(request, "returns/return_step_form.html", {"form": form, "case": case})
