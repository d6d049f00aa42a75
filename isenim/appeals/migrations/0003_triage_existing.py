"""Appeals registered before triage get their due date and, where a case was opened from them, their
outcome. A migration of its own: on PostgreSQL, rows updated in the transaction that added the foreign keys
of 0002 would leave trigger events pending, and the index below could not be built (found on a copy of the
demo database)."""

from datetime import timedelta

from django.db import migrations, models

# The rule of isenim/appeals/urgency.py as it was written with this migration, with the default number
# of working days (a migration does not import code that may change later).
DEFAULT_WORKING_DAYS = 2


def _add_working_days(day, count):
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def triage_existing(apps, schema_editor):
    """Appeals registered before triage: each gets its due date; those a case was opened from get the
    outcome "case opened", owned by the first such case's manager. The others stay new, without an owner:
    nobody recorded what came of them, and the lists show them for someone to decide."""
    Appeal = apps.get_model("appeals", "Appeal")
    Case = apps.get_model("cases", "Case")
    batch = []
    for appeal in Appeal.objects.filter(due_on=None).only("pk", "received_on", "presumed_victim").iterator():
        appeal.due_on = (
            appeal.received_on
            if appeal.presumed_victim
            else _add_working_days(appeal.received_on, DEFAULT_WORKING_DAYS)
        )
        batch.append(appeal)
        if len(batch) >= 1000:
            Appeal.objects.bulk_update(batch, ["due_on"])
            batch = []
    Appeal.objects.bulk_update(batch, ["due_on"])
    seen = set()
    cases = Case.objects.exclude(appeal=None).order_by("appeal_id", "created_at", "pk")
    for case in cases.only("appeal_id", "manager_id", "created_by_id", "created_at").iterator():
        if case.appeal_id in seen:
            continue
        seen.add(case.appeal_id)
        Appeal.objects.filter(pk=case.appeal_id, outcome="").update(
            state="closed",
            outcome="case_opened",
            assigned_to_id=case.manager_id,
            assigned_at=case.created_at,
            first_action_at=case.created_at,
            outcome_at=case.created_at,
            outcome_by_id=case.created_by_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0002_triage"),
        # Only to read which appeals a case was opened from.
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(fields=["state", "due_on"], name="appeals_triage"),
        ),
        # Last: no schema change may follow updates of foreign keys in the same transaction.
        migrations.RunPython(triage_existing, migrations.RunPython.noop),
    ]
