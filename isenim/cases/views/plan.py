"""The assistance plan: goals per domain, their actions, and the case page's section."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.forms.plan import ActionForm, GoalForm
from isenim.cases.guards import open_for_work
from isenim.cases.sections import first, section
from isenim.cases.selectors import plan as selectors
from isenim.cases.services import plan as services
from isenim.core.access import Perm
from isenim.core.decorators import permission_required, post_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message

PLAN_GOALS = 10  # goals on the case page (open ones first); the plan's own page shows every one
PLAN_ACTIONS = 5  # actions of one goal on the case page (those not done first)


@section("plan", gettext_lazy("Assistance plan"), "cases/sections/plan.html", order=20, paged=True)
def plan_section(request, case, limit: int | None = PLAN_GOALS) -> dict:
    goals = selectors.plan_of(case)
    shown = first(goals, limit)
    if limit is not None:
        for row in shown:
            actions = sorted(row.actions, key=lambda action: action.task.done_on is not None)
            row.actions, row.hidden_actions = actions[:PLAN_ACTIONS], max(len(actions) - PLAN_ACTIONS, 0)
    return {"goals": shown, "goal_count": len(goals), "can_plan": open_for_work(request.user, case)}


def _to_plan(case):
    return redirect(reverse("cases:case_detail", args=[case.number]) + "#plan")


@permission_required(Perm.WORK_ON_CASES)
def goal_add(request, number: str):
    case = selectors.case_for_plan(request.user, number)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_add(actor=request.user, case=case, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Goal added to the plan."))
            return _to_plan(case)
    return render(request, "cases/plan/goal_form.html", {"form": form, "case": case})


@permission_required(Perm.WORK_ON_CASES)
def goal_edit(request, number: str, goal_id: int):
    case, goal = selectors.goal_for_work(request.user, number, goal_id, shows_text=True)
    form = GoalForm(request.POST or None, initial={"domain": goal.domain, "text": goal.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(actor=request.user, goal=goal, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Goal saved."))
            return _to_plan(case)
    return render(request, "cases/plan/goal_form.html", {"form": form, "case": case, "goal": goal})


@permission_required(Perm.WORK_ON_CASES)
@post_only
def goal_achieved(request, number: str, goal_id: int):
    """Mark the goal achieved (``achieved=1``) or not achieved after all (``achieved=0``)."""
    case, goal = selectors.goal_for_work(request.user, number, goal_id)
    achieved = request.POST.get("achieved", "1") != "0"
    try:
        services.goal_set_achieved(actor=request.user, goal=goal, achieved=achieved)
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("Goal marked achieved.") if achieved else _("Goal marked not achieved."))
    return _to_plan(case)


@permission_required(Perm.WORK_ON_CASES)
def action_add(request, number: str, goal_id: int):
    case, goal = selectors.goal_for_work(request.user, number, goal_id, shows_text=True)
    form = ActionForm(request.POST or None, case=case, initial={"assignee": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(actor=request.user, goal=goal, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Action added to the goal."))
            return _to_plan(case)
    return render(request, "cases/plan/action_form.html", {"form": form, "case": case, "goal": goal})


@permission_required(Perm.WORK_ON_CASES)
def action_edit(request, number: str, task_id: int):
    case, task = selectors.action_for_work(request.user, number, task_id, shows_text=True)
    initial = {"text": task.text, "assignee": task.assignee_id, "due_on": task.due_on}
    form = ActionForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(actor=request.user, task=task, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Action saved."))
            return _to_plan(case)
    context = {"form": form, "case": case, "goal": task.goal, "task": task}
    return render(request, "cases/plan/action_form.html", context)


@permission_required(Perm.WORK_ON_CASES)
@post_only
def action_done(request, number: str, task_id: int):
    case, task = selectors.action_for_work(request.user, number, task_id)
    try:
        services.action_done(actor=request.user, task=task, on=timezone.localdate())
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("Action marked done."))
    return _to_plan(case)
