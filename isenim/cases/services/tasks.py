"""Finishing a task from "My work" (the plan's own pages add and edit tasks)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.guards import lock_open_case
from isenim.cases.models import Task
from isenim.cases.services import CaseRuleError
from isenim.core.audit import record_event


@transaction.atomic
def task_done(*, actor, task: Task) -> Task:
    """A task of "My work" done today; the case must be open."""
    lock_open_case(task.case_id)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.done_on:
        raise CaseRuleError(_("This task is already done."))
    task.done_on = timezone.localdate()
    task.save(update_fields=["done_on"])
    record_event(
        actor=actor, action="task.done", target=task.case, after={"task": task.pk, "kind": task.kind}
    )
    return task
