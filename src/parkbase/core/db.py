"""Database housekeeping that keeps queries fast."""

from django.db import connection

# after a write of this many rows, refresh the planner's statistics of its tables: a
# plan made for an empty table (a nested loop over 100,000 new rows) costs minutes
STATISTICS_AFTER_ROWS = 5000
# ... when they are this share of the rows the statistics last counted, or more (as
# PostgreSQL's autovacuum analyzes after a tenth): 10,000 more rows do not change the
# picture of a table of 600,000, and reading it again costs a second of the write
STATISTICS_AFTER_SHARE = 0.1


def refresh_statistics(*tables: str) -> None:
    """Update the planner's statistics (ANALYZE). SQLite never does this by itself, and
    without statistics it picks poor indexes for filtered, sorted lists at 100,000
    rows; PostgreSQL's autovacuum would, but only some time after a bulk load."""
    with connection.cursor() as cursor:
        if not tables:
            cursor.execute("ANALYZE")
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def counted_rows(table: str) -> float | None:
    """The rows of ``table`` its statistics last counted; None when it has none."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)",
                [connection.ops.quote_name(table)],
            )
            found = cursor.fetchone()
            return None if found is None or found[0] < 0 else float(found[0])
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return None
            # a row per index, its first number the rows it holds (a partial one fewer)
            cursor.execute(
                "SELECT MAX(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = %s", [table]
            )
            found = cursor.fetchone()
            return None if found is None or found[0] is None else float(found[0])
    return None


def refresh_after_write(table: str, written: int) -> bool:
    """Refresh ``table``'s statistics after ``written`` rows were written into it, when
    they are many (``STATISTICS_AFTER_ROWS``) and a sizeable share of what its
    statistics knew (``STATISTICS_AFTER_SHARE``); returns whether it did."""
    if written < STATISTICS_AFTER_ROWS:
        return False
    known = counted_rows(table)
    if known is not None and written < known * STATISTICS_AFTER_SHARE:
        return False
    refresh_statistics(table)
    return True
