"""Follow-ups after the handover: the page with the scores over time (chart and table) and the form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.guards import open_for_work
from isenim.cases.selectors import cases as case_selectors
from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.reintegration import selectors
from isenim.reintegration.choices import INDICATORS, Dimension
from isenim.reintegration.forms import FollowUpForm
from isenim.reintegration.models import AidRequest
from isenim.reintegration.scoring import scores_of
from isenim.reintegration.services.followup import FollowUpData, follow_up_record


@permission_required(Perm.VIEW_CASES)
@read_only
def follow_up_list(request, number: str):
    case = case_selectors.case_for_work(request.user, number, Perm.VIEW_CASES)
    rows = selectors.follow_ups_of(request.user, case)
    series = selectors.score_series(rows)
    labels = {
        "economic": str(Dimension.ECONOMIC.label),
        "social": str(Dimension.SOCIAL.label),
        "psychosocial": str(Dimension.PSYCHOSOCIAL.label),
        "composite": _("Composite"),
    }
    context = {
        "case": case,
        "rows": [{"follow_up": row, "scores": scores_of(row)} for row in rows],
        "chart": {**series, "labels": labels, "title": _("Reintegration sustainability, 0 to 1")},
        "indicators": INDICATORS,
        "can_record": open_for_work(request.user, case),
    }
    return render(request, "reintegration/follow_up_list.html", context)


@permission_required(Perm.WORK_ON_CASES)
def follow_up_create(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    handed = selectors.handed_over_requests(request.user, case)
    requests = AidRequest.objects.filter(pk__in=[row.pk for row in handed]).select_related(
        "trade", "handover"
    )
    form = None
    if handed and not case.is_closed:
        initial = {"done_on": timezone.localdate(), "request": handed[-1].pk}
        if "months" in request.GET:
            initial["months"] = request.GET["months"]
        form = FollowUpForm(request.POST or None, requests=requests, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                follow_up_record(
                    actor=request.user,
                    request=data["request"],
                    data=FollowUpData(
                        months=data["months"],
                        done_on=data["done_on"],
                        trade_worked=data["trade_worked"],
                        remigration=data["remigration"],
                        answers=form.answers(),
                        monthly_income_uzs=data["monthly_income_uzs"],
                        notes=data["notes"],
                        early_reason=data["early_reason"],
                    ),
                )
            except Refusal as error:
                refusal_in_form(form, error)
            else:
                messages.success(request, _("Follow-up recorded."))
                return redirect(reverse("reintegration:follow_up_list", kwargs={"number": case.number}))
    refusal = (
        ""
        if form
        else (
            _("The case is closed: reopen it to go on.")
            if case.is_closed
            else _("Follow-ups start once the tools are handed over.")
        )
    )
    return render(
        request, "reintegration/follow_up_form.html", {"case": case, "form": form, "refusal": refusal}
    )
