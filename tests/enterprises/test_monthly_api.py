"""The monthly returns API: scoped reads, filing and correcting through the services."""

import datetime as dt
from decimal import Decimal as D

import pytest

from parkbase.core.choices import Role
from parkbase.enterprises import monthly_services
from parkbase.enterprises.models import MonthlyReturn
from tests.clients import api_client

RETURNS, FIGURES = "/api/monthly-returns/", "/api/monthly-figures/"


@pytest.fixture(autouse=True)
def as_of(settings):
    settings.AS_OF = dt.date(2019, 7, 10)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def staff_files(world, enterprise, end, output):
    return monthly_services.monthly_return_file(
        user=world.users[Role.STAFF],
        enterprise=enterprise,
        year=2019,
        period_start=end,
        period_end=end,
        basis="ytd",
        values={"gross_output": D(output)},
        confirm_jumps=True,
    ).monthly_return


def test_each_role_reads_only_the_returns_of_its_scope(world):
    for enterprise in world.enterprises:
        staff_files(world, enterprise, 3, 100)
    counts = {}
    for role in (Role.STAFF, Role.LEADER, Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY):
        response = api_client(world.users[role]).get(RETURNS)
        assert response.status_code == 200
        counts[role] = {r["enterprise_name"] for r in response.json()["results"]}
    assert counts[Role.STAFF] == counts[Role.LEADER] == {"企业11", "企业12", "企业21", "企业22"}
    assert counts[Role.DEPARTMENT] == {"企业11", "企业21"}
    assert counts[Role.ENTERPRISE] == {"企业22"}
    assert counts[Role.SURVEY] == {"企业21", "企业22"}  # its team's enterprises
    other = staff_files(world, world.enterprises[0], 4, 200)
    assert api_client(world.users[Role.ENTERPRISE]).get(f"{RETURNS}{other.pk}/").status_code == 404
    figures = api_client(world.users[Role.DEPARTMENT]).get(FIGURES, {"month": 3}).json()
    assert {f["enterprise_name"] for f in figures["results"]} == {"企业11", "企业21"}
    assert figures["results"][0]["gross_output_ytd"] == "100.00"


def test_the_enterprise_files_its_own_return_and_not_another(world):
    client = api_client(world.users[Role.ENTERPRISE])
    mine, other = world.enterprises[3], world.enterprises[0]
    body = {"enterprise": mine.pk, "year": 2019, "period_end": 2, "period_start": 1}
    response = client.post(RETURNS, {**body, "basis": "period", "gross_output": "300"})
    assert response.status_code == 201, response.json()
    assert response.json()["source"] == "portal" and response.json()["version"] == 1
    refused = client.post(RETURNS, {**body, "enterprise": other.pk, "basis": "period"})
    assert refused.status_code == 400 and "enterprise" in refused.json()
    assert not MonthlyReturn.objects.filter(enterprise=other).exists()
    statistics = client.post(RETURNS, {**body, "basis": "ytd", "source": "statistics"})
    assert statistics.status_code == 403


def test_a_department_may_not_file(world):
    client = api_client(world.users[Role.DEPARTMENT])
    body = {"enterprise": world.enterprises[0].pk, "year": 2019, "period_end": 3}
    assert client.post(RETURNS, {**body, "basis": "ytd", "gross_output": "1"}).status_code == 403


def test_jumps_need_confirmation_and_corrections_send_the_version(world):
    client = api_client(world.users[Role.STAFF])
    enterprise = world.enterprises[1]
    staff_files(world, enterprise, 2, 100)
    body = {"enterprise": enterprise.pk, "year": 2019, "period_end": 3, "basis": "ytd"}
    jumped = client.post(RETURNS, {**body, "gross_output": "400"})
    assert jumped.status_code == 400 and "gross_output" in jumped.json()
    assert "confirm" in jumped.json()["gross_output"][0]
    filed = client.post(RETURNS, {**body, "gross_output": "400", "confirm_jumps": True})
    assert filed.status_code == 201
    url = f"{RETURNS}{filed.json()['id']}/"
    stale = client.patch(url, {"gross_output": "380", "version": 5})
    assert stale.status_code == 409
    falling = client.patch(url, {"gross_output": "90", "version": 1})
    assert falling.status_code == 400 and "below" in falling.json()["gross_output"][0]
    fixed = client.patch(url, {"gross_output": "380", "version": 1, "confirm_jumps": True})
    assert fixed.status_code == 200 and fixed.json()["version"] == 2
    assert fixed.json()["gross_output"] == "380.00"
