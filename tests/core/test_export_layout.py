"""An exported list reads well in Excel: its sheet is named after the list, its header
row has filter buttons, and its columns are as wide as their contents."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.core.exports import sheet_name, write_xlsx
from tests.clients import page_client


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


def test_header_has_filter_buttons_and_columns_fit():
    content = write_xlsx(
        ["代码", "企业名称"], [["A", "沈阳沈东自动化研究所有限责任公司"], ["B", "短"]]
    )
    xml = sheet_xml(content)
    assert re.search(r'<autoFilter ref="A1:B3"', xml)
    widths = [float(w) for w in re.findall(r'<col [^>]*width="([0-9.]+)"', xml)]
    assert widths[0] < widths[1]  # the long Chinese name gets the wide column
    assert widths[1] >= 30


def test_a_sheet_name_excel_accepts():
    assert sheet_name("宗地/楼宇: [2019]?") == "宗地 楼宇 2019"
    assert len(sheet_name("长" * 40)) == 31
    assert sheet_name("") == "Sheet1"


@pytest.mark.django_db
def test_a_list_export_is_named_after_the_list(world):
    response = page_client(world.users[Role.STAFF], "zh-hans").get(
        reverse("enterprise-list"), {"export": "xlsx"}
    )
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["企业"]
