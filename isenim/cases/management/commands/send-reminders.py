"""Queue today's task reminders; a daily timer runs this, the task worker (`isenim db_worker`) sends them."""

from django.core.management.base import BaseCommand

from isenim.cases.tasks import send_task_reminders


class Command(BaseCommand):
    help = "Queue the daily e-mail reminders of due and overdue tasks (sent by the task worker)."

    def handle(self, *args, **options):
        result = send_task_reminders.enqueue()
        self.stdout.write(f"queued: {result.id} ({result.status})")
