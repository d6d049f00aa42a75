"""Database settings for one bulk write (an import of thousands of people), put back afterwards."""

from contextlib import contextmanager

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
