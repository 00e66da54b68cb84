"""Database housekeeping that keeps queries fast."""

from django.db import connection

# after a write of this many rows, refresh the planner's statistics of its tables: a
# plan made for an empty table (a nested loop over 100,000 new rows) costs minutes
STATISTICS_AFTER_ROWS = 5000


def refresh_statistics(*tables: str) -> None:
    """Update the planner's statistics (ANALYZE). SQLite never does this by itself, and
    without statistics it picks poor indexes for filtered, sorted lists at 100,000
    rows; PostgreSQL's autovacuum would, but only some time after a bulk load."""
    with connection.cursor() as cursor:
        if not tables:
            cursor.execute("ANALYZE")
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
