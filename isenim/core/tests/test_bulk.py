"""The bulk-write cache: large on SQLite while an import runs, the connection's own again afterwards."""

import pytest
from django.db import connection

from isenim.core.bulk import SQLITE_BULK_CACHE_KIB, bulk_write
from isenim.people.models import Person
from isenim.people.services import PersonData, people_import

pytestmark = pytest.mark.django_db


def cache_size():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite setting; PostgreSQL has nothing to set")
def test_the_import_gets_a_large_cache_and_gives_it_back():
    before = cache_size()
    with bulk_write():
        assert cache_size() == -SQLITE_BULK_CACHE_KIB
    assert cache_size() == before
    people_import(actor=None, rows=[PersonData(identity={"last_name": "Сапарбаев"})])
    assert cache_size() == before and Person.objects.count() == 1


def test_an_import_that_fails_saves_nothing_and_leaves_the_connection_as_it_was():
    before = cache_size() if connection.vendor == "sqlite" else None
    with pytest.raises(TypeError):
        rows = [PersonData(identity={"last_name": "Ким"}), PersonData(identity={"last_name": object()})]
        people_import(actor=None, rows=rows)
    assert not Person.objects.exists()
    if before is not None:
        assert cache_size() == before
