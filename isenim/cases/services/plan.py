"""The assistance plan: goals per domain, and their actions (tasks of kind "action") with a responsible
member of the case's team and a due date. Goal and action texts are sealed; the audit says "sealed"."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.choices import Domain, TaskKind
from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case, CaseMember, Goal, Task
from isenim.cases.services import CaseRuleError
from isenim.core.audit import record_change, record_event, snapshot

ACTION_FIELDS = ["assignee_id", "due_on", "done_on"]


def _check_domain(domain: str) -> None:
    if domain not in Domain.values:
        raise CaseRuleError(_("Choose a domain from the list."))


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise CaseRuleError(_("Write what is to be achieved or done."))
    return text


def check_on_team(case: Case, user) -> None:
    """The responsible for an action must be an active member of the case's team."""
    on_team = CaseMember.objects.filter(case=case, user=user, user__is_active=True).exists()
    if not on_team:
        raise CaseRuleError(
            _("%(name)s is not on this case's team: add them to the team first.")
            % {"name": user.display_name()}
        )


def _check_due(case: Case, due_on: date) -> None:
    if due_on < case.opened_on:
        raise CaseRuleError(_("The due date cannot be before the case was opened."))


def _text_marker(changed: bool) -> dict:
    return {"text": "sealed"} if changed else {}


@transaction.atomic
def goal_add(*, actor, case: Case, domain: str, text: str) -> Goal:
    case = lock_open_case(case)
    _check_domain(domain)
    goal = Goal(case=case, domain=domain, created_by=actor)
    goal.text = _check_text(text)
    goal.save()
    record_event(
        actor=actor,
        action="goal.add",
        target=goal,
        after={"case": case.pk, "domain": domain, "text": "sealed"},
    )
    return goal


@transaction.atomic
def goal_update(*, actor, goal: Goal, domain: str, text: str) -> Goal:
    lock_open_case(goal.case_id)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    _check_domain(domain)
    text = _check_text(text)
    before = snapshot(goal, ["domain"])
    text_changed = goal.text != text
    goal.domain = domain
    if text_changed:
        goal.text = text
    goal.save()
    after = snapshot(goal, ["domain"])
    changed = {key for key in before if before[key] != after[key]}
    if changed or text_changed:
        record_event(
            actor=actor,
            action="goal.update",
            target=goal,
            before={**{key: before[key] for key in changed}, **_text_marker(text_changed)},
            after={**{key: after[key] for key in changed}, **_text_marker(text_changed)},
        )
    return goal


@transaction.atomic
def goal_set_achieved(*, actor, goal: Goal, achieved: bool, on: date | None = None) -> Goal:
    """Mark the goal achieved (today unless ``on``), or not achieved after all."""
    lock_open_case(goal.case_id)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if achieved and goal.achieved_on is not None:
        raise CaseRuleError(_("This goal is already marked achieved."))
    if not achieved and goal.achieved_on is None:
        raise CaseRuleError(_("This goal is not marked achieved."))
    before = snapshot(goal, ["achieved_on"])
    goal.achieved_on = (on or timezone.localdate()) if achieved else None
    goal.save(update_fields=["achieved_on"])
    record_change(actor=actor, action="goal.update", target=goal, before=before)
    return goal


@transaction.atomic
def action_add(*, actor, goal: Goal, text: str, assignee, due_on: date) -> Task:
    case = lock_open_case(goal.case_id)
    if goal.achieved_on is not None:
        raise CaseRuleError(_("This goal is marked achieved: mark it not achieved before adding actions."))
    check_on_team(case, assignee)
    _check_due(case, due_on)
    task = Task(case=case, goal=goal, kind=TaskKind.ACTION, assignee=assignee, due_on=due_on)
    task.created_by = actor
    task.text = _check_text(text)
    task.save()
    record_event(
        actor=actor,
        action="task.add",
        target=task,
        after={
            "case": case.pk,
            "goal": goal.pk,
            "kind": TaskKind.ACTION.value,
            "assignee_id": assignee.pk,
            "due_on": due_on.isoformat(),
            "text": "sealed",
        },
    )
    return task


@transaction.atomic
def action_update(*, actor, task: Task, text: str, assignee, due_on: date) -> Task:
    """Change an action's text, responsible or due date (a new responsible must be on the team)."""
    case = lock_open_case(task.case_id)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.done_on is not None:
        raise CaseRuleError(_("This action is already done."))
    if assignee.pk != task.assignee_id:
        check_on_team(case, assignee)
    _check_due(case, due_on)
    text = _check_text(text)
    before = snapshot(task, ACTION_FIELDS)
    text_changed = task.text != text
    if due_on != task.due_on:
        task.reminded_on = None  # a new date deserves a new reminder
    task.assignee, task.due_on = assignee, due_on
    if text_changed:
        task.text = text
    task.save()
    after = snapshot(task, ACTION_FIELDS)
    changed = [key for key in before if before[key] != after[key]]
    if changed or text_changed:
        record_event(
            actor=actor,
            action="task.update",
            target=task,
            before={**{key: before[key] for key in changed}, **_text_marker(text_changed)},
            after={**{key: after[key] for key in changed}, **_text_marker(text_changed)},
        )
    return task


@transaction.atomic
def action_done(*, actor, task: Task, on: date | None = None) -> Task:
    """Mark the action done (today unless ``on``)."""
    lock_open_case(task.case_id)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.done_on is not None:
        raise CaseRuleError(_("This action is already done."))
    done_on = on or timezone.localdate()
    if done_on > timezone.localdate():
        raise CaseRuleError(_("An action cannot be done in the future."))
    before = snapshot(task, ["done_on"])
    task.done_on = done_on
    task.save(update_fields=["done_on"])
    record_change(actor=actor, action="task.done", target=task, before=before)
    return task
