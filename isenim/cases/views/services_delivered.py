"""Services delivered on a case: the section of the case page and the page that records one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.forms.services import ServiceDeliveryForm, ServiceResultForm
from isenim.cases.guards import open_for_work
from isenim.cases.sections import section
from isenim.cases.selectors import cases as case_selectors
from isenim.cases.selectors import services_delivered as selectors
from isenim.cases.services import services_delivered as services
from isenim.cases.services.services_delivered import ServiceData
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required
from isenim.core.errors import Refusal, refusal_in_form


@section("services", gettext_lazy("Services delivered"), "cases/sections/services.html", order=30, paged=True)
def services_section(request, case, limit: int | None = selectors.SECTION_ROWS) -> dict:
    return {
        "service_rows": selectors.services_of(request.user, case, limit=limit),
        "service_totals": selectors.totals_of(request.user, case),
        "can_record_service": open_for_work(request.user, case),
        "can_edit_catalogues": can(request.user, Perm.EDIT_CATALOGUES),
    }


@permission_required(Perm.WORK_ON_CASES)
def service_add(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    form = ServiceDeliveryForm(request.POST or None, case=case, initial={"provider_user": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = ServiceData(
            service_type=data["service_type"],
            delivered_on=data["delivered_on"],
            provider_user=data["provider_user"],
            provider_partner=data["provider_partner"],
            duration_minutes=data["duration_minutes"],
            cost_uzs=data["cost_uzs"],
            outcome=data["outcome"],
            result=data["result"],
            result_on=data["result_on"],
        )
        try:
            services.service_record(
                actor=request.user,
                case=case,
                data=service,
                follow_up_on=data["follow_up_on"],
                follow_up_assignee=data["follow_up_assignee"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Service recorded."))
            return redirect(f"{case_url(case)}#services")
    return render(request, "cases/services/service_form.html", {"form": form, "case": case})


@permission_required(Perm.WORK_ON_CASES)
def service_result(request, number: str, pk: int):
    """Record or correct the coded result of a service already delivered."""
    case = case_selectors.case_for_work(request.user, number)
    delivery = selectors.delivery_of(request.user, case, pk)
    if delivery is None or not delivery.service_type.result_kind:
        raise Http404
    initial = {"result": delivery.result, "result_on": delivery.result_on}
    form = ServiceResultForm(request.POST or None, delivery=delivery, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_result_set(
                actor=request.user,
                delivery=delivery,
                result=form.cleaned_data["result"],
                result_on=form.cleaned_data["result_on"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Result recorded."))
            return redirect(f"{case_url(case)}#services")
    return render(
        request, "cases/services/service_result.html", {"form": form, "case": case, "delivery": delivery}
    )


def case_url(case) -> str:
    return reverse("cases:case_detail", kwargs={"number": case.number})
