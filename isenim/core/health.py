"""``/healthz`` for monitoring: is the service able to work? It touches no personal data.

It checks that the database answers (``SELECT 1``), that every migration is applied, that the vault
folder takes a new file (one written and removed, no vault file read), and how much work waits for the
task worker (a count and an age, from the tasks table's status and dates only). JSON, 200 when all is
well, 503 otherwise; no sign-in (monitoring runs without an account), never cached.
"""

import secrets
import time
from datetime import timedelta

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from isenim.core.vault_files import vault_dir

# The worker is considered stuck when a task waits longer than this.
BACKLOG_MAX_WAIT = timedelta(minutes=15)
_migrations_checked_at = 0.0  # a positive answer holds for a minute in this process


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def _migrations() -> bool:
    global _migrations_checked_at
    if time.monotonic() - _migrations_checked_at < 60:
        return True
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    _migrations_checked_at = time.monotonic()
    return True


def _vault() -> bool:
    try:
        probe = vault_dir() / f".healthz-{secrets.token_hex(8)}"
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError:
        return False


def _tasks() -> dict:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=timezone.now())
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    day_ago = timezone.now() - timedelta(days=1)
    return {
        "waiting": waiting.count(),
        "oldest_waiting_seconds": int((timezone.now() - oldest).total_seconds()) if oldest else 0,
        "failed_last_day": DBTaskResult.objects.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=day_ago
        ).count(),
    }


@never_cache
@require_safe
def healthz(request):
    checks: dict[str, object] = {}
    healthy = True
    try:
        checks["database"] = _database()
        checks["migrations"] = _migrations()
        tasks = _tasks()
        checks["tasks"] = tasks
        backlog_ok = tasks["oldest_waiting_seconds"] <= BACKLOG_MAX_WAIT.total_seconds()
        checks["task_worker"] = backlog_ok
        healthy = checks["database"] and checks["migrations"] and backlog_ok
    except DatabaseError:
        checks["database"] = False
        healthy = False
    checks["vault"] = _vault()
    healthy = healthy and checks["vault"]
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
