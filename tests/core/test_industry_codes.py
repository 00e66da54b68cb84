from io import StringIO

import xlsxwriter
from django.core.management import call_command

from parkbase.core.models import IndustryCode
from parkbase.enterprises.engine import check_industry_code
from parkbase.enterprises.services import known_industry_codes
from parkbase.imports.reference import industry_codes_load


def test_the_shipped_table_has_20_sections_and_97_divisions(db):
    industry_codes_load()
    assert IndustryCode.objects.filter(level=1).count() == 20
    assert IndustryCode.objects.filter(level=2).count() == 97
    assert IndustryCode.objects.get(code="39").parent_id == "C"
    assert IndustryCode.objects.get(code="54").parent_id == "G"


def official_layout(path):
    """The publication's layout: a merged 代码 header over 门类/大类/中类/小类."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.merge_range(0, 0, 0, 3, "代码")
    sheet.write_row(0, 4, ["类别名称", "说明"])
    sheet.write_row(1, 0, ["门类", "大类", "中类", "小类"])
    rows = [
        ["C", "", "", "", "制造业"],
        ["", "34", "", "", "通用设备制造业"],
        ["", "", "341", "", "锅炉及原动设备制造"],
        ["", "", "", "3411", "锅炉及辅助设备制造"],
        ["", "", "", "3412", "内燃机及配件制造"],
    ]
    for r, row in enumerate(rows, start=2):
        sheet.write_row(r, 0, row)
    workbook.close()
    return path


def test_the_full_table_loads_from_the_official_layout_and_deepens_the_check(db, tmp_path):
    industry_codes_load()
    # with divisions only, a class is checked through its division
    assert check_industry_code("3419", known_industry_codes()) is None
    result = industry_codes_load(official_layout(tmp_path / "gbt4754.xlsx"))
    assert result.created == 3 and result.unchanged == 2
    assert IndustryCode.objects.get(code="3411").parent_id == "341"
    assert IndustryCode.objects.get(code="341").parent_id == "34"
    assert IndustryCode.objects.get(code="34").parent_id == "C"
    known = known_industry_codes()
    assert check_industry_code("3411", known) is None
    assert check_industry_code("3419", known).code == "unknown_code"


def test_the_industry_command_loads_the_official_spreadsheet(db, tmp_path):
    industry_codes_load()
    out = StringIO()
    call_command("industry", "load", str(official_layout(tmp_path / "gbt4754.xlsx")), stdout=out)
    assert out.getvalue().strip() == "industry codes: 3 created, 0 updated, 2 unchanged"
    assert IndustryCode.objects.get(code="3412").parent_id == "341"
