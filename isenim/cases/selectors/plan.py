"""Reading the assistance plan: its goals with their actions, and one goal or action to work on."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from isenim.cases.choices import Domain, TaskKind
from isenim.cases.models import Case, Goal, Task
from isenim.cases.selectors.cases import case_for_work
from isenim.core.access import Perm
from isenim.core.audit import record_access


@dataclass
class ActionRow:
    task: Task
    overdue: bool


@dataclass
class GoalRow:
    goal: Goal
    actions: list[ActionRow] = field(default_factory=list)
    hidden_actions: int = 0  # actions left off the case page (its plan section shows the first few)


def _actions():
    return Task.objects.filter(kind=TaskKind.ACTION).select_related("assignee").order_by("due_on", "id")


def plan_of(case: Case, today: date | None = None) -> list[GoalRow]:
    """The goals of ``case`` (open ones first) with their actions and which are overdue. ``case`` comes
    from a selector that already applied the access policy. Two queries, whatever the plan's size."""
    today = today or timezone.localdate()
    goals = case.goals.prefetch_related(Prefetch("actions", queryset=_actions()))
    rows = []
    for goal in goals:
        actions = [
            ActionRow(task=task, overdue=task.done_on is None and task.due_on < today)
            for task in goal.actions.all()
        ]
        rows.append(GoalRow(goal=goal, actions=actions))
    # Open goals first, then achieved ones, each in the order of the domains.
    order = {domain: index for index, domain in enumerate(Domain.values)}
    rows.sort(key=lambda row: (row.goal.achieved_on is not None, order[row.goal.domain], row.goal.pk))
    return rows


def case_for_plan(user, number: str) -> Case:
    """The case whose plan is changed (Perm.WORK_ON_CASES on one of the user's teams' cases)."""
    return case_for_work(user, number, Perm.WORK_ON_CASES)


def goal_for_work(user, number: str, goal_id: int, *, shows_text: bool = False) -> tuple[Case, Goal]:
    """One goal of a case the user works on; ``shows_text``: the page shows its sealed text (a view)."""
    case = case_for_plan(user, number)
    goal = Goal.objects.filter(case=case, pk=goal_id).first()
    if goal is None:
        raise Http404
    goal.case = case
    if shows_text:
        record_access(actor=user, kind="view", target=case, detail=f"plan goal {goal.pk}")
    return case, goal


def action_for_work(user, number: str, task_id: int, *, shows_text: bool = False) -> tuple[Case, Task]:
    """One action of a case's plan the user works on; ``shows_text`` as for goals."""
    case = case_for_plan(user, number)
    task = _actions().select_related("goal").filter(case=case, pk=task_id).first()
    if task is None:
        raise Http404
    task.case = case
    if shows_text:
        record_access(actor=user, kind="view", target=case, detail=f"plan action {task.pk}")
    return case, task
