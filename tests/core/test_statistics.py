"""After a large write the planner's statistics of the table are refreshed, unless the
rows written are a small share of what the statistics already counted (a month's
returns into a table of years of them): the rule of PostgreSQL's own autovacuum."""

import pytest

from parkbase.core import db
from parkbase.core.models import Department, Park
from tests.factories import ParkFactory

TABLE = Department._meta.db_table


@pytest.fixture
def small_rule(monkeypatch):
    """The rule at a test's scale: 10 rows or more, a tenth of the counted rows."""
    monkeypatch.setattr(db, "STATISTICS_AFTER_ROWS", 10)
    monkeypatch.setattr(db, "STATISTICS_AFTER_SHARE", 0.1)


def _departments(park: Park, n: int, start: int = 0) -> None:
    Department.objects.bulk_create(
        Department(park=park, code=f"D{i}", name=f"部门{i}") for i in range(start, start + n)
    )


@pytest.mark.django_db
def test_a_large_write_into_a_table_of_many_rows_keeps_its_statistics(small_rule):
    park = ParkFactory()
    _departments(park, 200)
    db.refresh_statistics(TABLE)
    assert db.counted_rows(TABLE) == 200
    assert not db.refresh_after_write(TABLE, 9)  # too few rows to matter at all
    _departments(park, 15, start=200)
    assert not db.refresh_after_write(TABLE, 15)  # under a tenth of 200
    assert db.counted_rows(TABLE) == 200  # not read again
    _departments(park, 25, start=215)
    assert db.refresh_after_write(TABLE, 25)  # a tenth or more
    assert db.counted_rows(TABLE) == 240


@pytest.mark.django_db
def test_a_table_without_statistics_or_empty_gets_them(small_rule):
    park = ParkFactory()
    db.refresh_statistics(TABLE)  # the statistics of an empty table: no rows counted
    assert not db.counted_rows(TABLE)
    _departments(park, 12)
    assert db.refresh_after_write(TABLE, 12)
    assert db.counted_rows(TABLE) == 12
    assert db.counted_rows("no_such_table") is None
