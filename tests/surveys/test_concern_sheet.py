"""Concerns as a record sheet: an export by staff imports back with no change, one
changed cell is exactly one change with its user in the history, a new row is recorded
through the service (the enterprise named by its credit code, the category, the
department and the status by their labels), a blank cell clears nothing, an unknown
department is a row error naming the departments allowed, a department's export
changes nothing when it comes back, and the command line exports the page's columns."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.surveys.importers import CONCERNS
from parkbase.surveys.models import Concern
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
URL = reverse("concern-list")


@pytest.fixture
def staff(survey):
    return survey.users[Role.STAFF]


@pytest.fixture
def park(survey):
    return survey.parks[0]


def concern(pk) -> Concern:
    return Concern.objects.get(pk=pk)


def last_history_user(record):
    return type(record).history.filter(id=record.pk).latest("history_id").history_user


def test_an_export_by_staff_imports_back_unchanged(survey, staff, park, tmp_path):
    headers, rows = exported(page_client(staff), URL)
    assert len(rows) == 3
    c2 = next(r for r in rows if r["编号"] == survey.concerns[2].pk)
    assert (c2["企业"], c2["类别"], c2["状态"]) == ("企业22", "订单（生产任务不足）", "已解决")
    assert c2["责任部门"] == survey.departments[1].name
    assert c2["统一社会信用代码"] == survey.enterprises[3].uscc
    path = write(tmp_path / "c.xlsx", headers, rows)
    assert actions(run(CONCERNS, path, park=park, user=staff, dry_run=True)) == unchanged(3)
    report = run(CONCERNS, path, park=park, user=staff)
    assert actions(report) == unchanged(3) and report.written
    assert {c.version for c in Concern.objects.all()} == {1}


def test_the_command_line_exports_the_pages_columns(survey, staff, tmp_path):
    headers, _ = exported(page_client(staff), URL)
    assert command_headers("concerns", tmp_path) == headers


def test_one_changed_cell_is_one_change_with_its_user(survey, staff, park, tmp_path):
    headers, rows = exported(page_client(staff), URL)
    c1 = next(r for r in rows if r["编号"] == survey.concerns[1].pk)
    c1["诉求内容"] = "订单不足 希望对接龙头企业"
    c1["逾期"] = "是"  # computed: read back and left alone
    report = run(CONCERNS, write(tmp_path / "c.xlsx", headers, rows), park=park, user=staff)
    (change,) = changed_rows(report)
    assert change[0] == "updated" and list(change[1]) == ["description"]
    changed = concern(survey.concerns[1].pk)
    assert changed.description == "订单不足 希望对接龙头企业" and changed.version == 2
    assert last_history_user(changed) == staff


def test_a_new_row_is_recorded_through_the_service(survey, staff, park, tmp_path):
    headers, rows = exported(page_client(staff), URL)
    new = {
        "企业": survey.enterprises[2].uscc,
        "类别": "融资",
        "诉求内容": "流动资金紧张",
        "责任部门": survey.departments[0].name,
        "提出日期": "2019-08-01",
        "状态": "办理中",
    }
    report = run(CONCERNS, write(tmp_path / "c.xlsx", headers, [*rows, new]), park=park, user=staff)
    assert actions(report) == {"created": 1, "updated": 0, "unchanged": 3, "errors": 0}
    created = Concern.objects.get(description="流动资金紧张")
    assert created.enterprise == survey.enterprises[2]
    assert (created.category, created.status) == ("financing", "in_progress")
    assert created.department == survey.departments[0]
    assert created.raised_by == staff and last_history_user(created) == staff
    # the service's rules hold: resolving needs the resolution
    rejected = new | {"诉求内容": "另一个诉求", "状态": "已解决"}
    report = run(CONCERNS, write(tmp_path / "d.xlsx", headers, [rejected]), park=park, user=staff)
    (error,) = report.errors
    assert error["row"] == 2 and error["code"] == "resolution_required"
    assert not Concern.objects.filter(description="另一个诉求").exists()


def test_a_blank_cell_clears_nothing(survey, staff, park, tmp_path):
    headers, rows = exported(page_client(staff), URL)
    for row in rows:
        row.update({"责任部门": None, "办结期限": None, "办理结果": None, "解决日期": None})
    report = run(CONCERNS, write(tmp_path / "c.xlsx", headers, rows), park=park, user=staff)
    assert actions(report) == unchanged(3)
    c2 = concern(survey.concerns[2].pk)
    assert c2.department == survey.departments[1] and c2.resolution == "已对接订单"
    assert c2.due_on is not None and c2.resolved_on is not None


def test_an_unknown_department_or_enterprise_is_a_row_error_naming_the_choices(
    survey, staff, park, tmp_path
):
    headers, rows = exported(page_client(staff), URL)
    rows[0]["责任部门"] = "区财政局"
    rows[2]["企业"] = "外园企业"  # another park's enterprise is no choice
    report = run(CONCERNS, write(tmp_path / "c.xlsx", headers, rows), park=park, user=staff)
    first, second = report.errors
    letter = chr(ord("A") + headers.index("责任部门"))
    assert (first["row"], first["column"], first["header"]) == (2, letter, "责任部门")
    names = "、".join(sorted(d.name for d in survey.departments))
    assert "区财政局" in first["message"] and names in first["message"]
    assert (second["row"], second["header"], second["code"]) == (4, "企业", "unknown_reference")
    assert not report.written


def test_a_departments_export_changes_nothing_when_it_comes_back(survey, staff, park, tmp_path):
    headers, rows = exported(page_client(survey.users[Role.DEPARTMENT]), URL)
    assert {r["编号"] for r in rows} == survey.expected_concerns[Role.DEPARTMENT]
    report = run(CONCERNS, write(tmp_path / "c.xlsx", headers, rows), park=park, user=staff)
    assert actions(report) == unchanged(2)
    assert {c.version for c in Concern.objects.all()} == {1}
