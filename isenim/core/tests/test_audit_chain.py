"""The audit and access logs are hash chains: ``verify-audit`` finds a row edited or removed by hand."""

import pytest
from django.core.management import call_command
from django.db import connection

from isenim.core.access import Role
from isenim.core.audit import record_access, record_event
from isenim.core.models import AccessEvent, AuditEvent, ChainHead


def _verify() -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify-audit", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def logs(staff):
    director = staff[Role.DIRECTOR]
    events = [
        record_event(actor=director, action="case.update", target_type="cases.case", after={"n": n})
        for n in range(4)
    ]
    record_access(actor=director, kind="view", target_type="people.person", target_id="7", detail="page")
    return events


def _by_hand(sql: str, params) -> None:
    with connection.cursor() as cursor:  # as someone with write access to the database would
        cursor.execute(sql, params)


def test_it_holds_for_rows_written_by_the_services(logs):
    code, out, _err = _verify()
    assert code == 0
    assert "core.auditevent: 4 rows, the chain holds" in out and "core.accessevent: 1 rows" in out
    assert ChainHead.objects.get(log="core.auditevent").rows == 4


def test_it_names_the_first_row_edited_by_hand(logs):
    _by_hand("UPDATE core_auditevent SET action = %s WHERE id = %s", ["case.close", logs[1].pk])
    code, _out, err = _verify()
    assert code == 1 and f"core.auditevent #{logs[1].pk}: edited" in err


def test_it_finds_a_row_removed_in_the_middle_and_at_the_end(logs):
    _by_hand("DELETE FROM core_auditevent WHERE id = %s", [logs[2].pk])
    code, _out, err = _verify()
    assert code == 1 and f"core.auditevent #{logs[3].pk}" in err  # the row after the gap breaks
    _by_hand("DELETE FROM core_auditevent WHERE id >= %s", [logs[2].pk])
    code, _out, err = _verify()
    assert code == 1 and "the newest rows were removed" in err


def test_it_finds_an_access_row_edited_by_hand(logs):
    _by_hand("UPDATE core_accessevent SET detail = %s", ["other"])
    assert _verify()[0] == 1


def test_a_batch_written_at_once_is_linked_like_single_rows(staff):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=staff[Role.DIRECTOR], action="person.import", target_type="people.person", target_id=n
        )
        for n in "123"
    )
    record_event(actor=None, action="keys.rotate", target_type="core")
    assert _verify()[0] == 0
    assert AuditEvent.objects.exclude(link="").count() == 4


def test_the_orm_still_refuses_to_change_a_row(logs):
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=logs[0].pk).update(action="x")
    with pytest.raises(TypeError):
        AccessEvent.objects.all().delete()
