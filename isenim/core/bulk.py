"""Database settings for one bulk write (an import of thousands of people), put back afterwards."""

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from itertools import islice

from django.db import connection

# SQLite's page cache, in KiB, while a bulk write runs. Its default (2 MB) is far smaller than the search
# index an import inserts into at random places: dirty pages spill to the write-ahead log mid-transaction,
# and the same page is written again and again (bench dedup, docs/performance.md).
SQLITE_BULK_CACHE_KIB = 256 * 1024


@contextmanager
def bulk_write():
    """A large page cache on SQLite for the block, then the connection's own again (a page served later
    on the same connection must not look faster than one on a fresh connection). Nothing on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def insert_plain_rows(model, fields: Sequence[str], rows: Iterable[tuple], batch: int = 5000) -> int:
    """INSERT rows of plain values (numbers, text, None: already what the columns hold) into ``model``'s
    table by ``executemany``, without a model instance per row. For rows derived and written by the
    thousand — an import's search index, ten rows a person — where building and preparing a model
    instance for each cost more than the insert itself. ``fields`` are the model's field names, a foreign
    key's value its id. Answers the number of rows written."""
    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 (our own names)
    written = 0
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, batch)):
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written
