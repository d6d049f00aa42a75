"""The reintegration section of the case page and the vocational profile form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.guards import open_for_work
from isenim.cases.sections import first, section
from isenim.cases.selectors import cases as case_selectors
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required
from isenim.core.errors import Refusal, refusal_in_form
from isenim.reintegration import selectors
from isenim.reintegration.forms import ProfileForm
from isenim.reintegration.scoring import scores_of
from isenim.reintegration.services.profile import ProfileData, profile_save


def back_to_case(case):
    return redirect(reverse("cases:case_detail", kwargs={"number": case.number}) + "#reintegration")


AID_ROWS = 10  # tool kit requests on the case page; the section's own page shows every one


@section(
    "reintegration",
    gettext_lazy("Reintegration: a trade and tools"),
    "reintegration/section.html",
    order=90,
    paged=True,
)
def reintegration_section(request, case, limit: int | None = AID_ROWS) -> dict:
    user = request.user
    requests = selectors.aid_requests_of(user, case)
    follow_ups = [row for aid in requests for row in aid.follow_ups.all()]
    latest = max(follow_ups, key=lambda row: (row.done_on, row.pk), default=None)
    return {
        "profile": selectors.profile_of(user, case),
        "aid_requests": first(requests, limit),
        "aid_request_count": len(requests),
        "latest_follow_up": latest,
        "latest_scores": scores_of(latest) if latest else None,
        "follow_up_count": len(follow_ups),
        "can_follow_up": any(aid.state == "handed_over" for aid in requests),
        "can_work": open_for_work(user, case),
        "can_approve": can(user, Perm.APPROVE_AID),
    }


@permission_required(Perm.WORK_ON_CASES)
def profile_edit(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    profile = selectors.profile_of(request.user, case)
    person = case.person
    initial = {"education_level": person.education_level, "education_speciality": person.education_speciality}
    if profile is not None:
        initial.update(
            skills=profile.skills,
            work_history=profile.work_history,
            trade_wanted=profile.trade_wanted,
            trade=profile.trade_id,
            trade_reason=profile.trade_reason,
        )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile_save(actor=request.user, case=case, data=ProfileData(**form.cleaned_data))
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Vocational profile saved."))
            return back_to_case(case)
    return render(request, "reintegration/profile_form.html", {"case": case, "form": form})
