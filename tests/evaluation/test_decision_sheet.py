"""Redevelopment decisions as a record sheet: the list's export answers (it failed on
a repeated header), an export by staff imports back with no change, one changed cell is
exactly one change with its user in the history, a new row is recorded through the
service (the enterprise, owner and department named, the decision by its label), a
blank cell clears nothing, an unknown owner is a row error naming those allowed, a
decision keeps its enterprise, a department's export (which shows no land) changes
nothing when it comes back, and the command line exports the page's columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.evaluation import services
from parkbase.evaluation.importers import DECISIONS
from parkbase.evaluation.models import Decision
from parkbase.land import services as land_services
from tests.clients import page_client
from tests.record_sheets import (
    actions,
    changed_rows,
    command_headers,
    exported,
    run,
    unchanged,
    write,
)

pytestmark = pytest.mark.django_db
URL = reverse("evaluation-decisions")


@pytest.fixture
def staff(world):
    staff = world.users[Role.STAFF]
    staff.first_name = "夏桂兰"
    staff.save(update_fields=["first_name"])
    return staff


@pytest.fixture
def park(world):
    return world.parks[0]


@pytest.fixture
def decisions(world, staff, park):
    """企业11 (supervised by D1): a transfer freeing land of parcel A-01, owned by staff;
    企业12 (D2): an upgrade owned by the leader."""
    parcel = land_services.parcel_create(
        park=park, user=staff, code="A-01", name="天工建材用地", area=Decimal("20000")
    )
    transfer = services.decision_create(
        enterprise=world.enterprises[0],
        user=staff,
        kind="transfer",
        status="in_progress",
        owner=staff,
        department=world.departments[0],
        decided_on=dt.date(2019, 8, 5),
        due_on=dt.date(2020, 6, 30),
        land_freed=Decimal("5000"),
        parcel=parcel,
        counterpart="沈阳新材料公司",
        basis="D类；停产",
        note="转让厂房",
    )
    upgrade = services.decision_create(
        enterprise=world.enterprises[1],
        user=staff,
        kind="upgrade",
        owner=world.users[Role.LEADER],
        department=world.departments[1],
        decided_on=dt.date(2019, 12, 10),
    )
    return transfer, upgrade


def last_history_user(record):
    return type(record).history.filter(id=record.pk).latest("history_id").history_user


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_export_answers_in_the_templates_columns(decisions, staff, language):
    response = page_client(staff, language).get(URL, {"export": "xlsx"})
    assert response.status_code == 200  # was 500: a header written twice
    headers, rows = exported(page_client(staff, language), URL)
    assert len(headers) == len(set(headers))
    transfer = next(r for r in rows if r["编号"] == decisions[0].pk)
    assert (transfer["企业"], transfer["处置决定"], transfer["状态"]) == (
        "企业11",
        "转让",
        "办理中",
    )
    assert (transfer["责任人"], transfer["宗地"]) == ("夏桂兰", "A-01")
    assert transfer["腾出土地面积(平方米)"] == 5000


def test_an_export_by_staff_imports_back_unchanged(decisions, staff, park, tmp_path):
    headers, rows = exported(page_client(staff), URL)
    path = write(tmp_path / "d.xlsx", headers, rows)
    assert actions(run(DECISIONS, path, park=park, user=staff, dry_run=True)) == unchanged(2)
    report = run(DECISIONS, path, park=park, user=staff)
    assert actions(report) == unchanged(2) and report.written
    assert {d.version for d in Decision.objects.all()} == {1}


def test_the_command_line_exports_the_pages_columns(decisions, staff, tmp_path):
    headers, _ = exported(page_client(staff), URL)
    assert command_headers("redevelopment-decisions", tmp_path) == headers


def test_one_changed_cell_is_one_change_with_its_user(world, decisions, staff, park, tmp_path):
    headers, rows = exported(page_client(staff), URL)
    upgrade = next(r for r in rows if r["编号"] == decisions[1].pk)
    upgrade["责任人"] = "夏桂兰"  # the owner by the name lists show
    report = run(DECISIONS, write(tmp_path / "d.xlsx", headers, rows), park=park, user=staff)
    assert changed_rows(report) == [("updated", {"owner": ["leader", "staff"]})]
    changed = Decision.objects.get(pk=decisions[1].pk)
    assert changed.owner == staff and changed.version == 2
    assert last_history_user(changed) == staff


def test_a_new_row_is_recorded_through_the_service(world, decisions, staff, park, tmp_path):
    headers, rows = exported(page_client(staff), URL)
    new = {
        "企业": world.enterprises[2].uscc,
        "处置决定": "提升改造",
        "责任人": "leader",  # by user name
        "责任部门": world.departments[0].name,
        "决定日期": "2019-09-01",
        "宗地": "a-01",
    }
    report = run(
        DECISIONS, write(tmp_path / "d.xlsx", headers, [*rows, new]), park=park, user=staff
    )
    assert actions(report) == {"created": 1, "updated": 0, "unchanged": 2, "errors": 0}
    created = Decision.objects.get(enterprise=world.enterprises[2])
    assert (created.kind, created.status) == ("upgrade", "planned")  # the service's default
    assert created.owner == world.users[Role.LEADER] and created.parcel.code == "A-01"
    assert last_history_user(created) == staff
    # the service's rules hold: done needs its completion date
    done = new | {"状态": "已完成", "企业": "企业22"}
    report = run(DECISIONS, write(tmp_path / "e.xlsx", headers, [done]), park=park, user=staff)
    (error,) = report.errors
    assert error["row"] == 2 and error["code"] == "required_when_done"
    assert not Decision.objects.filter(enterprise=world.enterprises[3]).exists()


def test_a_blank_cell_clears_nothing(decisions, staff, park, tmp_path):
    headers, rows = exported(page_client(staff), URL)
    for row in rows:
        row.update({"责任人": None, "宗地": None, "腾出土地面积(平方米)": None, "备注": None})
    report = run(DECISIONS, write(tmp_path / "d.xlsx", headers, rows), park=park, user=staff)
    assert actions(report) == unchanged(2)
    transfer = Decision.objects.get(pk=decisions[0].pk)
    assert transfer.owner == staff and transfer.parcel is not None
    assert transfer.land_freed == Decimal("5000") and transfer.note == "转让厂房"


def test_unknown_owner_and_another_enterprise_are_row_errors(
    world, decisions, staff, park, tmp_path
):
    headers, rows = exported(page_client(staff), URL)
    rows[0]["责任人"] = "张三"
    rows[1]["企业"] = "企业22"  # a decision keeps its enterprise
    report = run(DECISIONS, write(tmp_path / "d.xlsx", headers, rows), park=park, user=staff)
    owner, enterprise = report.errors
    letter = chr(ord("A") + headers.index("责任人"))
    assert (owner["row"], owner["column"], owner["header"]) == (2, letter, "责任人")
    assert "张三" in owner["message"] and "夏桂兰" in owner["message"]
    assert "leader" in owner["message"]
    assert (enterprise["row"], enterprise["code"]) == (3, "enterprise_fixed")
    assert not report.written


def test_a_departments_export_shows_no_land_and_changes_nothing(
    world, decisions, staff, park, tmp_path
):
    headers, rows = exported(page_client(world.users[Role.DEPARTMENT]), URL)
    (only,) = rows  # D1 supervises 企业11, not 企业12
    assert only["编号"] == decisions[0].pk and only["企业"] == "企业11"
    assert only["宗地"] == ""  # a department sees no land
    report = run(DECISIONS, write(tmp_path / "d.xlsx", headers, rows), park=park, user=staff)
    assert actions(report) == unchanged(1)
    transfer = Decision.objects.get(pk=decisions[0].pk)
    assert transfer.parcel.code == "A-01" and transfer.version == 1
