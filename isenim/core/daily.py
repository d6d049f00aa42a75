"""Jobs that run once a day: apps register a django-tasks task; ``isenim daily`` (run by a daily timer)
queues each of them, and the task worker (``isenim db_worker``) runs them (docs/deploy.md)."""

DAILY_TASKS: dict[str, object] = {}


def register_daily_task(name: str, task) -> None:
    DAILY_TASKS[name] = task
