"""The project spreadsheet import (kind "projects") on real files as offices send them:
a title row above the header, units in the headers, full-width digits, a 合计 row, text
dates such as 2019年3月, GBK CSV; rows checked with the services' rules (stage gates
name the missing columns), all or nothing, skip-invalid, dry run, updates by exact
name, confidentiality, and the registry's template, pages, jobs and command."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.imports import registry
from parkbase.imports import services as import_services
from parkbase.imports.choices import JobStatus
from parkbase.imports.workbooks import template_workbook
from parkbase.projects.choices import InvestorRole, ProjectStatus
from parkbase.projects.importers import import_projects
from parkbase.projects.models import Investor, Project
from tests.clients import log_in
from tests.imports.ugly import write_csv, write_xlsx

from .conftest import DAY

pytestmark = pytest.mark.django_db

HEADER = [
    "项目名称",
    "阶段",
    "投资方",
    "投资方来源",
    "总投资（亿元）",
    "签约额（万元）",
    "用地面积（亩）",
    "首次接洽",
    "签约日期",
    "责任人",
    "行业代码",
    "用地方式",
    "来源",
    "重点项目级别",
    "预计就业（人）",
    "需协调问题",
]
COLUMN = {name.split("（")[0]: chr(ord("A") + i) for i, name in enumerate(HEADER)}


def line(name, **cells) -> list:
    """A data row: the project name and the cells named by their header (sans unit)."""
    row = [name] + [None] * (len(HEADER) - 1)
    for header, value in cells.items():
        row[HEADER.index(next(h for h in HEADER if h.split("（")[0] == header))] = value
    return row


def office_sheet(path, *data_rows):
    title = ["2019年招商引资重点项目台账"] + [None] * (len(HEADER) - 1)
    rows = [title, HEADER, *data_rows]
    return write_xlsx(path, rows, merges=[(0, 0, 0, len(HEADER) - 1)], sheet="项目台账")


@pytest.fixture
def park(world, pipeline):
    staff = world.users[Role.STAFF]
    staff.last_name, staff.first_name = "张", "三"
    staff.save()
    return world.parks[0]


def errors_of(report) -> set[tuple]:
    return {(e["row"], e["column"], e["code"]) for e in report.errors}


GOOD = line(
    "沈阳医药产业园项目",
    阶段="签约",
    投资方="华润医药集团、沈阳医药有限公司",
    投资方来源="省外",
    总投资="１．２",
    签约额="８，０００",
    用地面积=50,
    首次接洽="2019年3月",
    签约日期=dt.date(2019, 5, 10),
    责任人="张三",
    行业代码="27",
    用地方式="新增用地",
    来源="引荐",
    重点项目级别="市级",
    预计就业="３００",
    需协调问题="土地征收方案待批",
)
LEAD = line("航空基地项目", 阶段="lead", 首次接洽="2019-06-01", 责任人="staff")
TOTAL = line("合计", 总投资=2.2, 签约额=8000)


def test_an_office_sheet_imports_with_units_full_width_digits_and_text_dates(world, park, tmp_path):
    path = office_sheet(tmp_path / "台账.xlsx", GOOD, LEAD, TOTAL)
    report = import_projects(path, park=park, user=world.users[Role.STAFF])
    assert report.errors == []
    assert (report.created, report.updated, report.written) == (2, 0, True)
    assert report.skipped == 1 and report.skipped_rows == [{"row": 5, "reason": "total"}]
    assert report.header_row == 2
    project = Project.objects.get(name="沈阳医药产业园项目")
    assert project.park == park and project.stage.code == "signed"
    assert project.total_investment == Decimal("120000000.00")  # 1.2 亿元
    assert project.contracted_amount == Decimal("80000000.00")  # 8,000 万元
    assert project.land_area == Decimal("33333.33")  # 50 亩 in m²
    assert project.first_contact_on == dt.date(2019, 3, 1)  # 2019年3月
    assert project.signed_on == dt.date(2019, 5, 10)
    assert project.stage_since == dt.date(2019, 3, 1)
    assert project.officer == world.users[Role.STAFF]
    assert (project.industry_code, project.land_mode, project.source) == (
        "27",
        "new_land",
        "referral",
    )
    assert (project.key_level, project.expected_jobs) == ("city", 300)
    assert project.issues == "土地征收方案待批"
    assert project.status == ProjectStatus.ACTIVE
    links = list(project.investor_links.order_by("id").select_related("investor"))
    assert [(li.investor.name, li.role) for li in links] == [
        ("华润医药集团", InvestorRole.LEAD),
        ("沈阳医药有限公司", InvestorRole.PARTNER),
    ]
    assert {li.investor.origin for li in links} == {"out_of_province"}
    assert project.created_by == world.users[Role.STAFF]
    assert project.history.first().history_user == world.users[Role.STAFF]
    lead = Project.objects.get(name="航空基地项目")
    assert (lead.stage.code, lead.officer) == ("lead", world.users[Role.STAFF])
    assert [r.action for r in report.rows] == ["created", "created"]


BAD_ROWS = [
    line("甲项目", 阶段="线索", 首次接洽="2019-04-01"),  # row 3: valid
    line("乙项目", 阶段="飞行", 首次接洽="2019-04-01"),  # row 4: unknown stage
    line("丙项目", 阶段="签约", 首次接洽="2019-04-01"),  # row 5: the gate does not hold
    line("甲项目", 阶段="线索", 首次接洽="2019-04-02"),  # row 6: twice in the file
    line("丁项目", 首次接洽="2019-04-01", 投资方="新来的投资方"),  # row 7: origin missing
    line("戊项目", 首次接洽="2019-04-01", 责任人="查无此人"),  # row 8: unknown officer
    line("己项目", 首次接洽="2019-04-01", 签约日期="2019-03-01"),  # row 9: signed before contact
    line("庚项目", 首次接洽="2019-04-01", 总投资="abc"),  # row 10: not a number
]
BAD_EXPECTED = {
    (4, COLUMN["阶段"], "unknown_reference"),
    (5, COLUMN["阶段"], "stage_gate"),
    (6, "A", "duplicate_in_file"),
    (7, COLUMN["投资方来源"], "investor_origin_required"),
    (8, COLUMN["责任人"], "unknown_reference"),
    (9, COLUMN["签约日期"], "before"),
    (10, COLUMN["总投资"], "not_a_number"),
}


def test_one_bad_row_writes_nothing_and_names_row_column_and_rule(world, park, tmp_path):
    path = office_sheet(tmp_path / "bad.xlsx", *BAD_ROWS)
    report = import_projects(path, park=park, user=world.users[Role.STAFF])
    assert errors_of(report) == BAD_EXPECTED
    assert not report.written
    assert not Project.objects.exists()
    assert not Investor.objects.exists()
    gate = next(e for e in report.errors if e["code"] == "stage_gate")
    assert "第5行" in gate["message"] and f"{COLUMN['阶段']}列" in gate["message"]
    assert "签约日期" in gate["message"] and "签约额(万元)" in gate["message"]
    assert "row 5" in gate["message_en"]
    assert "“Contract signed”" in gate["message_en"] and "“Contracted amount”" in gate["message_en"]
    stage = next(e for e in report.errors if e["row"] == 4)
    assert stage["value"] == "飞行"
    assert [r.action for r in report.rows].count("rejected") == 7


def test_skip_invalid_writes_exactly_the_valid_rows(world, park, tmp_path):
    path = office_sheet(tmp_path / "bad.xlsx", *BAD_ROWS)
    report = import_projects(path, park=park, user=world.users[Role.STAFF], skip_invalid=True)
    assert errors_of(report) == BAD_EXPECTED
    assert report.written and report.created == 1
    assert list(Project.objects.values_list("name", "first_contact_on")) == [
        ("甲项目", dt.date(2019, 4, 1))
    ]
    assert not Investor.objects.exists()  # row 7's investor went with its row


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(world, park, tmp_path):
    path = office_sheet(tmp_path / "台账.xlsx", GOOD, LEAD)
    report = import_projects(path, park=park, user=world.users[Role.STAFF], dry_run=True)
    assert (report.created, report.errors, report.written) == (2, [], False)
    assert not Project.objects.exists()
    assert not Investor.objects.exists()
    assert import_projects(path, park=park, user=world.users[Role.STAFF]).written
    assert Project.objects.count() == 2


def test_a_gbk_csv_imports(world, park, tmp_path):
    rows = [
        [
            "项目名称",
            "阶段",
            "投资方",
            "投资方来源",
            "总投资(万元)",
            "首次接洽",
            "研判日期",
            "需协调问题",
        ],
        [
            "大数据产业园项目",
            "研判",
            "辽宁数据集团；北京云科技",
            "本地",
            "５０００",
            "2019/3/5",
            "2019年3月8日",
            "双重征税",
        ],
    ]
    path = write_csv(tmp_path / "projects.csv", rows, encoding="gbk")
    report = import_projects(path, park=park, user=world.users[Role.STAFF])
    assert report.errors == [] and report.written
    project = Project.objects.get()
    assert project.name == "大数据产业园项目" and project.stage.code == "screening"
    assert project.total_investment == Decimal("50000000.00")
    assert (project.first_contact_on, project.screened_on) == (
        dt.date(2019, 3, 5),
        dt.date(2019, 3, 8),
    )
    assert project.issues == "双重征税"
    names = sorted(project.investors.values_list("name", flat=True))
    assert names == ["北京云科技", "辽宁数据集团"]


def test_existing_projects_are_matched_by_name_and_moved(world, park, make_project, tmp_path):
    existing = make_project(name="沈阳医药产业园项目", description="已有描述", referrer="老朋友")
    path = office_sheet(tmp_path / "台账.xlsx", GOOD)
    report = import_projects(path, park=park, user=world.users[Role.STAFF])
    assert report.errors == []
    assert (report.created, report.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.stage.code == "signed"
    assert existing.stage_since == dt.date(2019, 5, 10)  # moved on the signing day
    assert existing.contracted_amount == Decimal("80000000.00")
    assert existing.first_contact_on == dt.date(2019, 3, 1)
    assert (existing.description, existing.referrer) == ("已有描述", "老朋友")  # blank cells
    changes = report.rows[0].changes
    assert changes["stage"] == ["lead", "signed"]
    assert changes["contracted_amount"] == [None, "80000000.00"]
    assert "investors" in changes
    moves = existing.stage_changes.order_by("changed_on", "id")
    assert [m.stage.code for m in moves] == ["lead", "signed"]
    again = import_projects(path, park=park, user=world.users[Role.STAFF])
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 1, [])
    assert Project.objects.count() == 1


def test_a_closed_project_is_not_moved(world, park, make_project, tmp_path):
    project = make_project(name="沈阳医药产业园项目")
    from parkbase.projects import services

    services.project_set_status(
        project=project, status="terminated", expected_version=1, note="终止", on=DAY
    )
    path = office_sheet(tmp_path / "台账.xlsx", GOOD)
    report = import_projects(path, park=park, user=world.users[Role.STAFF])
    assert errors_of(report) == {(3, COLUMN["阶段"], "project_closed")}
    project.refresh_from_db()
    assert project.stage.code == "lead" and project.contracted_amount is None


def test_the_status_column_only_says_under_way(world, park, tmp_path):
    header = [
        "项目名称",
        "状态",
        "首次接洽",
        "签约日期",
        "签约额（万元）",
        "注册日期",
        "土地款缴纳日期",
        "开工日期",
    ]
    rows = [
        header,
        ["在谈项目", "在谈", "2019-01-05"],
        ["暂停项目", "暂停", "2019-01-05"],
        ["假落地项目", "已落地", "2019-01-05"],
        [
            "真落地项目",
            "已落地",
            "2019-01-05",
            "2019-02-01",
            100,
            "2019-02-10",
            "2019-03-01",
            "2019-04-01",
        ],
    ]
    path = write_xlsx(tmp_path / "status.xlsx", rows)
    report = import_projects(path, park=park, user=world.users[Role.STAFF], skip_invalid=True)
    assert errors_of(report) == {(3, "B", "import_status"), (4, "B", "landed_computed")}
    assert "暂停" in report.errors[0]["message"]
    landed = Project.objects.get(name="真落地项目")
    assert landed.status == ProjectStatus.LANDED and landed.landed_on == dt.date(2019, 4, 1)
    assert Project.objects.get(name="在谈项目").status == ProjectStatus.ACTIVE


def test_confidential_projects_keep_their_secrets(world, park, make_project, tmp_path):
    admin, staff = world.users[Role.ADMIN], world.users[Role.STAFF]
    secret = make_project(
        name="真实机密项目", confidential=True, code_name="代号乙", description="机密", user=admin
    )
    header = ["项目名称", "保密", "代号", "项目简介", "需协调问题", "首次接洽"]
    real = write_xlsx(tmp_path / "real.xlsx", [header, ["真实机密项目", None, None, None, "问题A"]])
    report = import_projects(real, park=park, user=staff)
    assert errors_of(report) == {(2, "A", "confidential_match")}
    secret.refresh_from_db()
    assert secret.issues == ""
    # an outsider's list shows the code name: the row is about that project
    coded = write_xlsx(tmp_path / "coded.xlsx", [header, ["代号乙", "是", None, None, "问题B"]])
    report = import_projects(coded, park=park, user=staff)
    assert report.errors == [] and report.updated == 1
    secret.refresh_from_db()
    assert (secret.name, secret.issues, secret.description) == ("真实机密项目", "问题B", "机密")
    lifted = write_xlsx(tmp_path / "lift.xlsx", [header, ["代号乙", "否", None, "新描述", None]])
    report = import_projects(lifted, park=park, user=staff)
    assert errors_of(report) == {(2, "B", "confidential_match"), (2, "D", "confidential_match")}
    # its insiders import by the real name
    report = import_projects(real, park=park, user=admin)
    assert report.errors == [] and report.updated == 1
    secret.refresh_from_db()
    assert secret.issues == "问题A" and secret.confidential
    # a new confidential project needs its code name
    new = write_xlsx(
        tmp_path / "new.xlsx", [header, ["新机密项目", "是", None, None, None, "2019-05-01"]]
    )
    report = import_projects(new, park=park, user=staff)
    assert errors_of(report) == {(2, "C", "required_when_confidential")}


def test_a_sheet_without_the_name_column_is_unusable(world, park, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["阶段", "总投资（万元）"], ["线索", 100]])
    report = import_projects(path, park=park, user=world.users[Role.STAFF])
    assert report.unusable == "missing_column" and not report.written
    assert report.errors[0]["code"] == "missing_column"


# ------------------------------------------------------------------ registry, pages, jobs, CLI


def test_the_registry_serves_a_documented_template(world, park, client, settings, tmp_path):
    importer = registry.get("projects")
    book = CalamineWorkbook.from_filelike(io.BytesIO(template_workbook(importer)))
    header = book.get_sheet_by_index(0).to_python()[0]
    assert header[:4] == ["项目名称", "保密", "代号", "阶段"]
    assert {"总投资(万元)", "用地面积(亩)", "签约日期", "需协调问题"} <= set(header)
    notes = "\n".join(str(c) for r in book.get_sheet_by_index(1).to_python() for c in r)
    assert "投资方来源" in notes and "项目名称" in notes
    # a template filled in imports as it is
    filled = tmp_path / "template.xlsx"
    values = {"项目名称": "模板项目", "阶段": "线索", "首次接洽": "2019-05-01", "总投资(万元)": 10}
    write_xlsx(filled, [header, [values.get(h) for h in header]])
    report = import_projects(filled, park=park, user=world.users[Role.STAFF])
    assert report.errors == [] and report.created == 1
    assert Project.objects.get().total_investment == Decimal("100000.00")
    log_in(client, world.users[Role.STAFF])
    settings.MEDIA_ROOT = tmp_path / "media"
    assert 'value="projects"' in client.get(reverse("import-create")).content.decode()
    response = client.get(reverse("import-template", args=["projects"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_an_import_job_checks_then_writes(world, park, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = office_sheet(tmp_path / "台账.xlsx", GOOD, LEAD)
    upload = SimpleUploadedFile("台账.xlsx", path.read_bytes())
    staff = world.users[Role.STAFF]
    job = import_services.import_job_create(user=staff, park=park, kind="projects", upload=upload)
    assert job.status == JobStatus.CHECKED and job.report["created"] == 2
    assert not Project.objects.exists()
    import_services.import_job_confirm(user=staff, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Project.objects.filter(created_by=staff).count() == 2


def test_the_command_imports_projects(world, park, tmp_path):
    path = office_sheet(tmp_path / "台账.xlsx", GOOD, LEAD)
    out = StringIO()
    call_command("import", "projects", str(path), "--park", "a", "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 2
    assert not Project.objects.exists()
    call_command("import", "projects", str(path), "--park", "a", stdout=StringIO())
    assert Project.objects.filter(park=park).count() == 2
    bad = office_sheet(tmp_path / "bad.xlsx", *BAD_ROWS)
    with pytest.raises(SystemExit) as exit_status:
        call_command(
            "import", "projects", str(bad), "--park", "a", stdout=StringIO(), stderr=StringIO()
        )
    assert exit_status.value.code == 1
    assert Project.objects.filter(park=park).count() == 2
