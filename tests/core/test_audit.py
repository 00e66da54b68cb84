"""The audit trail: every change made through a page or an import is recorded with
the user and the time, and the History tab shows each changed field before/after."""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from parkbase.core.choices import Role
from parkbase.enterprises import services
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from tests.clients import log_in
from tests.factories import EnterpriseYearFactory, make_uscc


@pytest.fixture
def staff(en, world):
    user = world.users[Role.STAFF]
    log_in(en, user)
    return user


def edit_data(enterprise: Enterprise, **changes) -> dict:
    data = {
        "name": enterprise.name,
        "uscc": enterprise.uscc,
        "industry_code": enterprise.industry_code,
        "status": enterprise.status,
        "phase": enterprise.phase_id or "",
        "department": enterprise.department_id or "",
        "address": enterprise.address,
        "version": enterprise.version,
    }
    data.update(changes)
    return data


def history_rows(response) -> list[tuple[str, str, str]]:
    """(label, before, after) of every field row in the History tab."""
    rows = re.findall(
        r"<tr><td>(.*?)</td><td class=\"text-danger\">(.*?)</td>"
        r"<td class=\"text-success\">(.*?)</td></tr>",
        response.text,
        re.S,
    )
    return [tuple(html.unescape(cell).strip() for cell in row) for row in rows]


def recent(when) -> bool:
    return abs(timezone.now() - when) < dt.timedelta(minutes=5)


def test_create_via_page_records_user_and_values(en, world, staff):
    code = make_uscc()
    response = en.post(
        reverse("enterprise-create"),
        {
            "name": "审计新建企业",
            "uscc": code,
            "industry_code": "34",
            "status": "producing",
            "address": "兴园街1号",
        },
    )
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(uscc=code)
    records = list(enterprise.history.all())
    assert len(records) == 1
    record = records[0]
    assert record.history_type == "+"
    assert record.history_user == staff
    assert recent(record.history_date)
    assert (record.name, record.address, record.version) == ("审计新建企业", "兴园街1号", 1)

    page = en.get(reverse("enterprise-detail", args=[enterprise.pk]), {"tab": "history"})
    assert page.status_code == 200
    [change] = page.context["changes"]
    assert (change.kind, change.user) == ("+", "staff")
    assert "Created" in page.text


def test_edit_via_page_records_before_and_after(en, world, staff):
    enterprise = world.enterprises[0]
    old_name, old_address = enterprise.name, enterprise.address
    response = en.post(
        reverse("enterprise-edit", args=[enterprise.pk]),
        edit_data(enterprise, name="审计改名企业", address="沈东二路8号"),
    )
    assert response.status_code == 302
    latest = enterprise.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == staff
    assert recent(latest.history_date)
    delta = latest.diff_against(latest.prev_record)
    changed = {c.field: (c.old, c.new) for c in delta.changes}
    assert changed["name"] == (old_name, "审计改名企业")
    assert changed["address"] == (old_address, "沈东二路8号")
    assert latest.version == 2
    assert "uscc" not in changed and "industry_code" not in changed

    page = en.get(reverse("enterprise-detail", args=[enterprise.pk]), {"tab": "history"})
    rows = history_rows(page)
    assert ("name", old_name, "审计改名企业") in rows
    assert ("address", old_address, "沈东二路8号") in rows
    # bookkeeping fields are not shown as changes
    assert not any(label in ("version", "updated") for label, _, _ in rows)
    change = page.context["changes"][0]
    assert (change.kind, change.user) == ("~", "staff")
    assert "staff" in page.text


def test_history_tab_shows_reference_and_flag_changes(en, world, staff):
    enterprise = world.enterprises[0]
    response = en.post(
        reverse("enterprise-edit", args=[enterprise.pk]),
        edit_data(enterprise, department=world.departments[1].pk, is_high_tech="on"),
    )
    assert response.status_code == 302
    page = en.get(reverse("enterprise-detail", args=[enterprise.pk]), {"tab": "history"})
    labels = {label for label, _, _ in history_rows(page)}
    assert {"supervising department", "high-tech enterprise"} <= labels


