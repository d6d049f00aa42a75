"""URL arguments of the assistance plan pages for the generated URL test (a goal with one action)."""

from django.utils import timezone

from isenim.core.access import Role


def samples(case, staff) -> dict:
    from isenim.cases.services.plan import action_add, goal_add

    manager = staff[Role.CASE_MANAGER]
    goal = goal_add(actor=manager, case=case, domain="documents", text="Паспортты тиклеў.")
    task = action_add(
        actor=manager, goal=goal, text="Консуллыққа хат жазыў.", assignee=manager, due_on=timezone.localdate()
    )
    number = {"number": case.number}
    return {
        "cases:plan_goal_add": number,
        "cases:plan_goal_edit": {**number, "goal_id": goal.pk},
        "cases:plan_goal_achieved": {**number, "goal_id": goal.pk},
        "cases:plan_action_add": {**number, "goal_id": goal.pk},
        "cases:plan_action_edit": {**number, "task_id": task.pk},
        "cases:plan_action_done": {**number, "task_id": task.pk},
    }
