"""Queue the daily jobs every app registered (core.daily); a daily timer runs this command."""

from django.core.management.base import BaseCommand

from isenim.core.daily import DAILY_TASKS


class Command(BaseCommand):
    help = "Queue the daily jobs (task reminders, expired sessions deleted, …) for the task worker."

    def handle(self, *args, **options):
        for name, task in sorted(DAILY_TASKS.items()):
            result = task.enqueue()
            self.stdout.write(f"{name}: queued {result.id} ({result.status})")
