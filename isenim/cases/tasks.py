"""Background work of the case file, run by the task worker (django-tasks; `isenim db_worker`).

Reminders carry no personal data: an e-mail says how many tasks are due or overdue and links to "My work";
what they are is read after signing in.
"""

from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from isenim.cases.choices import Status
from isenim.cases.models import Task


def _reminder_text(overdue: int, due_today: int) -> str:
    parts = []
    if overdue:
        parts.append(ngettext("%(n)d task is overdue.", "%(n)d tasks are overdue.", overdue) % {"n": overdue})
    if due_today:
        parts.append(
            ngettext("%(n)d task is due today.", "%(n)d tasks are due today.", due_today) % {"n": due_today}
        )
    return " ".join(parts)


@task()
def send_task_reminders() -> int:
    """One e-mail per member of staff with open tasks due today or overdue (closed cases left out), at
    most once a day. Returns how many people were reminded."""
    today = timezone.localdate()
    due = (
        Task.objects.filter(done_on=None, due_on__lte=today)
        .filter(Q(reminded_on=None) | Q(reminded_on__lt=today))
        .exclude(case__status=Status.CLOSED)  # a closed case's tasks wait for it to be reopened
    )
    overdue, due_today = Counter(), Counter()
    for assignee_id, due_on in due.values_list("assignee_id", "due_on"):
        (overdue if due_on < today else due_today)[assignee_id] += 1
    reminded = 0
    users = get_user_model().objects.filter(pk__in=set(overdue) | set(due_today), is_active=True)
    for user in users:
        if user.email:
            with translation.override(user.language or settings.LANGUAGE_CODE):
                body = _reminder_text(overdue[user.pk], due_today[user.pk])
                link = settings.ISENIM_SITE_URL.rstrip("/") + reverse("cases:my_work")
                send_mail(
                    subject=_("Isenim: tasks waiting for you"),
                    message=f"{body}\n\n{_('Open My work')}: {link}\n",
                    from_email=None,
                    recipient_list=[user.email],
                )
            reminded += 1
    due.update(reminded_on=today)
    return reminded
