"""The park's stored monthly totals follow every filing: a first return, a second
filing of the month, a correction of an earlier month, the statistics figure winning
over the portal's, a deletion, a return for the December before (which makes the next
year's filers no longer new); they equal the sums over the figures (computed again from
scratch and summed by the selector), per park; only the committee reads them."""

import datetime as dt
from decimal import Decimal as D

import pytest

from parkbase.core.choices import Role
from parkbase.enterprises import monthly_services as services
from parkbase.enterprises import monthly_sums, selectors
from parkbase.enterprises.models import Enterprise, MonthlyReturn, MonthlyTotal
from parkbase.enterprises.monthly import FIGURES

WAN = D(10_000)


@pytest.fixture(autouse=True)
def as_of(settings):
    settings.AS_OF = dt.date(2020, 7, 10)


def file(user, enterprise, year, end, basis, output, start=None, source=None, **values):
    return services.monthly_return_file(
        user=user,
        enterprise=enterprise,
        year=year,
        period_start=start or end,
        period_end=end,
        basis=basis,
        values={"gross_output": output * WAN, **values},
        source=source,
        confirm_jumps=True,
    )


def stored():
    """{(park id, year, period end): every column} of the stored totals."""
    columns = ("filers", "new_filers", *monthly_sums.SUMS, *(f"{c}_n" for c in monthly_sums.SUMS))
    return {
        (t.park_id, t.year, t.period_end): {c: getattr(t, c) for c in columns}
        for t in MonthlyTotal.objects.all()
    }


def assert_in_step(world):
    kept = stored()
    monthly_sums.rebuild()
    assert kept == stored()  # what the filings kept equals the totals computed afresh
    for park in world.parks:
        enterprises = Enterprise.objects.filter(park=park)
        totals = selectors.park_monthly_totals(park, [2019, 2020])
        for year in (2019, 2020):
            for field in FIGURES:
                summed = selectors.monthly_totals(enterprises, year, field)
                assert set(summed) == set(totals.get(year, {}))
                for end, (period, ytd) in summed.items():
                    row = totals[year][end]
                    assert (getattr(row, field) if getattr(row, f"{field}_n") else None) == period
                    ytd_n = getattr(row, f"{field}_ytd_n")
                    assert (getattr(row, f"{field}_ytd") if ytd_n else None) == ytd
    return kept


def test_the_totals_follow_filings_corrections_sources_and_deletions(world):
    staff = world.users[Role.STAFF]
    one, two, three = world.enterprises[:3]
    file(staff, one, 2019, 2, "ytd", 200, start=1, tax_total=10 * WAN)
    file(staff, one, 2019, 6, "ytd", 600, start=3)
    file(staff, two, 2019, 6, "period", 400, start=1)
    file(None, world.other, 2019, 6, "ytd", 999, start=1)  # another park
    kept = assert_in_step(world)
    park, other = world.parks[0].pk, world.parks[1].pk
    assert kept[(park, 2019, 6)]["gross_output_ytd"] == 1000 * WAN
    assert kept[(park, 2019, 6)]["filers"] == 2
    assert kept[(park, 2019, 2)]["tax_total_ytd"] == 10 * WAN
    assert kept[(park, 2019, 6)]["tax_total_ytd_n"] == 0  # nobody's 1–6月 tax is known
    assert kept[(other, 2019, 6)]["gross_output_ytd"] == 999 * WAN

    file(staff, one, 2019, 2, "ytd", 300, start=1)  # a correction of an earlier month
    file(None, two, 2019, 6, "ytd", 500, start=1, source="statistics")  # statistics win
    file(staff, three, 2020, 3, "ytd", 50, start=1)
    kept = assert_in_step(world)
    assert kept[(park, 2019, 2)]["gross_output_ytd"] == 300 * WAN
    assert kept[(park, 2019, 6)]["gross_output_ytd"] == 1100 * WAN
    assert kept[(park, 2019, 6)]["gross_output"] == 300 * WAN + 500 * WAN

    gone = MonthlyReturn.objects.get(enterprise=one, year=2019, period_end=2)
    services.monthly_return_delete(user=staff, monthly_return=gone, expected_version=gone.version)
    kept = assert_in_step(world)
    assert (park, 2019, 2) not in kept  # nobody has figures for February any more


def test_a_december_filed_later_makes_the_next_years_filers_no_longer_new(world):
    staff = world.users[Role.STAFF]
    one, two = world.enterprises[:2]
    file(staff, one, 2020, 3, "ytd", 30, start=1)
    file(staff, two, 2020, 3, "ytd", 40, start=1)
    park = world.parks[0].pk
    assert stored()[(park, 2020, 3)]["new_filers"] == 2
    file(staff, one, 2019, 12, "ytd", 120, start=1)
    assert stored()[(park, 2020, 3)]["new_filers"] == 1
    assert_in_step(world)


def test_only_the_committee_reads_the_park_totals(world):
    file(world.users[Role.STAFF], world.enterprises[0], 2020, 3, "ytd", 30, start=1)
    file(None, world.other, 2020, 3, "ytd", 30, start=1)
    park = world.parks[0]
    for role in (Role.LEADER, Role.STAFF):
        rows = MonthlyTotal.objects.visible_to(world.users[role])
        assert {r.park_id for r in rows} == {park.pk}
    for role in (Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY):
        assert not MonthlyTotal.objects.visible_to(world.users[role]).exists()


def test_the_totals_follow_an_import_and_its_correction_of_an_earlier_month(world, tmp_path):
    """An import writes its returns in bulk and derives the figures from the first month
    it touches: the totals follow, and equal the totals computed afresh."""
    import xlsxwriter

    from parkbase.enterprises.monthly_import import import_monthly

    def workbook(name, rows):
        path = tmp_path / name
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("月报")
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
        book.close()
        return path

    header = ["企业名称", "月份", "工业总产值累计(万元)"]
    one, two = world.enterprises[:2]
    first = [header, [one.name, "2020年1-2月", 100], [one.name, "2020年3月", 150]]
    first += [[two.name, "2020年3月", 80]]
    assert import_monthly(workbook("1.xlsx", first), park=world.parks[0]).errors == []
    kept = assert_in_step(world)
    park = world.parks[0].pk
    assert kept[(park, 2020, 3)]["gross_output_ytd"] == 230 * WAN
    corrected = [header, [one.name, "2020年1-2月", 120]]  # the earlier month, corrected
    assert import_monthly(workbook("2.xlsx", corrected), park=world.parks[0]).errors == []
    kept = assert_in_step(world)
    assert kept[(park, 2020, 2)]["gross_output_ytd"] == 120 * WAN
    assert kept[(park, 2020, 3)]["gross_output_ytd"] == 230 * WAN  # one's 1–3月 unchanged
    assert kept[(park, 2020, 3)]["gross_output"] == 30 * WAN + 80 * WAN
