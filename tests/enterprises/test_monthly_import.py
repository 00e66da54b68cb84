"""The ``monthly`` import kind: the statistics system's export, ugly as it comes."""

import csv
import datetime as dt
import json
from decimal import Decimal as D

import pytest
import xlsxwriter
from django.core.management import call_command

from parkbase.core.choices import Role
from parkbase.enterprises import monthly_services
from parkbase.enterprises.models import MonthlyFigure, MonthlyReturn
from parkbase.enterprises.monthly_import import import_monthly
from parkbase.imports import registry


@pytest.fixture(autouse=True)
def as_of(settings):
    settings.AS_OF = dt.date(2019, 7, 10)


def xlsx(path, rows, merges=()):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("月报")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    for cells in merges:  # as the statistics system writes them: the value in the first cell
        first = cells.split(":")[0]
        r, c = int(first[1:]) - 1, ord(first[0]) - 65
        sheet.merge_range(cells, rows[r][c])
    book.close()
    return path


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="gbk") as f:
        csv.writer(f).writerows(rows)
    return path


def outputs(enterprise):
    return [
        (f.period_start, f.period_end, f.gross_output, f.gross_output_ytd)
        for f in MonthlyFigure.objects.filter(enterprise=enterprise).order_by("period_end")
    ]


def test_the_kind_is_registered_with_a_month_option():
    importer = registry.get("monthly")
    assert importer.options == ("month",) and importer.model is MonthlyReturn
    assert "本月" in str(importer.notes)


def test_a_two_line_ytd_export_in_thousands_is_stored_as_filed_and_derived(world, tmp_path):
    """GIVEN the statistics export: a title, a unit note, a two-line header whose lower
    line says 1-N月累计 under each figure (千元), periods 2019年1-2月 and 2019年3月
    THEN the returns are stored 累计 in yuan, 1–2月 stays combined, 3月's own value is
    the difference, and the source is the statistics system."""
    path = xlsx(
        tmp_path / "统计月报.xlsx",
        [
            ["规模以上工业企业主要经济指标"],
            ["单位：千元"],
            ["企业名称", "期别", "工业总产值", None, "营业收入", None],
            [None, None, "本月", "1-N月累计", "本月", "1-N月累计"],
        ][:3]
        + [[None, None, "1-N月累计", None, "1-N月累计", None]]
        + [
            ["企业11", "2019年1-2月", 3000, None, 2800, None],
            ["企业11", "2019年3月", "4,500", None, 4000, None],
            ["企业12", "2019年1-2月", 1000.5, None, None, None],
        ],
        merges=["A3:A4", "B3:B4", "C3:D3", "E3:F3"],
    )
    report = import_monthly(path, park=world.parks[0])
    assert report.errors == [] and report.created == 3 and report.written
    a = world.enterprises[0]
    stored = MonthlyReturn.objects.get(enterprise=a, period_end=2)
    assert (stored.period_start, stored.basis, stored.source) == (1, "ytd", "statistics")
    assert stored.gross_output == D(3_000_000) and stored.revenue == D(2_800_000)
    assert outputs(a) == [
        (1, 2, D(3_000_000), D(3_000_000)),
        (3, 3, D(1_500_000), D(4_500_000)),
    ]
    assert stored.history.first().history_change_reason.startswith("import")


def test_one_line_month_headers_with_the_month_option_via_the_command(world, tmp_path, capsys):
    """'本月工业总产值(万元)' and '当月 营业收入（元）', no period column, --month 2019-03."""
    path = write_csv(
        tmp_path / "三月.csv",
        [
            ["统一社会信用代码", "单位详细名称", "本月工业总产值(万元)", "当月 营业收入（元）"],
            [world.enterprises[1].uscc, "企业12", "12.5", "90000"],
        ],
    )
    call_command("import", "monthly", str(path), "--month", "2019-03", "--park", "a", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["created"] == 1 and result["errors"] == []
    stored = MonthlyReturn.objects.get(enterprise=world.enterprises[1])
    assert (stored.period_start, stored.period_end, stored.basis) == (3, 3, "period")
    assert (stored.gross_output, stored.revenue) == (D(125_000), D(90_000))


def test_month_and_ytd_figures_for_one_enterprise_are_caught(world, tmp_path):
    """A row filling both 本月 and 累计 columns, and an enterprise given 本月 in one row
    and 累计 in another, are refused; an enterprise on one basis passes."""
    rows = [
        ["企业名称", "月份", "工业总产值本月(万元)", "工业总产值1-3月累计(万元)"],
        ["企业11", "2019年3月", 10, 30],
        ["企业12", "2019年2月", 10, None],
        ["企业12", "2019年3月", None, 30],
        ["企业21", "2019年3月", None, 30],
    ]
    report = import_monthly(xlsx(tmp_path / "mixed.xlsx", rows), park=world.parks[0])
    by_row = {e["row"]: e for e in report.errors}
    assert sorted(by_row) == [2, 3, 4]
    assert "本月" in by_row[2]["message"] and "both as the month" in by_row[2]["message_en"]
    assert "企业12" in by_row[4]["message"] and "当月" in by_row[4]["message"]
    assert not report.written and not MonthlyReturn.objects.exists()


def test_every_bad_value_is_a_row_error_naming_row_column_and_rule(world, tmp_path):
    rows = [
        ["企业名称", "月份", "工业总产值本月(万元)", "用电量本月(千瓦时)"],
        ["企业11", "2019年1-2月", 100, 1000],  # row 2: fine
        ["企业11", "2019年3月", -5, 1000],  # row 3: negative output
        ["企业12", "2019年3月", "十二", 1000],  # row 4: not a number
        ["不存在的企业", "2019年3月", 1, 1],  # row 5: unknown enterprise
        ["企业21", "第三季度", 1, 1],  # row 6: not a period
        ["企业21", "2019年7月", 1, 1],  # row 7: July is not over
        ["企业22", "2019年1-3月累计", 1, 1],  # row 8: 累计 period, month columns
        ["企业11", "2019年1-2月", 100, 1000],  # row 9: twice in the file
    ]
    report = import_monthly(xlsx(tmp_path / "bad.xlsx", rows), park=world.parks[0])
    by_row = {}
    for error in report.errors:
        by_row.setdefault(error["row"], []).append(error)
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9], report.errors
    assert by_row[3][0]["column"] == "C" and "不能为负数" in by_row[3][0]["message"]
    assert "negative" in by_row[3][0]["message_en"] and "企业11" in by_row[3][0]["message"]
    assert by_row[4][0]["column"] == "C" and "not a number" in by_row[4][0]["message_en"]
    assert "does not exist" in by_row[5][0]["message_en"]
    assert "not a month" in by_row[6][0]["message_en"] and by_row[6][0]["column"] == "B"
    assert "not over" in by_row[7][0]["message_en"] and "2019年7月" in by_row[7][0]["message"]
    assert "year-to-date period" in by_row[8][0]["message_en"]
    assert "appears twice" in by_row[9][0]["message_en"]
    assert not report.written and not MonthlyReturn.objects.exists()
    again = import_monthly(
        xlsx(tmp_path / "bad.xlsx", rows), park=world.parks[0], skip_invalid=True
    )
    assert again.written and MonthlyReturn.objects.count() == 1


