from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from isenim.appeals import selectors, services
from isenim.appeals.choices import Appellant
from isenim.appeals.forms import (
    AppealFilterForm,
    AppealForm,
    AppealSettingsForm,
    AppellantForm,
    AssignForm,
    OutcomeForm,
)
from isenim.appeals.intake_extensions import extension_rows
from isenim.appeals.models import AppealSettings
from isenim.core import search_memo
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_message
from isenim.core.forms import parse_id
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
    page.object_list = list(page.object_list)
    names = selectors.names_on_page(request.user, page.object_list)
    for appeal in page.object_list:
        appeal.list_name = names.get(appeal.pk, "")
    can_assign = can(request.user, Perm.ASSIGN_APPEALS)
    context = {
        "form": form,
        "page": page,
        "filtered": bool(request.GET.keys() - {"page"}),
        "summary": selectors.triage_summary(request.user, with_overdue=False),
        "can_assign": can_assign,
        "assign_form": AssignForm(auto_id="bulk_%s") if can_assign else None,
    }
    return render(request, "appeals/appeal_list.html", context)


@permission_required(Perm.VIEW_APPEALS)
@read_only
def appeal_detail(request, code: str):
    user = request.user
    appeal = selectors.appeal_open(user, code)
    may_assign = can(user, Perm.ASSIGN_APPEALS)
    owner = appeal.assigned_to_id == user.pk and can(user, Perm.HANDLE_APPEALS)
    context = {
        "appeal": appeal,
        "history": selectors.appeal_history(appeal),
        "can_assign": appeal.is_open and may_assign,
        "assign_form": AssignForm(initial={"assignee": appeal.assigned_to_id}),
        "can_record_outcome": appeal.is_open and (owner or may_assign),
        # An anonymous appellant gets a record under a pseudonym when a case is opened for them.
        "can_open_anonymous_case": appeal.person_id is None and appeal.is_open and can(user, Perm.OPEN_CASE),
        # Rows the apps above appeals add (intake_extensions.py), e.g. the action it was heard of through.
        "extension_rows": extension_rows(user=user, appeal=appeal),
    }
    return render(request, "appeals/appeal_detail.html", context)


@permission_required(Perm.ASSIGN_APPEALS)
@post_only
def appeal_assign(request, code: str):
    appeal = selectors.appeals_for(request.user).filter(code=code).first()
    if appeal is None:
        raise Http404
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who the appeal is assigned to."))
        return redirect("appeals:appeal_detail", code=appeal.code)
    assignee = form.cleaned_data["assignee"]
    try:
        services.appeal_assign(actor=request.user, appeal=appeal, assignee=assignee)
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(
            request,
            _("Appeal %(code)s assigned to %(name)s.")
            % {"code": appeal.code, "name": assignee.display_name()},
        )
    return redirect("appeals:appeal_detail", code=appeal.code)


def _back_to_list(request):
    """Back to the list as it was (its filters), never to another site."""
    back = request.POST.get("next", "")
    list_url = reverse("appeals:appeal_list")
    return redirect(back if back.startswith(list_url) and "//" not in back else list_url)


@permission_required(Perm.ASSIGN_APPEALS)
@post_only
def appeals_assign(request):
    """The list's checkboxes: several appeals to one owner at once (all, or none if one is refused)."""
    appeals = selectors.appeals_to_assign(request.user, request.POST.getlist("appeals"))
    form = AssignForm(request.POST)
    if not appeals:
        messages.error(request, _("Tick the appeals to assign."))
    elif not form.is_valid():
        messages.error(request, _("Choose who the appeals are assigned to."))
    else:
        assignee = form.cleaned_data["assignee"]
        try:
            services.appeals_assign(actor=request.user, appeals=appeals, assignee=assignee)
        except Refusal as error:
            refusal_message(request, error)
        else:
            count = len(appeals)
            text = ngettext(
                "%(count)d appeal assigned to %(name)s.", "%(count)d appeals assigned to %(name)s.", count
            )
            messages.success(request, text % {"count": count, "name": assignee.display_name()})
    return _back_to_list(request)


@permission_required(Perm.HANDLE_APPEALS)
def appeal_outcome(request, code: str):
    appeal = selectors.appeal_for_outcome(request.user, code)
    if not appeal.is_open:
        messages.info(request, _("This appeal already has its outcome."))
        return redirect("appeals:appeal_detail", code=appeal.code)
    form = OutcomeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_record_outcome(actor=request.user, appeal=appeal, data=form.to_data())
        except Refusal as error:
            form.add_error(None, str(error))  # the refusal above the form, what was typed kept
        else:
            messages.success(request, _("Outcome of appeal %(code)s recorded.") % {"code": appeal.code})
            return redirect("appeals:appeal_detail", code=appeal.code)
    return render(request, "appeals/appeal_outcome.html", {"form": form, "appeal": appeal})


@permission_required(Perm.SET_APPEAL_DEADLINES)
def appeal_settings(request):
    current = AppealSettings.current()
    form = AppealSettingsForm(
        request.POST or None, initial={"working_days_to_act": current.working_days_to_act}
    )
    if request.method == "POST" and form.is_valid():
        services.settings_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("appeals:appeal_settings")
    return render(request, "appeals/appeal_settings.html", {"form": form})


def _district_id(request) -> int | None:
    return parse_id(request.POST.get("home_district") or request.GET.get("home_district"))


@permission_required(Perm.REGISTER_APPEAL)
def appeal_create(request):
    posted = request.POST if request.method == "POST" else None
    initial = {"received_on": timezone.localdate(), **AppealForm.initial_from_query(request.GET)}
    form = AppealForm(posted, initial=initial)
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
