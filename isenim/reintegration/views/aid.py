"""The tool kit chain on a case: request, the director's decision, purchase, handover act, handover; the
director's list of waiting requests; the invoice and signed act downloads."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from isenim.cases.guards import open_for_work
from isenim.cases.selectors import cases as case_selectors
from isenim.cases.views.documents import LimitedMemoryUploadHandler
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.reintegration import selectors
from isenim.reintegration.choices import AidState
from isenim.reintegration.forms import (
    ActLanguageForm,
    AidRequestForm,
    DecisionForm,
    HandoverForm,
    PurchaseForm,
)
from isenim.reintegration.pdf import act_language, handover_act_pdf
from isenim.reintegration.services import aid as services
from isenim.reintegration.services.aid import PurchaseData


def request_url(aid) -> str:
    return reverse("reintegration:request_detail", kwargs={"number": aid.case.number, "pk": aid.pk})


def _file_response(content: bytes, content_type: str, name: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@permission_required(Perm.WORK_ON_CASES)
def request_create(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    trades = list(selectors.trades(request.user, active_only=True))
    profile = selectors.profile_of(request.user, case, record=False)
    chosen = request.GET.get("trade") or (profile.trade_id if profile and profile.trade_id else "")
    trade = next((row for row in trades if str(row.pk) == str(chosen)), None)
    context = {"case": case, "trades": trades, "trade": trade, "form": None}
    if case.is_closed:
        context["refusal"] = _("The case is closed: reopen it to request tools.")
        return render(request, "reintegration/request_form.html", context)
    if trade is None:
        return render(request, "reintegration/request_form.html", context)
    lines = [(item, item.quantity, item.estimated_price_uzs) for item in selectors.kit_of(trade)]
    form = AidRequestForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            aid = services.aid_request_add(
                actor=request.user,
                case=case,
                trade=trade,
                funding_source=form.cleaned_data["funding_source"],
                lines=form.lines(),
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Tool kit requested; it waits for the director's decision."))
            return redirect(request_url(aid))
    context.update(
        form=form,
        budgets=selectors.budgets_of_active(),
        may_manage_budgets=can(request.user, Perm.MANAGE_BUDGETS),
    )
    return render(request, "reintegration/request_form.html", context)


@permission_required(Perm.VIEW_CASES)
@read_only
def request_detail(request, number: str, pk: int):
    aid = selectors.aid_request_for(request.user, number, pk)
    purchase = (
        getattr(aid, "purchase", None) if aid.state in (AidState.PURCHASED, AidState.HANDED_OVER) else None
    )
    handover = getattr(aid, "handover", None) if aid.state == AidState.HANDED_OVER else None
    can_work = open_for_work(request.user, aid.case)
    context = {
        "case": aid.case,
        "aid": aid,
        "items": list(aid.items.all()),
        "comment": selectors.decision_comment(request.user, aid),
        "purchase": purchase,
        "purchase_items": selectors.purchase_items(purchase) if purchase else [],
        "handover": handover,
        "follow_up_tasks": list(aid.follow_up_tasks.select_related("task").order_by("months"))
        if handover
        else [],
        "act_form": ActLanguageForm(initial={"language": act_language("", aid.case.person)}),
        "can_work": can_work,
        "can_decide": open_for_work(request.user, aid.case, Perm.APPROVE_AID)
        and aid.state == AidState.REQUESTED,
    }
    return render(request, "reintegration/request_detail.html", context)


@permission_required(Perm.APPROVE_AID)
@read_only
def waiting_list(request):
    return render(
        request, "reintegration/waiting_list.html", {"waiting": selectors.aid_requests_waiting(request.user)}
    )


@permission_required(Perm.APPROVE_AID)
def request_decide(request, pk: int):
    aid = selectors.waiting_request(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.aid_request_decide(
                actor=request.user,
                request=aid,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("reintegration:waiting_list")
    context = {
        "aid": aid,
        "case": aid.case,
        "items": list(aid.items.all()),
        "budget": selectors.budget_of_source(aid.funding_source),
        "profile": selectors.profile_of(request.user, aid.case),  # why this trade (read: access log)
        "form": form,
    }
    return render(request, "reintegration/decide.html", context)


def _step_refusal(aid, expected: str) -> str:
    refusal = services.state_refusal(aid, expected)
    if refusal:
        return refusal
    if aid.case.is_closed:
        return _("The case is closed: reopen it to go on.")
    return ""


@permission_required(Perm.WORK_ON_CASES)
@csrf_exempt  # only so the upload handlers can be set before the body is read; checked just below
def purchase_create(request, number: str, pk: int):
    request.upload_handlers = [LimitedMemoryUploadHandler(request)]
    return _purchase_create(request, number, pk)


@csrf_protect
def _purchase_create(request, number: str, pk: int):
    aid = selectors.aid_request_for(request.user, number, pk, Perm.WORK_ON_CASES)
    refusal = _step_refusal(aid, AidState.APPROVED)
    form = None
    if not refusal:
        lines = [(item.kit_item, item.quantity, item.unit_price_uzs) for item in aid.items.all()]
        form = PurchaseForm(
            request.POST or None,
            request.FILES or None,
            lines=lines,
            initial={"funding_source": aid.funding_source_id, "purchased_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.purchase_record(
                    actor=request.user,
                    request=aid,
                    data=PurchaseData(
                        supplier=data["supplier"],
                        purchased_on=data["purchased_on"],
                        funding_source=data["funding_source"],
                        lines=form.lines(),
                        invoice=data["invoice"],
                    ),
                )
            except Refusal as error:
                refusal_in_form(form, error)
            else:
                messages.success(
                    request, _("Purchase recorded. Print the handover act for the person to sign.")
                )
                return redirect(request_url(aid))
    context = {"aid": aid, "case": aid.case, "form": form, "refusal": refusal}
    return render(request, "reintegration/purchase_form.html", context)


@permission_required(Perm.WORK_ON_CASES)
@csrf_exempt  # only so the upload handlers can be set before the body is read; checked just below
def handover_create(request, number: str, pk: int):
    request.upload_handlers = [LimitedMemoryUploadHandler(request)]
    return _handover_create(request, number, pk)


@csrf_protect
def _handover_create(request, number: str, pk: int):
    aid = selectors.aid_request_for(request.user, number, pk, Perm.WORK_ON_CASES)
    refusal = _step_refusal(aid, AidState.PURCHASED)
    form = None
    if not refusal:
        form = HandoverForm(
            request.POST or None, request.FILES or None, initial={"handed_over_on": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.handover_record(
                    actor=request.user,
                    request=aid,
                    handed_over_on=form.cleaned_data["handed_over_on"],
                    signed_act=form.cleaned_data["signed_act"] or None,
                )
            except Refusal as error:
                refusal_in_form(form, error)
            else:
                messages.success(
                    request,
                    _("Handover recorded. Follow-ups at 3, 6 and 12 months are in the case manager's work."),
                )
                return redirect(request_url(aid))
    context = {"aid": aid, "case": aid.case, "form": form, "refusal": refusal}
    return render(request, "reintegration/handover_form.html", context)


@permission_required(Perm.VIEW_CASES)
@read_only
def handover_act(request, number: str, pk: int):
    """The act as a PDF in the language chosen on print (an access event of kind "download")."""
    form = ActLanguageForm(request.GET or None)
    language = form.cleaned_data["language"] if form.is_valid() else ""
    act = selectors.handover_act(request.user, number, pk)
    language = act_language(language, act.request.case.person)
    content = handover_act_pdf(act, language=language, staff_member=request.user)
    return _file_response(content, "application/pdf", f"{number}-handover-act-{pk}-{language}.pdf")


@permission_required(Perm.VIEW_CASES)
@read_only
def invoice_download(request, number: str, pk: int):
    purchase, content = selectors.invoice_file(request.user, number, pk)
    name = selectors.file_name(number, f"invoice-{pk}", purchase.invoice_content_type)
    return _file_response(content, purchase.invoice_content_type, name)


@permission_required(Perm.VIEW_CASES)
@read_only
def signed_act_download(request, number: str, pk: int):
    handover, content = selectors.signed_act_file(request.user, number, pk)
    name = selectors.file_name(number, f"signed-act-{pk}", handover.act_content_type)
    return _file_response(content, handover.act_content_type, name)