def test_yearly_data_edit_appears_in_history_tab(en, world, staff):
    enterprise = world.enterprises[0]
    year = EnterpriseYearFactory(enterprise=enterprise, year=2019)
    url = reverse("enterprise-year-edit", args=[enterprise.pk, 2019])
    form = en.get(url).context["form"]
    data = {
        name: ("" if form[name].value() is None else form[name].value())
        for name in form.fields
        if name != "year"
    }
    data["gross_output"] = "１２３４５"  # 万元
    response = en.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    latest = year.history.latest()
    assert latest.history_user == staff
    assert latest.history_type == "~"
    assert latest.gross_output == Decimal("123450000")

    page = en.get(reverse("enterprise-detail", args=[enterprise.pk]), {"tab": "history"})
    changes = page.context["changes"]
    year_changes = [c for c in changes if c.label == "2019"]
    assert [c.kind for c in year_changes] == ["~", "+"]
    assert year_changes[0].user == "staff"
    rows = history_rows(page)
    [row] = [r for r in rows if r[0] == "gross industrial output (yuan)"]
    assert Decimal(row[1]) == Decimal("80000000")
    assert Decimal(row[2]) == Decimal("123450000")
    assert "2019" in page.text


def test_rejected_edit_records_nothing(en, world, staff):
    enterprise = world.enterprises[0]
    count = enterprise.history.count()
    response = en.post(
        reverse("enterprise-edit", args=[enterprise.pk]),
        edit_data(enterprise, name="不会保存", industry_code="99"),
    )
    assert response.status_code == 400
    assert enterprise.history.count() == count


def test_history_tab_is_only_the_enterprises_own(en, world, staff):
    a, b = world.enterprises[0], world.enterprises[1]
    en.post(reverse("enterprise-edit", args=[b.pk]), edit_data(b, name="别家改名"))
    page = en.get(reverse("enterprise-detail", args=[a.pk]), {"tab": "history"})
    assert "别家改名" not in page.text
    assert all(c.kind == "+" for c in page.context["changes"])


def _write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_import_records_the_importing_user(world, tmp_path):
    staff = world.users[Role.STAFF]
    park = world.parks[0]
    existing = world.enterprises[0]
    code = make_uscc()
    path = _write_csv(
        tmp_path / "enterprises.csv",
        ["企业名称", "统一社会信用代码", "行业代码", "状态", "地址"],
        [
            [existing.name, existing.uscc, "34", "在产", "导入新地址1号"],
            ["导入新建企业", code, "34", "在产", ""],
        ],
    )
    report = services.import_enterprises(path, park=park, user=staff)
    assert report.errors == []
    assert (report.created, report.updated) == (1, 1)

    created = Enterprise.objects.get(uscc=code)
    [record] = created.history.all()
    assert (record.history_type, record.history_user) == ("+", staff)
    assert record.history_change_reason == "import"
    assert recent(record.history_date)

    latest = existing.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", staff)
    assert latest.history_change_reason == "import"
    assert latest.address == "导入新地址1号"
    assert latest.version == 2

    path = _write_csv(
        tmp_path / "years.csv",
        ["统一社会信用代码", "企业名称", "年度", "工业总产值(万元)"],
        [[existing.uscc, existing.name, 2019, "１２３４"]],
    )
    report = services.import_years(path, park=park, user=staff)
    assert report.errors == []
    year = EnterpriseYear.objects.get(enterprise=existing, year=2019)
    assert year.gross_output == Decimal("12340000")
    record = year.history.latest()
    assert (record.history_type, record.history_user) == ("+", staff)


def test_import_shows_in_history_tab_with_reason(en, world, staff, tmp_path):
    existing = world.enterprises[0]
    path = _write_csv(
        tmp_path / "enterprises.csv",
        ["企业名称", "统一社会信用代码", "行业代码", "状态", "地址"],
        [[existing.name, existing.uscc, "34", "在产", "导入新地址2号"]],
    )
    report = services.import_enterprises(path, park=world.parks[0], user=staff)
    assert report.updated == 1
    page = en.get(reverse("enterprise-detail", args=[existing.pk]), {"tab": "history"})
    change = page.context["changes"][0]
    assert (change.user, change.reason) == ("staff", "import")
    assert ("address", existing.address, "导入新地址2号") in history_rows(page)


def test_dry_run_import_records_nothing(world, tmp_path):
    existing = world.enterprises[0]
    count = existing.history.count()
    path = _write_csv(
        tmp_path / "enterprises.csv",
        ["企业名称", "统一社会信用代码", "行业代码", "状态", "地址"],
        [[existing.name, existing.uscc, "34", "在产", "只是预览"]],
    )
    report = services.import_enterprises(
        path, park=world.parks[0], user=world.users[Role.STAFF], dry_run=True
    )
    assert report.updated == 1
    assert existing.history.count() == count
    existing.refresh_from_db()
    assert existing.address != "只是预览"
