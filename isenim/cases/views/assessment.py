"""Needs assessment: recording one, the list of all with observations, and the case page's section."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.forms.assessment import AssessmentForm
from isenim.cases.sections import section
from isenim.cases.selectors import assessment as selectors
from isenim.cases.services import CaseRuleError
from isenim.cases.services import assessment as services
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required


@section("assessment", gettext_lazy("Needs assessment"), "cases/sections/assessment.html", order=10)
def assessment_section(request, case) -> dict:
    rows, count = selectors.assessment_summary(case)
    return {
        "assessment_rows": rows,
        "assessment_count": count,
        "can_assess": can(request.user, Perm.WORK_ON_CASES) and not case.is_closed,
    }


@permission_required(Perm.VIEW_CASES)
def assessment_list(request, number: str):
    case, assessments = selectors.assessments_read(request.user, number)
    context = {
        "case": case,
        "assessments": assessments,
        "can_assess": can(request.user, Perm.WORK_ON_CASES) and not case.is_closed,
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
        except CaseRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Needs assessment recorded."))
            return redirect(reverse("cases:case_detail", args=[case.number]) + "#assessment")
    return render(request, "cases/assessment/assessment_form.html", {"form": form, "case": case})
