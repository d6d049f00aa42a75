"""What the data-making benchmarks' children share (``bench.cases``, ``bench.prevention``, ``bench.grants``,
``bench.insights``): the scratch database set up, staff accounts, bulk inserts with progress lines, weighted
draws, percentiles that may be empty and query plans. ``bench/scratch.py`` holds the parent's side."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable

from bench.scratch import percentile, say

BATCH = 10_000
_T0 = time.perf_counter()


def weighted(rng: random.Random, weights: dict):
    """One key of ``weights`` drawn in proportion to its value."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def progress(message: str) -> None:
    """A progress line with the seconds since the child started."""
    say(f"  [{time.perf_counter() - _T0:6.0f} s] {message}")


def bulk(model, rows: list, label: str = "") -> list:
    """``rows`` saved by ``bulk_create`` in batches of BATCH (and 2,000 a statement); a progress line."""
    made = []
    for start in range(0, len(rows), BATCH):
        made += model.objects.bulk_create(rows[start : start + BATCH], batch_size=2000)
    if label:
        progress(f"{label} {len(made):,}")
    return made


def rounded_percentile(values: list[float], p: float):
    """The nearest-rank percentile to 0.01, None when nothing was measured."""
    return round(percentile(values, p), 2) if values else None


def prepare_database() -> float:
    """Static URLs without the manifest (no collectstatic: a dictionary look-up either way), the scratch
    database migrated and the reference data loaded; returns when that started (``perf_counter``)."""
    from django.conf import settings
    from django.core.management import call_command

    from isenim.geo.services import reference_load

    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": static}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    reference_load(actor=None)
    say(f"Migrated and loaded reference data in {time.perf_counter() - started:.1f} s")
    return started


def analyze(connection) -> None:
    """What autovacuum / ``PRAGMA optimize`` would soon do after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def make_users(staff, first_name: Callable[[str], tuple[str, str]]) -> dict[str, list]:
    """Accounts ``<role><n>`` for each ``(role, count)`` of ``staff``, unusable passwords (nobody signs in
    to a scratch database), named ``first_name(role) -> (first, last-or-"")``; by role, in order of pk."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = []
    for role, count in staff:
        for number in range(1, count + 1):
            first, last = first_name(role)
            users.append(
                User(
                    username=f"{role}{number}",
                    first_name=first,
                    last_name=last or str(number),
                    role=role,
                    password="!",  # noqa: S106 (unusable: nobody signs in to the scratch database)
                )
            )
    User.objects.bulk_create(users)
    by_role = defaultdict(list)
    for user in User.objects.order_by("pk"):
        by_role[user.role].append(user)
    return by_role


def explain(connection, statement: str, args=None, *, label: str = "") -> None:
    """Print the plan of ``statement`` (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite)."""
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + statement, args)
        if label:
            say(f"  {label}: " + statement[:300])
        for row in cursor.fetchall():
            say("    " + " | ".join(str(cell) for cell in row))
