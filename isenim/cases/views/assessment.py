"""Needs assessment: recording one, the list of all with observations, and the case page's section."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.forms.assessment import AssessmentForm
from isenim.cases.guards import open_for_work
from isenim.cases.sections import section
from isenim.cases.selectors import assessment as selectors
from isenim.cases.services import assessment as services
from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form


@section("assessment", gettext_lazy("Needs assessment"), "cases/sections/assessment.html", order=10)
def assessment_section(request, case) -> dict:
    rows, count = selectors.assessment_summary(case)
    return {
        "assessment_rows": rows,
        "assessment_count": count,
        "can_assess": open_for_work(request.user, case),
    }


@permission_required(Perm.VIEW_CASES)
@read_only
def assessment_list(request, number: str):
    case, assessments = selectors.assessments_read(request.user, number)
    context = {
        "case": case,
        "assessments": assessments,
        "can_assess": open_for_work(request.user, case),
    }
    return render(request, "cases/assessment/assessment_list.html", context)


@permission_required(Perm.WORK_ON_CASES)
def assessment_add(request, number: str):
    case = selectors.case_for_assessment(request.user, number)
    form = AssessmentForm(request.POST or None, case=case, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                actor=request.user,
                case=case,
                assessed_on=form.cleaned_data["assessed_on"],
                entries=form.entries(),
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Needs assessment recorded."))
            return redirect(reverse("cases:case_detail", args=[case.number]) + "#assessment")
    return render(request, "cases/assessment/assessment_form.html", {"form": form, "case": case})
