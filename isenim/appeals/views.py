from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.appeals import selectors, services
from isenim.appeals.choices import Appellant
from isenim.appeals.forms import AppealFilterForm, AppealForm, AppellantForm
from isenim.core import search_memo
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required
from isenim.people.selectors import birth_date_would_help

PAGE_SIZE = 25


@permission_required(Perm.VIEW_APPEALS)
def appeal_list(request):
    if request.method == "POST":  # a typed name never goes into the address: see core/search_memo.py
        kept = {key: value for key, value in request.POST.items() if key not in ("q", "csrfmiddlewaretoken")}
        return search_memo.redirect_with_token(request, request.POST.get("q", ""), keep=kept)
    params = {**request.GET.dict(), "q": search_memo.recall(request)}
    form = AppealFilterForm(params if request.GET else None, user=request.user)
    appeals = selectors.filter_appeals(request.user, form.filters() if request.GET else {})
    page = Paginator(appeals, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": bool(request.GET.keys() - {"page"})}
    return render(request, "appeals/appeal_list.html", context)


@permission_required(Perm.VIEW_APPEALS)
def appeal_detail(request, code: str):
    appeal = selectors.appeal_open(request.user, code)
    return render(request, "appeals/appeal_detail.html", {"appeal": appeal})


def _district_id(request) -> int | None:
    raw = request.POST.get("home_district") or request.GET.get("home_district")
    return int(raw) if raw and raw.isdigit() else None


@permission_required(Perm.REGISTER_APPEAL)
def appeal_create(request):
    posted = request.POST if request.method == "POST" else None
    form = AppealForm(posted, initial={"received_on": timezone.localdate()})
    appellant = AppellantForm(posted, user=request.user, district_id=_district_id(request))
    if posted is not None:
        form_ok, appellant_ok = form.is_valid(), appellant.is_valid()  # both, so every error shows
        if form_ok and appellant_ok:
            appeal = services.appeal_register(
                actor=request.user, data=form.to_data(), **appellant.registration(form)
            )
            if can(request.user, Perm.VIEW_APPEALS):
                messages.success(request, _("Appeal %(code)s registered.") % {"code": appeal.code})
                return redirect("appeals:appeal_detail", code=appeal.code)
            # Roles that register but may not read appeals see the code only, on a fresh form.
            messages.success(
                request,
                _("Appeal %(code)s registered. Caseworkers will take it from here.") % {"code": appeal.code},
            )
            return redirect("appeals:appeal_create")
    candidates = appellant.find_candidates() if appellant.choice != Appellant.ANONYMOUS else []
    context = {"form": form, "appellant": appellant, "candidates": candidates, "show_errors": True}
    return render(request, "appeals/appeal_form.html", context)


@permission_required(Perm.VIEW_APPEALS)
def appeal_edit(request, code: str):
    appeal = selectors.appeal_for_edit(request.user, code)
    form = AppealForm(request.POST or None, initial=AppealForm.initial_from(appeal))
    if request.method == "POST" and form.is_valid():
        services.appeal_update(actor=request.user, appeal=appeal, data=form.to_data())
        messages.success(request, _("Appeal %(code)s saved.") % {"code": appeal.code})
        return redirect("appeals:appeal_detail", code=appeal.code)
    return render(request, "appeals/appeal_edit.html", {"form": form, "appeal": appeal})


@permission_required(Perm.VIEW_PEOPLE)
def person_candidates(request):
    """htmx partial: registry people like the name being typed on the intake form (posted, so that
    no name travels in a URL; a plain GET answers an empty list)."""
    posted = request.POST if request.method == "POST" else None
    appellant = AppellantForm(posted, user=request.user, district_id=_district_id(request))
    candidates = appellant.find_candidates()  # the form is not validated: it is still being filled in
    context = {
        "appellant": appellant,
        "candidates": candidates,
        "ask_birth_date": birth_date_would_help(candidates, birth_date_given=appellant.birth_date_typed),
    }
    return render(request, "appeals/_candidates.html", context)
