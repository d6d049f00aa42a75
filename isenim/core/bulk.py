"""Database settings for one bulk write (an import of thousands of people), put back afterwards."""

from collections.abc import Callable, Iterable, Sequence
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


def plain_inserter(model, fields: Sequence[str]) -> Callable[[list[tuple]], None]:
    """A function that inserts a batch of rows of plain values (numbers, text, None, JSON as text: already
    what the columns hold) into ``model``'s table: COPY on PostgreSQL, one ``executemany`` on SQLite.
    ``fields`` are the model's field names (a foreign key's value is its id). For rows written by the
    thousand — an import's records, its search index — where building and preparing a model instance per
    row costs more than the insert itself, and a row per round trip (executemany on PostgreSQL) is slower
    still. Table and column names come from the model, never from the data."""
    meta = model._meta
    quote = connection.ops.quote_name
    names = ", ".join(quote(meta.get_field(name).column) for name in fields)
    if connection.vendor == "postgresql":
        copy_sql = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"

        def copy(batch: list[tuple]) -> None:
            with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as stream:
                for row in batch:
                    stream.write_row(row)

        return copy
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 (names from the model)

    def insert(batch: list[tuple]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(sql, batch)

    return insert


def insert_plain_rows(model, fields: Sequence[str], rows: Iterable[tuple], batch: int = 5000) -> int:
    """Insert ``rows`` (any iterable of tuples) through ``plain_inserter``, ``batch`` at a time; answers
    the number of rows written."""
    insert = plain_inserter(model, fields)
    rows = iter(rows)
    written = 0
    while chunk := list(islice(rows, batch)):
        insert(chunk)
        written += len(chunk)
    return written
