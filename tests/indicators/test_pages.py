"""The indicator pages, the API and the command line: who sees them (leaders read,
staff edit, departments and enterprises find nothing), the target form refusing a
split that does not add up, the XLSX export and the JSON of the progress table."""

import datetime as dt
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.indicators import services
from parkbase.indicators.models import Target
from tests.clients import api_client, page_client
from tests.xlsx_parts import read_rows

YI = D(100_000_000)
AS_OF = dt.date(2020, 7, 20)


@pytest.fixture
def fai(library, staff):
    """Fixed-asset investment by hand: 2019 5亿 (2亿 by June), 2020 2.2亿 by June,
    target 6亿."""
    indicator = library["fixed_investment"]
    with override_settings(AS_OF=AS_OF):
        for year, month, value in ((2019, 6, 2), (2019, 12, 5), (2020, 6, D("2.2"))):
            services.manual_value_save(
                indicator=indicator, year=year, period_end=month, value=value * YI, user=staff
            )
    services.target_save(indicator=indicator, year=2020, kind="level", value=6 * YI, user=staff)
    # only indicators by hand here: the monthly returns' sums have tests of their own
    for other in library.values():
        if other.source != "manual":
            other.active = False
            other.save()
    return indicator


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY])
def test_other_roles_find_no_indicator_page_or_endpoint(world, fai, role):
    client = page_client(world.users[role])
    for url in (
        "/indicators/",
        "/indicators/library/",
        f"/indicators/{fai.pk}/",
        f"/indicators/{fai.pk}/targets/2020/",
        "/indicators/units/",
    ):
        assert client.get(url).status_code == 404, url
    api = api_client(world.users[role])
    assert api.get("/api/indicators/").status_code == 404
    assert api.get("/api/indicator-progress/?year=2020").status_code == 404
    assert api.get("/api/indicator-targets/").status_code == 404


@override_settings(AS_OF=AS_OF)
def test_a_leader_reads_the_progress_table_with_its_alert_and_exports_it(world, fai):
    client = page_client(world.users[Role.LEADER])
    page = client.get("/indicators/?year=2020&month=6")
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "Fixed-asset investment" in text and "36.7%" in text and 'data-testid="alert-badge"' in text
    )
    export = client.get("/indicators/?year=2020&month=6&export=xlsx")
    rows = read_rows(export.content)
    assert rows[0][0] == "Indicator"
    fai_row = next(r for r in rows if r[0] == "Fixed-asset investment")
    assert fai_row[3] == "2.2" and fai_row[4] == "6"
    # a leader reads but does not set targets
    assert client.get(f"/indicators/{fai.pk}/targets/2020/").status_code == 403


@override_settings(AS_OF=AS_OF)
def test_the_indicator_page_shows_the_projection(world, fai):
    page = page_client(world.users[Role.STAFF]).get(f"/indicators/{fai.pk}/?year=2020&month=6")
    text = page.content.decode()
    assert page.status_code == 200
    assert "5.5" in text and "target will be missed" in text and 'data-testid="trend-chart"' in text


@override_settings(AS_OF=AS_OF)
def test_staff_set_a_target_whose_months_must_add_up(world, fai, units):
    client = page_client(world.users[Role.STAFF])
    target = Target.objects.get(indicator=fai, year=2020)
    data = {
        "kind": "level",
        "value": "6",
        "threshold": "5",
        "note": "",
        "version": target.version,
        f"unit_{units[0].pk}": "4",
        f"unit_{units[1].pk}": "2",
    }
    data |= {f"month_{m}": "0.5" for m in range(1, 13)}
    data["month_12"] = "0.4"
    refused = client.post(f"/indicators/{fai.pk}/targets/2020/", data)
    assert refused.status_code == 400
    assert "the months add up to 5.9" in refused.content.decode()
    assert not target.months.exists()
    data["month_12"] = "0.5"
    saved = client.post(f"/indicators/{fai.pk}/targets/2020/", data)
    assert saved.status_code == 302
    assert target.months.count() == 12 and target.shares.count() == 2
    assert target.shares.get(unit=units[0]).value == 4 * YI


@override_settings(AS_OF=AS_OF)
def test_the_target_form_proposes_months_in_the_past_years_shape(world, fai):
    fai.targets.all().delete()
    page = page_client(world.users[Role.STAFF]).get(f"/indicators/{fai.pk}/targets/2020/?value=6")
    form = page.context["form"]
    months = [form.initial[f"month_{m}"] for m in range(1, 13)]
    assert sum(months) == 6 and sum(months[:6]) == D("2.4")


@override_settings(AS_OF=AS_OF)
def test_staff_manage_the_responsible_units(world, park):
    client = page_client(world.users[Role.STAFF])
    made = client.post(
        "/indicators/units/new/",
        {"code": "land", "name": "土地局", "order": 3, "active": "on", "name_en": ""},
    )
    assert made.status_code == 302
    twice = client.post("/indicators/units/new/", {"code": "land", "name": "又一个", "order": 4})
    assert twice.status_code == 400
    assert "土地局" in client.get("/indicators/units/").content.decode()


@override_settings(AS_OF=AS_OF)
def test_the_api_gives_the_progress_table_and_targets(world, fai):
    api = api_client(world.users[Role.LEADER])
    rows = api.get("/api/indicator-progress/?year=2020&month=6").json()
    row = next(r for r in rows if r["code"] == "fixed_investment")
    assert row["ytd"] == 220_000_000 and row["alert"] is True
    assert row["projection"]["meets"] == "no"
    targets = api.get("/api/indicator-targets/?year=2020").json()["results"]
    assert [t["indicator_code"] for t in targets] == ["fixed_investment"]
    assert api.get("/api/indicator-progress/?year=20200").status_code == 400
    schema = api_client(world.users[Role.STAFF]).get("/api/schema/").content.decode()
    assert "/api/indicator-progress/" in schema


@override_settings(AS_OF=AS_OF)
def test_the_command_prints_the_table_and_its_json(world, fai):
    out = StringIO()
    call_command(
        "indicators",
        "status",
        "--year",
        "2020",
        "--month",
        "6",
        "--park",
        "a",
        "--json",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    assert next(r for r in rows if r["code"] == "fixed_investment")["completion_percent"] == 36.67
    out = StringIO()
    call_command(
        "indicators", "status", "--year", "2020", "--month", "6", "--park", "a", stdout=out
    )
    assert "固定资产投资" in out.getvalue()
    out = StringIO()
    call_command(
        "indicators", "status", "--year", "2020", "--park", "a", "--language", "en", stdout=out
    )
    assert "Fixed-asset investment" in out.getvalue() and "Elapsed time" in out.getvalue()
