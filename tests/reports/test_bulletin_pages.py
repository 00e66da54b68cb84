"""The bulletin's pages: the reports' index lists the last twelve months over, each
with its page and Word download; a month's page shows the bulletin as the reader may
see it (charts inline), a month not over says so and has nothing to download; the
committee's only (leaders read): departments, survey members and enterprises find
nothing (404), as with the annual drafts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from parkbase.core.models import User
from tests.clients import page_client
from tests.reports.test_bulletin import CODE_NAME, REAL_NAME

pytestmark = pytest.mark.django_db

NOVEMBER = reverse("report-monthly", args=["2020-11"])


def test_the_index_lists_the_months_over(demo):
    park, users = demo
    html = page_client(users["leader"], "zh-hans").get(reverse("reports")).content.decode()
    months = re.findall(r'href="/reports/monthly/(\d{4}-\d{2})/"', html)
    assert months[0] == "2020-12" and months[-1] == "2020-01" and len(months) == 12
    assert 'href="/reports/monthly/2020-11/docx/"' in html
    assert "月度经济运行简报" in html


@pytest.mark.parametrize("name, insider", [("leader", True), ("staff", True), ("admin", False)])
def test_the_committee_reads_the_bulletin(demo, name, insider):
    park, users = demo
    response = page_client(users[name], "zh-hans").get(NOVEMBER)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-state="partial"' in html and "本期为部分数据" in html
    assert html.count('src="data:image/png;base64,') == 3
    assert html.count('data-testid="bulletin-block"') == 6
    assert f'href="{reverse("report-monthly-docx", args=["2020-11"])}"' in html
    # the demo's leader and staff are insiders of the confidential project
    assert (REAL_NAME in html) is insider and (CODE_NAME in html) is not insider


def test_an_outsider_reads_the_code_name_in_english(demo):
    park, users = demo
    html = page_client(users["outsider"], "en").get(NOVEMBER).content.decode()
    assert CODE_NAME in html and REAL_NAME not in html
    assert "Economic bulletin, November 2020" in html and "II. Main indicators" in html


def test_a_month_not_over_has_no_bulletin(demo):
    park, users = demo
    client = page_client(users["leader"], "zh-hans")
    response = client.get(reverse("report-monthly", args=["2021-01"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="bulletin-not-over"' in html and "2021年1月尚未结束" in html
    assert 'data-testid="bulletin"' not in html
    assert client.get(reverse("report-monthly-docx", args=["2021-01"])).status_code == 404


@pytest.mark.parametrize("path", ["/reports/monthly/2020-13/", "/reports/monthly/2020-1/"])
def test_a_malformed_month_is_not_found(demo, path):
    park, users = demo
    assert page_client(users["leader"]).get(path).status_code == 404


def test_the_month_links_stay_within_the_months_listed(demo):
    park, users = demo
    client = page_client(users["leader"], "zh-hans")
    last = client.get(reverse("report-monthly", args=["2020-12"])).content.decode()
    assert 'data-testid="month-after"' not in last and 'data-testid="month-before"' in last
    first = client.get(reverse("report-monthly", args=["2020-01"])).content.decode()
    assert 'data-testid="month-before"' not in first


@pytest.mark.parametrize("name", ["dept", "enterprise", "survey1"])
def test_the_other_roles_find_no_bulletin(demo, name):
    user = User.objects.get(username=name)
    client = page_client(user, "zh-hans")
    for url in (NOVEMBER, reverse("report-monthly-docx", args=["2020-11"])):
        assert client.get(url).status_code == 404, url
