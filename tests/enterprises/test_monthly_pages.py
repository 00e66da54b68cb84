"""The monthly returns' pages: the portal form, the enterprise page's tab, the list."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.enterprises import monthly_services
from parkbase.enterprises.models import MonthlyReturn
from parkbase.enterprises.monthly_import import import_monthly
from tests.clients import page_client


@pytest.fixture(autouse=True)
def as_of(settings):
    settings.AS_OF = dt.date(2019, 7, 10)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def post(client, enterprise, **data):
    body = {"year": 2019, "month": 3, "basis": "ytd", **data}
    return client.post(reverse("monthly-return-file", args=[enterprise.pk]), body)


def test_the_enterprise_files_its_month_in_10k_yuan_and_sees_it_on_its_page(world):
    client = page_client(world.users[Role.ENTERPRISE])
    mine = world.enterprises[3]
    form = client.get(reverse("monthly-return-file", args=[mine.pk]))
    assert form.status_code == 200 and "Gross industrial output (10k yuan)" in form.text
    response = post(client, mine, month=2, combined="on", gross_output="300", revenue="280.5")
    assert response.status_code == 302
    stored = MonthlyReturn.objects.get(enterprise=mine)
    assert (stored.period_start, stored.period_end, stored.source) == (1, 2, "portal")
    assert stored.gross_output == D(3_000_000) and stored.revenue == D(2_805_000)
    tab = client.get(reverse("enterprise-detail", args=[mine.pk]), {"tab": "monthly"})
    assert "January–February 2019" in tab.text and "300.00" in tab.text
    assert "2019年" not in tab.text  # the period in the page's language
    chinese = page_client(world.users[Role.ENTERPRISE], language="zh-hans")
    tab = chinese.get(reverse("enterprise-detail", args=[mine.pk]), {"tab": "monthly"})
    assert "2019年1–2月" in tab.text
    form = chinese.get(reverse("monthly-return-file", args=[mine.pk]))
    assert "工业总产值（万元）" in form.text and "Gross" not in form.text


def test_a_jump_asks_for_confirmation_then_files_and_a_correction_shows_what_changed(world):
    client = page_client(world.users[Role.ENTERPRISE])
    mine = world.enterprises[3]
    post(client, mine, month=2, combined="on", gross_output="300")
    asked = post(client, mine, gross_output="900")
    assert asked.status_code == 400 and 'data-testid="monthly-jumps"' in asked.text
    assert not MonthlyReturn.objects.filter(period_end=3).exists()
    filed = post(client, mine, gross_output="900", confirm_jumps="on")
    assert filed.status_code == 302
    post(client, mine, month=4, gross_output="1000", confirm_jumps="on")
    corrected = post(client, mine, gross_output="850", confirm_jumps="on")
    page = client.get(corrected.url)
    assert "900.00 → 850.00" in page.text  # 3月 year to date
    assert "100.00 → 150.00" in page.text  # 4月 own value, re-derived


def test_refusals_name_the_rule_and_save_nothing(world):
    client = page_client(world.users[Role.ENTERPRISE])
    mine = world.enterprises[3]
    refused = post(client, mine, month=7, gross_output="-1")
    assert refused.status_code == 400 and "not over yet" in refused.text
    assert "must not be negative" in refused.text
    assert not MonthlyReturn.objects.exists()


def test_scope_of_the_form_and_the_list(world):
    enterprise_user = page_client(world.users[Role.ENTERPRISE])
    assert post(enterprise_user, world.enterprises[0], gross_output="1").status_code == 404
    department = page_client(world.users[Role.DEPARTMENT])
    url = reverse("monthly-return-file", args=[world.enterprises[0].pk])
    assert department.get(url).status_code == 403
    for enterprise in world.enterprises:
        monthly_services.monthly_return_file(
            user=world.users[Role.STAFF],
            enterprise=enterprise,
            year=2019,
            period_start=3,
            period_end=3,
            basis="ytd",
            values={"gross_output": D(1_000_000)},
        )
    listed = department.get(reverse("monthly-return-list"))
    assert listed.status_code == 200
    assert "企业11" in listed.text and "企业21" in listed.text and "企业12" not in listed.text


def test_the_list_exports_a_workbook_that_imports_back_unchanged(world, tmp_path):
    staff = world.users[Role.STAFF]
    for end, output in ((2, D(3_000_000)), (3, D(4_500_000))):
        monthly_services.monthly_return_file(
            user=staff,
            enterprise=world.enterprises[0],
            year=2019,
            period_start=1 if end == 2 else end,
            period_end=end,
            basis="ytd",
            values={"gross_output": output},
            source="statistics",
            confirm_jumps=True,
        )
    response = page_client(staff).get(reverse("monthly-return-list"), {"export": "xlsx"})
    assert response.status_code == 200
    path = tmp_path / "monthly.xlsx"
    path.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    report = import_monthly(path, park=world.parks[0])
    assert report.errors == [] and report.unchanged == 2 and report.created == 0
