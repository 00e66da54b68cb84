"""The pipeline's lists export in their import template's layout and import back:
projects, investors, activities, blockers and funding. An export by someone who sees
everything re-imports with no change; one cell changed is exactly that change (with
its user in the history); a blank 编号 is a new record made through the services; a
blank cell never clears; an unknown project or person is a row error naming the row,
the column and the names to use. An outsider of a confidential project exports its
code name and the placeholder (or a blank) for its hidden details, and importing that
export back changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.core.need_to_know import PLACEHOLDER
from parkbase.imports import registry
from parkbase.projects import services
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    FundKind,
    FundSource,
    InvestorOrigin,
    KeyLevel,
    ProjectStatus,
)
from parkbase.projects.models import Activity, Blocker, Funding, Investor, Project
from tests.factories import UserFactory
from tests.imports.ugly import write_xlsx
from tests.xlsx_parts import read_rows

from .conftest import DAY

pytestmark = pytest.mark.django_db

KINDS = ("projects", "investors", "activities", "blockers", "funding")
SECRET_NAME = "小飞机制造与试飞基地项目"
CODE_NAME = "雏鹰项目"
SECRETS = (SECRET_NAME, "机密投资方", "试飞场选址", "军民融合基金", "航空产业会")


@pytest.fixture
def data(world, pipeline, make_project):
    park = world.parks[0]
    staff = world.users[Role.STAFF]
    staff.last_name, staff.first_name = "张", "三"
    staff.save()
    outsider = UserFactory(username="wang", role=Role.STAFF, park=park)
    outsider.last_name, outsider.first_name = "王", "五"
    outsider.save()
    department = world.departments[0]
    department.name = "区工信局"
    department.save()
    public = make_project(
        "沈阳医药产业园项目",
        officer=staff,
        department=department,
        key_level=KeyLevel.DISTRICT,
        total_investment=Decimal("123456789.12"),
        land_area=Decimal("20000.00"),
        description="原料药生产基地",
        industry_code="",
    )
    secret = make_project(
        SECRET_NAME,
        confidential=True,
        code_name=CODE_NAME,
        officer=staff,
        description="试飞场选址在东区",
        referrer="市领导",
    )
    paused = make_project("暂停的项目")
    services.project_set_status(
        project=paused,
        status=ProjectStatus.PAUSED,
        expected_version=paused.version,
        note="投资方资金未到位",
        user=staff,
    )
    known = services.investor_create(
        park=park, user=staff, name="沈阳医药集团", origin=InvestorOrigin.LOCAL, region="沈阳"
    )
    hidden = services.investor_create(
        park=park, user=staff, name="机密投资方", origin=InvestorOrigin.FOREIGN
    )
    services.project_investor_add(project=public, investor=known, user=staff)
    services.project_investor_add(project=secret, investor=hidden, user=staff)
    for project, summary in ((public, "上门拜访"), (secret, "试飞场选址")):
        services.activity_create(
            project=project,
            user=staff,
            kind=ActivityKind.VISIT,
            occurred_on=DAY,
            summary=summary,
            participants="张三",
            next_step="报送方案",
            due_on=DAY + dt.timedelta(days=10),
            owner=staff,
        )
        services.blocker_create(
            project=project,
            user=staff,
            category=BlockerCategory.LAND_QUOTA,
            description=f"{summary}：用地指标不足",
            authority="市自然资源局",
            raised_on=DAY,
            owner=staff,
        )
    services.funding_add(
        project=public,
        user=staff,
        kind=FundKind.CONTRACTED,
        amount=Decimal("50000000"),
        dated_on=DAY,
        source=FundSource.INVESTOR,
        investor=known,
    )
    services.funding_add(
        project=secret,
        user=staff,
        kind=FundKind.PLANNED,
        amount=Decimal("1234567.89"),
        dated_on=DAY,
        source=FundSource.GOVERNMENT,
        investor=hidden,
        source_name="军民融合基金",
        event="航空产业会",
    )

    class Data:
        pass

    d = Data()
    d.park, d.staff, d.outsider, d.public, d.secret = park, staff, outsider, public, secret
    d.paused, d.department, d.known, d.hidden = paused, department, known, hidden
    return d


def export(kind: str, user, path) -> list[list]:
    call_command("export", kind, "--out", str(path), "--user", user.username, stdout=StringIO())
    return read_rows(path.read_bytes())


def run(kind: str, path, park, user, dry_run=False):
    return registry.IMPORTERS[kind].run(path, park=park, user=user, dry_run=dry_run)


def write(path, rows):
    return write_xlsx(path, rows, sheet="导出")


def snapshot(park) -> dict:
    """Everything an import could touch, as plain values."""
    return {
        "projects": sorted(
            Project.objects.filter(park=park).values_list(
                "pk",
                "name",
                "code_name",
                "description",
                "referrer",
                "key_level",
                "status",
                "total_investment",
                "land_area",
                "officer",
                "department",
                "version",
            )
        ),
        "investors": sorted(
            Investor.objects.filter(park=park).values_list("pk", "name", "region", "version")
        ),
        "links": sorted(Project.investors.through.objects.values_list("project", "investor")),
        "activities": sorted(
            Activity.objects.values_list("pk", "summary", "participants", "owner", "version")
        ),
        "blockers": sorted(
            Blocker.objects.values_list("pk", "description", "authority", "owner", "version")
        ),
        "funding": sorted(
            Funding.objects.values_list("pk", "amount", "investor", "source_name", "event")
        ),
    }


def column(rows, header: str) -> int:
    return next(i for i, h in enumerate(rows[0]) if h.split("(")[0] == header)


def row_of(rows, header: str, value) -> list:
    index = column(rows, header)
    return next(r for r in rows[1:] if r[index] == value)


# ---------------------------------------------------------------- every kind


@pytest.mark.parametrize("kind", KINDS)
def test_an_export_by_an_insider_reimports_with_no_change(kind, data, tmp_path):
    path = tmp_path / f"{kind}.xlsx"
    rows = export(kind, data.staff, path)
    assert len(rows) > 1
    before = snapshot(data.park)
    for dry_run in (True, False):
        report = run(kind, path, data.park, data.staff, dry_run=dry_run)
        assert report.errors == []
        assert (report.created, report.updated) == (0, 0)
        assert report.unchanged == len(rows) - 1
    assert snapshot(data.park) == before


@pytest.mark.parametrize("kind", KINDS)
def test_the_command_writes_the_import_templates_columns(kind, data, tmp_path):
    rows = export(kind, data.staff, tmp_path / "out.xlsx")
    assert rows[0] == [c.template_header for c in registry.IMPORTERS[kind].columns]


@pytest.mark.parametrize("kind", KINDS)
def test_an_outsiders_export_shows_code_names_and_changes_nothing_back(kind, data, tmp_path):
    path = tmp_path / f"{kind}.xlsx"
    rows = export(kind, data.outsider, path)
    cells = [str(c) for r in rows for c in r]
    assert not [c for c in cells if any(s in c for s in SECRETS)]
    if kind != "investors":
        assert CODE_NAME in cells
    if kind in ("activities", "blockers", "funding"):  # the hidden details: the placeholder
        assert str(PLACEHOLDER) in cells
    before = snapshot(data.park)
    for dry_run in (True, False):
        report = run(kind, path, data.park, data.outsider, dry_run=dry_run)
        assert report.errors == []
        assert (report.created, report.updated) == (0, 0)
    assert snapshot(data.park) == before  # the real values are intact


# ---------------------------------------------------------------- projects


def test_projects_export_writes_names_and_labels(data, tmp_path):
    rows = export("projects", data.staff, tmp_path / "p.xlsx")
    row = row_of(rows, "项目名称", "沈阳医药产业园项目")
    assert row[column(rows, "重点项目级别")] == "区级重点项目"
    assert row[column(rows, "责任部门")] == "区工信局"
    assert row[column(rows, "责任人")] == "三 张"
    assert row[column(rows, "投资方")] == "沈阳医药集团"
    assert row[column(rows, "总投资")] == pytest.approx(12345.678912)
    secret = row_of(rows, "项目名称", SECRET_NAME)
    assert secret[column(rows, "项目简介")] == "试飞场选址在东区"
    outsider = export("projects", data.outsider, tmp_path / "o.xlsx")
    hidden = row_of(outsider, "项目名称", CODE_NAME)
    for header in ("项目简介", "引荐人", "投资方"):
        assert hidden[column(outsider, header)] in ("", None)


def test_projects_one_changed_cell_is_that_change(data, tmp_path):
    path = tmp_path / "p.xlsx"
    rows = export("projects", data.staff, path)
    row_of(rows, "项目名称", "沈阳医药产业园项目")[column(rows, "重点项目级别")] = "市级重点项目"
    write(path, rows)
    report = run("projects", path, data.park, data.staff)
    assert report.errors == [] and report.updated == 1
    assert report.unchanged == len(rows) - 2
    data.public.refresh_from_db()
    assert data.public.key_level == KeyLevel.CITY
    assert data.public.history.first().history_user == data.staff


def test_projects_unknown_officer_names_the_people(data, tmp_path):
    path = tmp_path / "p.xlsx"
    rows = export("projects", data.staff, path)
    row_of(rows, "项目名称", "沈阳医药产业园项目")[column(rows, "责任人")] = "李四"
    write(path, rows)
    report = run("projects", path, data.park, data.staff, dry_run=True)
    [error] = report.errors
    letter = chr(ord("A") + column(rows, "责任人"))
    assert (error["column"], error["header"], error["code"]) == (
        letter,
        "责任人",
        "unknown_reference",
    )
    assert "李四" in error["message"] and "三 张" in error["message"]
    assert "五 王" in error["message"]


# ---------------------------------------------------------------- parts


def test_activity_one_changed_cell_is_that_change(data, tmp_path):
    path = tmp_path / "a.xlsx"
    rows = export("activities", data.staff, path)
    row = row_of(rows, "活动情况", "上门拜访")
    row[column(rows, "活动情况")] = "上门拜访并谈妥用地"
    write(path, rows)
    report = run("activities", path, data.park, data.staff)
    assert report.errors == [] and (report.updated, report.unchanged) == (1, len(rows) - 2)
    [changed] = [r for r in report.rows if r.action == "updated"]
    assert set(changed.changes) == {"summary"}
    activity = Activity.objects.get(pk=row[0])
    assert activity.summary == "上门拜访并谈妥用地"
    assert activity.history.first().history_user == data.staff


def test_blocker_blank_cells_never_clear(data, tmp_path):
    path = tmp_path / "b.xlsx"
    rows = export("blockers", data.staff, path)
    for row in rows[1:]:
        row[column(rows, "负责人")] = None
        row[column(rows, "提出日期")] = ""
    write(path, rows)
    report = run("blockers", path, data.park, data.staff)
    assert report.errors == [] and report.unchanged == len(rows) - 1
    assert set(Blocker.objects.values_list("owner", flat=True)) == {data.staff.pk}


def test_a_blank_number_is_a_new_record_made_by_the_service(data, tmp_path):
    path = tmp_path / "f.xlsx"
    rows = export("funding", data.outsider, path)
    new = list(row_of(rows, "项目名称", "沈阳医药产业园项目"))
    new[0] = None
    new[column(rows, "资金类型")] = "实际到位"
    new[column(rows, "金额")] = 100
    new[column(rows, "日期")] = dt.date(2019, 6, 1)
    write(path, [*rows, new])
    report = run("funding", path, data.park, data.outsider)
    assert report.errors == [] and report.created == 1
    record = Funding.objects.get(kind=FundKind.IN_PLACE)
    assert (record.project, record.amount, record.investor) == (
        data.public,
        Decimal("1000000"),
        data.known,
    )
    assert record.history.first().history_user == data.outsider


def test_a_new_activity_under_a_code_name(data, tmp_path):
    path = tmp_path / "a.xlsx"
    rows = export("activities", data.outsider, path)
    new = [None] * len(rows[0])
    new[column(rows, "项目名称")] = CODE_NAME
    new[column(rows, "活动类型")] = "电话沟通"
    new[column(rows, "日期")] = dt.date(2019, 5, 1)
    new[column(rows, "活动情况")] = "电话沟通进展"
    write(path, [*rows, new])
    report = run("activities", path, data.park, data.outsider)
    assert report.errors == [] and report.created == 1
    made = Activity.objects.get(summary="电话沟通进展")
    assert (made.project, made.kind, made.created_by) == (data.secret, "call", data.outsider)


def test_an_unknown_project_names_row_column_and_the_names_to_use(data, tmp_path):
    path = tmp_path / "b.xlsx"
    rows = export("blockers", data.outsider, path)
    rows[1][column(rows, "项目名称")] = "不存在的项目"
    write(path, rows)
    report = run("blockers", path, data.park, data.outsider, dry_run=True)
    [error] = report.errors
    assert (error["row"], error["column"], error["header"]) == (2, "B", "项目名称")
    assert "不存在的项目" in error["message"] and CODE_NAME in error["message"]
    assert SECRET_NAME not in error["message"] + error["message_en"]


def test_an_outsider_may_not_name_a_project_by_its_real_name(data, tmp_path):
    path = tmp_path / "a.xlsx"
    rows = export("activities", data.outsider, path)
    new = [None] * len(rows[0])
    new[column(rows, "项目名称")] = SECRET_NAME
    new[column(rows, "活动类型")] = "电话沟通"
    new[column(rows, "日期")] = dt.date(2019, 5, 1)
    new[column(rows, "活动情况")] = "猜名字"
    write(path, [*rows, new])
    report = run("activities", path, data.park, data.outsider, dry_run=True)
    assert [e["code"] for e in report.errors] == ["unknown_reference"]
    # the insider may
    report = run("activities", path, data.park, data.staff, dry_run=True)
    assert report.errors == [] and report.created == 1


def test_an_unknown_owner_names_the_people(data, tmp_path):
    path = tmp_path / "a.xlsx"
    rows = export("activities", data.staff, path)
    rows[1][column(rows, "下一步负责人")] = "李四"
    write(path, rows)
    report = run("activities", path, data.park, data.staff, dry_run=True)
    [error] = report.errors
    assert (error["row"], error["header"], error["code"]) == (
        2,
        "下一步负责人",
        "unknown_reference",
    )
    assert "三 张" in error["message"]


def test_a_record_stays_with_its_project(data, tmp_path):
    path = tmp_path / "b.xlsx"
    rows = export("blockers", data.staff, path)
    row = row_of(rows, "项目名称", "沈阳医药产业园项目")
    row[column(rows, "项目名称")] = "暂停的项目"
    write(path, rows)
    report = run("blockers", path, data.park, data.staff, dry_run=True)
    assert [e["code"] for e in report.errors] == ["project_fixed"]
    assert "沈阳医药产业园项目" in report.errors[0]["message"]


def test_an_outsider_changing_a_hidden_detail_is_refused(data, tmp_path):
    path = tmp_path / "a.xlsx"
    rows = export("activities", data.outsider, path)
    row = row_of(rows, "项目名称", CODE_NAME)
    row[column(rows, "活动情况")] = "改写保密内容"
    write(path, rows)
    report = run("activities", path, data.park, data.outsider)
    assert [e["code"] for e in report.errors] == ["confidential_match"]
    assert Activity.objects.filter(summary="试飞场选址").exists()


def test_an_outsider_may_not_change_a_hidden_investor(data, tmp_path):
    path = tmp_path / "i.xlsx"
    write(path, [["投资方名称", "所在地区"], ["机密投资方", "北京"]])
    report = run("investors", path, data.park, data.outsider)
    assert [e["code"] for e in report.errors] == ["confidential_match"]
    data.hidden.refresh_from_db()
    assert data.hidden.region == ""
    report = run("investors", path, data.park, data.staff)
    assert report.errors == [] and report.updated == 1


def test_investor_labels_and_a_new_investor(data, tmp_path):
    path = tmp_path / "i.xlsx"
    rows = export("investors", data.staff, path)
    assert row_of(rows, "投资方名称", "沈阳医药集团")[1:3] == ["企业", "本地"]
    write(path, [*rows, ["大连港集团", "企业", "市外", "大连"]])
    report = run("investors", path, data.park, data.staff)
    assert report.errors == [] and report.created == 1
    assert Investor.objects.get(name="大连港集团").origin == InvestorOrigin.OUT_OF_CITY


def test_funding_correction_follows_the_contract(data, tmp_path):
    path = tmp_path / "f.xlsx"
    rows = export("funding", data.staff, path)
    row = row_of(rows, "资金类型", "签约")
    row[column(rows, "金额")] = 6000
    write(path, rows)
    report = run("funding", path, data.park, data.staff)
    assert report.errors == [] and report.updated == 1
    data.public.refresh_from_db()
    assert data.public.contracted_amount == Decimal("60000000")


@pytest.mark.parametrize("name", ["project-activities", "project-funding", "investors"])
def test_the_list_pages_show_code_names_to_outsiders(name, data, client):
    client.force_login(data.outsider)
    page = client.get(reverse(name)).content.decode()
    assert not [s for s in SECRETS if s in page]
    if name != "investors":
        assert CODE_NAME in page
    client.force_login(data.staff)
    page = client.get(reverse(name)).content.decode()
    assert SECRET_NAME in page if name != "investors" else "机密投资方" in page
