"""Background work of grant projects, run by the task worker (django-tasks; ``isenim daily``).

The reminder carries no figures: it says which project's report for which period is due when, and links to
the project's page."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from isenim.grants.selectors.projects import reports_due

# A report is reminded a week before it is due, the day before, on the day, and every week once overdue.
REMIND_DAYS_BEFORE = (7, 1, 0)


def _should_remind(due_on, today) -> bool:
    days = (due_on - today).days
    return days in REMIND_DAYS_BEFORE or (days < 0 and -days % 7 == 0)


@task()
def send_grant_report_reminders() -> int:
    """One e-mail per responsible member of staff with a report to remind today. Returns how many people
    were reminded."""
    today = timezone.localdate()
    by_user: dict = {}
    for period in reports_due(today=today, within=max(REMIND_DAYS_BEFORE)).prefetch_related("project__staff"):
        if not _should_remind(period.due_on, today):
            continue
        for member in period.project.staff.all():
            if member.is_active and member.email:
                by_user.setdefault(member, []).append(period)
    for member, periods in by_user.items():
        with translation.override(member.language or settings.LANGUAGE_CODE):
            lines = [
                _("%(project)s: the report for %(period)s is due on %(due)s.")
                % {"project": period.project.code, "period": period.label, "due": period.due_on.isoformat()}
                + " "
                + settings.ISENIM_SITE_URL.rstrip("/")
                + reverse("grants:project_detail", args=[period.project.pk])
                for period in periods
            ]
            send_mail(
                subject=_("Isenim: donor reports coming due"),
                message="\n".join(lines) + "\n",
                from_email=None,
                recipient_list=[member.email],
            )
    return len(by_user)
