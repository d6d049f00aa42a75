"""On PostgreSQL the application's role reads and adds to the audit logs but cannot change or remove rows."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from isenim.core.audit import record_access, record_event
from isenim.core.models import AuditEvent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="database roles exist on PostgreSQL only (SQLite: file mode 0600)",
)
ROLE = "isenim_app_grants_test"


@pytest.fixture
def as_app_role(db):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")  # inside the test's transaction: rolled back after
    call_command("db-grants", role=ROLE, apply=True, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _refused(sql: str, *params) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except ProgrammingError as error:
        return "permission denied" in str(error)
    return False


def test_the_app_role_adds_to_the_logs_but_cannot_rewrite_them(as_app_role):
    event = record_event(actor=None, action="keys.rotate", target_type="core")
    record_access(actor=None, kind="view", target_type="people.person", target_id="1")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert _refused("UPDATE core_auditevent SET action = 'x' WHERE id = %s", event.pk)
    assert _refused("DELETE FROM core_auditevent WHERE id = %s", event.pk)
    assert _refused("DELETE FROM core_accessevent")
    assert _refused("TRUNCATE core_auditevent")
    # the rest of the data stays writable
    assert not _refused("UPDATE core_centrecontacts SET phone = phone")
