"""The report pages: the years a draft can be read for, the year's draft with every
figure a link to its records (the code name of a confidential project to anyone
outside it), the records behind a figure; for the committee only (leaders read),
404 for the roles that see no project and for what does not exist."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from tests.clients import page_client
from tests.factories import UserFactory
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db

FIGURE_LINK = re.compile(r'<a class="report-figure" href="([^"]+)"')


def test_the_list_of_years_leads_to_each_draft(demo):
    park, users = demo
    page = page_client(users["leader"], "zh-hans").get(reverse("reports"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "年度工作总结及计划" in html
    for year in (2020, 2019, 2018):  # from the first contact of the demo to its as-of year
        assert f'href="{reverse("report-annual", args=[year])}"' in html
        assert f'href="{reverse("report-annual-docx", args=[year])}"' in html


def test_the_draft_links_every_figure(demo, drafts):
    park, users = demo
    page = page_client(users["outsider"], "zh-hans").get(reverse("report-annual", args=[YEAR]))
    assert page.status_code == 200
    html = page.content.decode()
    links = FIGURE_LINK.findall(html)
    assert len(links) == len(drafts["outsider"].figures)
    assert html.count('data-testid="report-section"') == 10
    assert "雏鹰项目" in html and "小飞机制造与试飞基地项目" not in html
    assert f'href="{reverse("report-annual-docx", args=[YEAR])}"' in html


def test_an_insider_reads_the_real_name(demo):
    park, users = demo
    page = page_client(users["staff"], "en").get(reverse("report-annual", args=[YEAR]))
    html = page.content.decode()
    assert "小飞机制造与试飞基地项目" in html
    assert "(1) Investment attraction" in html and "First, on talks and contracts" in html


def test_an_administrator_of_no_park_chooses_the_park(demo):
    park, users = demo
    admin = UserFactory(username="root", role=Role.ADMIN, is_superuser=True, park=None)
    client = page_client(admin, "zh-hans")
    page = client.get(reverse("report-annual", args=[YEAR]), {"park": park.pk})
    assert page.status_code == 200
    links = FIGURE_LINK.findall(page.content.decode())
    assert any(f"park={park.pk}" in link for link in links if "/reports/" in link)


def test_the_records_behind_a_sum_show_each_part_and_the_total(demo):
    park, users = demo
    page = page_client(users["leader"], "zh-hans").get(
        reverse("report-figure", args=[YEAR, "signed"])
    )
    html = page.content.decode()
    assert page.status_code == 200 and f"{YEAR}年签约项目" in html
    assert re.search(r'data-testid="figure-total">\s*283000万元', html)
    assert "大数据中心项目" in html and "60000万元" in html


@pytest.mark.parametrize(
    "path",
    [
        ("report-annual", [1800]),
        ("report-figure", [YEAR, "no-such-figure"]),
        ("report-figure", [YEAR, "surveyed"]),  # whose survey: a campaign is needed
    ],
)
def test_what_does_not_exist_is_not_found(demo, path):
    park, users = demo
    name, args = path
    assert page_client(users["leader"]).get(reverse(name, args=args)).status_code == 404


def test_a_department_finds_no_report(demo):
    park, users = demo
    client = page_client(users["dept"])
    for url in (
        reverse("reports"),
        reverse("report-annual", args=[YEAR]),
        reverse("report-annual-docx", args=[YEAR]),
        reverse("report-figure", args=[YEAR, "signed"]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_navigation_leads_the_committee_to_the_reports(demo):
    park, users = demo
    for name, shown in (("leader", True), ("staff", True), ("dept", False)):
        page = page_client(users[name]).get(reverse("enterprise-list")).content.decode()
        assert (f'href="{reverse("reports")}"' in page) is shown, name


def test_the_year_links_stay_within_the_years_listed(demo):
    """From the first year with records to the as-of year, as the list of years: no
    link leads on to a year the list does not offer (the walk once followed them to
    1989 and a 404)."""
    park, users = demo
    client = page_client(users["leader"], "zh-hans")
    listed = set(
        map(
            int,
            re.findall(
                r"/reports/annual/(\d{4})/\"", client.get(reverse("reports")).content.decode()
            ),
        )
    )
    first, last = min(listed), max(listed)
    for year, before, after in ((first, False, True), (last, True, False)):
        html = client.get(reverse("report-annual", args=[year])).content.decode()
        assert ('data-testid="year-before"' in html) is before, year
        assert ('data-testid="year-after"' in html) is after, year
    middle = client.get(reverse("report-annual", args=[first + 1])).content.decode()
    assert f'href="{reverse("report-annual", args=[first])}"' in middle
