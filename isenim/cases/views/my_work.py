"""The "My work" page: my cases, overdue tasks, referrals waiting for me, follow-ups due this week."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from isenim.cases.selectors.my_work import LIST_CAP, open_tasks_of
from isenim.cases.selectors.my_work import my_work as my_work_of
from isenim.cases.services.tasks import task_done
from isenim.core.access import Perm
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_message


@permission_required(Perm.VIEW_CASES)
@read_only
def my_work(request):
    return render(request, "cases/my_work.html", {"work": my_work_of(request.user), "cap": LIST_CAP})


@permission_required(Perm.WORK_ON_CASES)
@post_only
def my_task_done(request, pk: int):
    task = get_object_or_404(open_tasks_of(request.user, on_closed_cases=True), pk=pk)
    try:
        task_done(actor=request.user, task=task)
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("Task marked done."))
    return redirect("cases:my_work")
