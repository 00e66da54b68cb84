"""Uploading a real office spreadsheet through the page, in a real browser."""

import pytest
import xlsxwriter

from parkbase.enterprises.models import Enterprise
from tests.demo_copy import demo_data
from tests.factories import make_uscc

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def office_file(path, code):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("新入园企业")
    sheet.merge_range(0, 0, 0, 3, "2020年新入园企业名单")
    sheet.write_row(1, 0, ["企业名称", "统一社会信用代码", "园区期次", "注册资本（万元）"])
    sheet.write_row(2, 0, ["沈阳新入园科技有限公司", code, "P4", "１，２００"])
    sheet.write_row(3, 0, ["合计", "", "", 1200])
    book.close()
    return path


def test_upload_check_and_confirm(offline_page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_data()
    code = make_uscc()
    page = offline_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "demo-staff")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/imports/new/")
    page.select_option("select[name=kind]", "enterprises")
    page.set_input_files("input[name=file]", str(office_file(tmp_path / "名单.xlsx", code)))
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=count-created]")
    assert page.inner_text("[data-testid=count-created]").strip() == "1"
    assert page.inner_text("[data-testid=count-errors]").strip() == "0"
    assert not Enterprise.objects.filter(uscc=code).exists()
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=job-status][data-status], [data-testid=job-status]")
    assert page.locator("#job-status").get_attribute("data-status") == "done"
    created = Enterprise.objects.get(uscc=code)
    assert created.registered_capital == 12_000_000
    assert created.phase.code == "P4"
    assert page.outside_requests == []
