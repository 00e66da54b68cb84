"""The demo written back for tests from a copy of its first load is the same, row for
row, as the loader's, and the database goes on giving new keys after it."""

from django.db import transaction

from parkbase.demo.loader import load_demo
from parkbase.enterprises.models import Enterprise
from tests import demo_copy
from tests.factories import EnterpriseFactory


def test_a_copy_writes_back_exactly_what_the_loader_wrote(db, monkeypatch):
    loads = []
    monkeypatch.setattr(demo_copy, "load_demo", lambda: loads.append(1) or load_demo())
    monkeypatch.setattr(demo_copy, "_copies", {})
    tables = demo_copy._tables()
    point = transaction.savepoint()
    demo_copy.demo_data()
    loaded = {table: demo_copy._rows(table) for table in tables}
    transaction.savepoint_rollback(point)
    assert Enterprise.objects.count() == 0
    demo_copy.demo_data()
    assert loads == [1]  # the second time, the copy
    assert {table: demo_copy._rows(table) for table in tables} == loaded
    assert Enterprise.objects.count() == 59
    newest = max(Enterprise.objects.values_list("pk", flat=True))
    assert EnterpriseFactory(park=Enterprise.objects.first().park).pk > newest


def test_a_copy_is_written_back_only_into_the_state_it_was_taken_in(db, monkeypatch):
    loads = []
    monkeypatch.setattr(demo_copy, "load_demo", lambda: loads.append(1) or load_demo())
    kept = ("the copy's result", {})
    monkeypatch.setattr(demo_copy, "_copies", {demo_copy._state_key(): kept})
    assert demo_copy.demo_data() == "the copy's result" and loads == []
    EnterpriseFactory(name="测试前已有的企业")  # another state: rows the copy did not find
    result = demo_copy.demo_data()
    assert loads == [1] and result != "the copy's result"
    assert Enterprise.objects.count() == 60
