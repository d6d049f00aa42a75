"""Referrals of a case: the section of the case page, sending, recording an incoming one, one referral's
page with its status workflow."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.choices import REFERRAL_TRANSITIONS, Direction
from isenim.cases.forms.services import IncomingReferralForm, OutgoingReferralForm, ReferralStatusForm
from isenim.cases.guards import open_for_work
from isenim.cases.sections import section
from isenim.cases.selectors import cases as case_selectors
from isenim.cases.selectors import referrals as selectors
from isenim.cases.services import referrals as services
from isenim.cases.services.referrals import ConsentMissing, ReferralData
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form


@section("referrals", gettext_lazy("Referrals"), "cases/sections/referrals.html", order=40, paged=True)
def referrals_section(request, case, limit: int | None = selectors.SECTION_ROWS) -> dict:
    rows = selectors.referrals_of(request.user, case, limit=limit)
    full = limit is None or len(rows) < limit
    return {
        "referral_count": len(rows) if full else selectors.referral_count(request.user, case),
        "referrals_shown": len(rows),
        "outgoing": [row for row in rows if row.direction == Direction.OUTGOING],
        "incoming": [row for row in rows if row.direction == Direction.INCOMING],
        "can_refer": open_for_work(request.user, case),
        "can_edit_catalogues": can(request.user, Perm.EDIT_CATALOGUES),
    }


def _case_page(case):
    return redirect(reverse("cases:case_detail", kwargs={"number": case.number}) + "#referrals")


def _referral_form(request, number: str, *, outgoing: bool):
    case = case_selectors.case_for_work(request.user, number)
    form_class = OutgoingReferralForm if outgoing else IncomingReferralForm
    form = form_class(request.POST or None, case=case, initial={"handler": request.user.pk})
    consent_missing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = ReferralData(
            partner=data["partner"],
            reason=data["reason"],
            sent_on=data["sent_on"],
            handler=data["handler"],
            shares_personal_data=data.get("shares_personal_data", False),
        )
        record = services.referral_send if outgoing else services.referral_receive
        try:
            record(actor=request.user, case=case, data=referral)
        except Refusal as error:
            # A missing consent also says where to record it (ConsentMissing carries the link).
            consent_missing = error if isinstance(error, ConsentMissing) else None
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Referral sent.") if outgoing else _("Incoming referral recorded."))
            return _case_page(case)
    context = {"form": form, "case": case, "outgoing": outgoing, "consent_missing": consent_missing}
    return render(request, "cases/referrals/referral_form.html", context)


@permission_required(Perm.WORK_ON_CASES)
def referral_send(request, number: str):
    return _referral_form(request, number, outgoing=True)


@permission_required(Perm.WORK_ON_CASES)
def referral_receive(request, number: str):
    return _referral_form(request, number, outgoing=False)


@permission_required(Perm.VIEW_CASES)
@read_only
def referral_detail(request, number: str, pk: int):
    """One referral: its reason and feedback, and (for the team) the form that moves its status."""
    referral = selectors.referral_open(request.user, number, pk)
    form = ReferralStatusForm(referral=referral, initial={"feedback": referral.feedback})
    return _detail(request, referral, form)


def _detail(request, referral, form):
    context = {
        "referral": referral,
        "case": referral.case,
        "form": form,
        "can_move": open_for_work(request.user, referral.case)
        and bool(REFERRAL_TRANSITIONS[referral.status]),
    }
    return render(request, "cases/referrals/referral_detail.html", context)


@permission_required(Perm.WORK_ON_CASES)
@post_only
def referral_status(request, number: str, pk: int):
    referral = selectors.referral_for_work(request.user, number, pk)
    form = ReferralStatusForm(request.POST, referral=referral)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_status(
                actor=request.user,
                referral=referral,
                to_status=data["to_status"],
                on=data["on"],
                feedback=data["feedback"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Referral status changed."))
            return _case_page(referral.case)
    # The page again, with what was typed and why it was refused (it shows the referral: a view).
    return _detail(request, selectors.referral_open(request.user, number, pk), form)
