"""The case itself: list, opening, the case page, its team and status, closure and approvals."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.appeals.forms import PseudonymForm
from isenim.appeals.selectors import appeals_for
from isenim.cases import forms
from isenim.cases.choices import ApprovalKind, Status
from isenim.cases.guards import open_for_work
from isenim.cases.models import CaseworkSettings
from isenim.cases.sections import render_section, render_sections
from isenim.cases.selectors import cases as selectors
from isenim.cases.services import cases as services
from isenim.cases.services.cases import CaseData
from isenim.core.access import Perm, can, cases_for
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message
from isenim.core.forms import parse_id
from isenim.people.selectors import active_people, record_viewed

PAGE_SIZE = 25


@permission_required(Perm.VIEW_CASES)
@read_only
def case_list(request):
    form = forms.CaseFilterForm(request.GET or None)
    cases = selectors.case_list(request.user, form.filters() if request.GET else selectors.CaseFilters())
    page = selectors.case_page(cases, request.GET.get("page"), PAGE_SIZE)
    names = selectors.names_on_page(request.user, page.object_list)
    for case in page.object_list:
        case.list_name = names.get(case.pk, "")
    context = {"form": form, "page": page, "filtered": bool(request.GET.keys() - {"page"})}
    return render(request, "cases/case_list.html", context)


def _source(request):
    """The appeal or person a new case is opened for (``?appeal=APL-…`` or ``?person=ISN-…``). The person
    is None for an anonymous appeal: a record under a pseudonym is made when the case is opened."""
    appeal_code = request.GET.get("appeal") or request.POST.get("appeal")
    if appeal_code:
        appeal = get_object_or_404(appeals_for(request.user), code=appeal_code)
        return appeal.person, appeal
    person = get_object_or_404(
        active_people(request.user), code=request.GET.get("person") or request.POST.get("person")
    )
    return person, None


@permission_required(Perm.OPEN_CASE)
def case_create(request):
    if not (request.GET.get("appeal") or request.GET.get("person")):
        return render(request, "cases/case_open_start.html")
    person, appeal = _source(request)
    if person is not None:
        # The page shows the person's name and the cases they already have: a view, like every such page.
        record_viewed(request.user, [person], purpose="case opening")
    initial = {"opened_on": timezone.localdate(), "manager": request.user}
    form = forms.CaseOpenForm(request.POST or None, initial=initial)
    pseudonym = PseudonymForm(request.POST or None) if person is None else None
    if request.method == "POST" and form.is_valid() and (pseudonym is None or pseudonym.is_valid()):
        data = CaseData(
            priority=form.cleaned_data["priority"],
            risk=form.cleaned_data["risk"],
            manager=form.cleaned_data["manager"],
            opened_on=form.cleaned_data["opened_on"],
        )
        team = form.cleaned_data["team"]
        try:
            if person is None:
                case = services.case_open_anonymous(
                    actor=request.user,
                    appeal=appeal,
                    pseudonym=pseudonym.cleaned_data["pseudonym"],
                    data=data,
                    team=team,
                )
            else:
                case = services.case_open(
                    actor=request.user, person=person, appeal=appeal, data=data, team=team
                )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return redirect("cases:case_detail", number=case.number)
    existing = cases_for(request.user).filter(person=person).order_by("-opened_on") if person else []
    context = {"form": form, "person": person, "appeal": appeal, "existing": existing, "pseudonym": pseudonym}
    return render(request, "cases/case_open.html", context)


@permission_required(Perm.VIEW_CASES)
@read_only
def case_detail(request, number: str):
    case = selectors.case_open(request.user, number)
    context = {
        "case": case,
        "team": selectors.team_of(case),
        "moves": [(status, Status(status).label) for status in services.allowed_moves(case)],
        "pending": {approval.kind: approval for approval in case.approvals.filter(state="pending")},
        "plan_approval_missing": case.status == Status.PLAN and services.plan_approval_missing(case),
        "can_work": open_for_work(request.user, case),
        "can_manage": open_for_work(request.user, case, Perm.OPEN_CASE),
        "can_approve": can(request.user, Perm.APPROVE_CASES),
        "can_reopen": case.is_closed and can(request.user, Perm.APPROVE_CASES),
        "team_form": forms.TeamAddForm(case=case),
        "closure_form": forms.ClosureRequestForm(),
        "reopen_form": forms.ReopenForm(),
        "sections": render_sections(request, case),
    }
    return render(request, "cases/case_detail.html", context)


@permission_required(Perm.VIEW_CASES)
@read_only
def case_section(request, number: str, key: str):
    """One part of the case page with every row: the case page shows the first of them and links here."""
    case = selectors.case_open(request.user, number)
    part = render_section(request, case, key)
    if part is None:
        raise Http404
    return render(request, "cases/case_section.html", {"case": case, "part": part})


@permission_required(Perm.OPEN_CASE)
def case_edit(request, number: str):
    case = selectors.case_for_work(request.user, number, Perm.OPEN_CASE)
    initial = {"priority": case.priority, "risk": case.risk, "manager": case.manager}
    form = forms.CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Case %(number)s saved.") % {"number": case.number})
            return redirect("cases:case_detail", number=case.number)
    return render(request, "cases/case_edit.html", {"form": form, "case": case})


def _back(case):
    return redirect("cases:case_detail", number=case.number)


@permission_required(Perm.OPEN_CASE)
@post_only
def team_add(request, number: str):
    case = selectors.case_for_work(request.user, number, Perm.OPEN_CASE)
    form = forms.TeamAddForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.team_add(actor=request.user, case=case, user=form.cleaned_data["user"])
        except Refusal as error:
            refusal_message(request, error)
    else:
        messages.error(request, _("Choose a staff member to add."))
    return _back(case)


@permission_required(Perm.OPEN_CASE)
@post_only
def team_remove(request, number: str, user_id: int):
    case = selectors.case_for_work(request.user, number, Perm.OPEN_CASE)
    if parse_id(user_id) is None:  # twenty digits are nobody (SQLite would fail on them in the lookup)
        raise Http404
    member = get_object_or_404(case.members.select_related("user"), user_id=user_id)
    try:
        services.team_remove(actor=request.user, case=case, user=member.user)
    except Refusal as error:
        refusal_message(request, error)
    return _back(case)


@permission_required(Perm.WORK_ON_CASES)
@post_only
def status_change(request, number: str):
    case = selectors.case_for_work(request.user, number)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
        return _back(case)
    try:
        services.status_change(actor=request.user, case=case, to_status=form.cleaned_data["to_status"])
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(
            request,
            _("The case is now: %(status)s.") % {"status": Status(form.cleaned_data["to_status"]).label},
        )
    return _back(case)


@permission_required(Perm.WORK_ON_CASES)
def closure_request(request, number: str):
    case = selectors.case_for_work(request.user, number)
    form = forms.ClosureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_request(
                actor=request.user, case=case, kind=ApprovalKind.CLOSURE, **form.cleaned_data
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Closure requested: the director decides."))
            return _back(case)
    return render(request, "cases/closure_request.html", {"form": form, "case": case})


@permission_required(Perm.APPROVE_CASES)
@post_only
def case_reopen(request, number: str):
    """Only the director reopens a closed case, saying why (the form is on the case page)."""
    case = selectors.case_for_work(request.user, number, Perm.APPROVE_CASES)
    try:
        services.case_reopen(actor=request.user, case=case, reason=request.POST.get("reason", ""))
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("The case is now: %(status)s.") % {"status": Status.OPEN.label})
    return _back(case)


@permission_required(Perm.WORK_ON_CASES)
@post_only
def plan_approval_request(request, number: str):
    case = selectors.case_for_work(request.user, number)
    try:
        services.approval_request(actor=request.user, case=case, kind=ApprovalKind.PLAN)
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("Plan sent to the director for approval."))
    return _back(case)


@permission_required(Perm.APPROVE_CASES)
@read_only
def approval_list(request):
    approvals = selectors.waiting_approvals(request.user)
    return render(request, "cases/approval_list.html", {"approvals": approvals})


@permission_required(Perm.APPROVE_CASES)
def approval_decide(request, pk: int):
    approval = get_object_or_404(selectors.waiting_approvals(request.user, on_closed_cases=True), pk=pk)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.approval_decide(
                actor=request.user, approval=approval, approve=approve, comment=form.cleaned_data["comment"]
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return _back(approval.case)
    return render(request, "cases/approval_decide.html", {"form": form, "approval": approval})


@permission_required(Perm.APPROVE_CASES)
def casework_settings(request):
    current = CaseworkSettings.current()
    form = forms.CaseworkSettingsForm(
        request.POST or None, initial={"plan_needs_approval": current.plan_needs_approval}
    )
    if request.method == "POST" and form.is_valid():
        services.settings_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("cases:casework_settings")
    return render(request, "cases/casework_settings.html", {"form": form})