def test_plain_figure_headers_are_ytd_only_when_every_period_runs_from_january(world, tmp_path):
    good = [["企业名称", "月份", "工业总产值(万元)"], ["企业11", "2019年1-3月", 90]]
    report = import_monthly(xlsx(tmp_path / "plain.xlsx", good), park=world.parks[0])
    assert report.errors == []
    stored = MonthlyReturn.objects.get(enterprise=world.enterprises[0])
    assert (stored.period_start, stored.period_end, stored.basis) == (3, 3, "ytd")
    bad = [["企业名称", "月份", "工业总产值(万元)"], ["企业12", "2019年4月", 90]]
    report = import_monthly(xlsx(tmp_path / "plain2.xlsx", bad), park=world.parks[0])
    assert "neither 本月 nor 累计" in report.errors[0]["message_en"]


def test_a_ytd_below_the_stored_month_and_a_reimport_that_updates(world, tmp_path):
    header = ["企业名称", "月份", "工业总产值累计(万元)"]
    first = [header, ["企业11", "2019年1-2月", 100], ["企业11", "2019年3月", 150]]
    import_monthly(xlsx(tmp_path / "1.xlsx", first), park=world.parks[0])
    falling = [header, ["企业11", "2019年4月", 140]]
    report = import_monthly(xlsx(tmp_path / "2.xlsx", falling), park=world.parks[0])
    assert "below" in report.errors[0]["message_en"] and "2019年3月" in report.errors[0]["message"]
    corrected = [header, ["企业11", "2019年3月", 160], ["企业11", "2019年1-2月", 100]]
    report = import_monthly(xlsx(tmp_path / "3.xlsx", corrected), park=world.parks[0])
    assert (report.updated, report.unchanged, report.created) == (1, 1, 0)
    stored = MonthlyReturn.objects.get(enterprise=world.enterprises[0], period_end=3)
    assert stored.version == 2 and stored.history.count() == 2
    assert outputs(world.enterprises[0])[1] == (3, 3, D(600_000), D(1_600_000))


def test_the_import_wins_over_the_portal_and_flags_the_difference(world, tmp_path):
    user, mine = world.users[Role.ENTERPRISE], world.enterprises[3]
    monthly_services.monthly_return_file(
        user=user,
        enterprise=mine,
        year=2019,
        period_start=3,
        period_end=3,
        basis="ytd",
        values={"gross_output": D(1_000_000)},
    )
    rows = [["企业名称", "月份", "工业总产值累计(万元)"], ["企业22", "2019年3月", 90]]
    import_monthly(xlsx(tmp_path / "s.xlsx", rows), park=world.parks[0])
    figure = MonthlyFigure.objects.get(enterprise=mine)
    assert figure.source == "statistics" and figure.gross_output_ytd == D(900_000)
    difference = next(f for f in figure.flags if f["code"] == "source_difference")
    assert figure.flagged and difference["other_value"] == "1000000.00"


def test_no_period_column_and_no_month_is_unusable(world, tmp_path):
    rows = [["企业名称", "工业总产值本月(万元)"], ["企业11", 1]]
    report = import_monthly(xlsx(tmp_path / "n.xlsx", rows), park=world.parks[0])
    assert report.unusable == "no_period" and "月份" in report.errors[0]["message"]
    report = import_monthly(xlsx(tmp_path / "n.xlsx", rows), park=world.parks[0], month="2019-13")
    assert report.unusable == "bad_month"
