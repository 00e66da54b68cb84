"""Parcel pages: render for staff, leaders read only, other roles and other parks get
404; filters; the export reads back with the same filter; the form refuses bad input
with messages, asks for a confirmation when the service needs one; the list costs the
same number of queries however many parcels there are."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.land import services
from parkbase.land.choices import STATUS_COLOURS
from parkbase.land.models import Constraint, Parcel, Tenancy
from tests.clients import page_client

from .conftest import DAY, square

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def codes_in(response) -> set[str]:
    return {row[0] for row in sheet_rows(response)[1:]}


LIST = reverse("land-parcels")


def test_staff_sees_list_detail_and_forms(land_world):
    client = page_client(land_world.staff)
    page = client.get(LIST)
    assert page.status_code == 200
    html = page.content.decode()
    assert "A-01" in html and "A-02" in html and "B-01" not in html
    assert 'data-testid="land-nav"' in html
    detail = client.get(reverse("land-parcel", args=[land_world.a1.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "Idle land by the national rule of 2012 since 2018-03-02" in html
    assert "has not started more than one year after the agreed start" in html
    assert "No land-use certificate" in html
    assert "2019年度用地指标" in html  # the approval covering it
    detail2 = client.get(reverse("land-parcel", args=[land_world.a2.pk]))
    assert "企业11" in detail2.content.decode()  # the tenant
    for name, args in (
        ("land-parcel-create", []),
        ("land-parcel-edit", [land_world.a1.pk]),
        ("land-constraint-create", [land_world.a1.pk]),
        ("land-tenancy-create", [land_world.a2.pk]),
        ("land-tenancy-edit", [land_world.a2.tenancies.get().pk]),
        ("land-constraint-edit", [land_world.a1.constraints.get().pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    history = client.get(reverse("land-parcel", args=[land_world.a1.pk]) + "?tab=history")
    assert "Created" in history.content.decode()


def test_detail_shows_the_area_difference(land_world, make_parcel):
    parcel = make_parcel(code="M-1", geometry=square(7, 7), area=Decimal("20000"))
    html = page_client(land_world.staff).get(reverse("land-parcel", args=[parcel.pk])).content
    html = html.decode()
    assert 'data-testid="area-mismatch"' in html
    assert 'data-testid="area-difference"' in html
    assert "more than 5 %" in html
    difference = parcel.area - parcel.geometry_area
    percent = difference / parcel.geometry_area * 100
    assert f"{difference:,.2f} m² ({percent:,.2f} %)" in html


def outline_of(response) -> dict | None:
    """The parcel page's small map: what its script draws, None when there is none."""
    html = response.content.decode()
    marker = '<script id="parcel-map-config" type="application/json">'
    if marker not in html:
        return None
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADER])
def test_detail_maps_the_outline_among_the_neighbours_the_user_sees(
    land_world, make_parcel, role, settings
):
    settings.PARKBASE_TILE_URL = ""
    make_parcel(code="A-09", geometry=square(9, 9))  # far away: not drawn
    a1 = Parcel.objects.get(pk=land_world.a1.pk)
    response = page_client(land_world.world.users[role]).get(reverse("land-parcel", args=[a1.pk]))
    html = response.content.decode()
    assert 'data-testid="parcel-map"' in html and "land/parcel_map.js" in html
    assert "vendor/leaflet/leaflet.js" in html
    outline = outline_of(response)
    assert outline["parcel"]["geometry"] == a1.geometry
    assert outline["parcel"]["properties"] == {
        "code": "A-01",
        "colour": STATUS_COLOURS[a1.status],
    }
    # A-02 next door; not park B's B-01 lying on the same spot, nor the far A-09
    (neighbour,) = outline["neighbours"]
    assert neighbour["properties"] == {
        "code": "A-02",
        "url": reverse("land-parcel", args=[land_world.a2.pk]),
    }
    assert neighbour["geometry"] == land_world.a2.geometry
    assert outline["tiles"] == ""


def test_a_parcel_without_geometry_has_no_map(land_world, make_parcel):
    parcel = make_parcel(code="A-10", name="无图斑")
    response = page_client(land_world.staff).get(reverse("land-parcel", args=[parcel.pk]))
    html = response.content.decode()
    assert outline_of(response) is None
    assert 'data-testid="parcel-map"' not in html and "leaflet.js" not in html


def test_leader_reads_but_does_not_change(land_world):
    leader = land_world.world.users[Role.LEADER]
    client = page_client(leader)
    assert client.get(LIST).status_code == 200
    detail = client.get(reverse("land-parcel", args=[land_world.a1.pk]))
    assert detail.status_code == 200
    assert 'data-testid="edit"' not in detail.content.decode()
    assert client.get(reverse("land-parcel-edit", args=[land_world.a1.pk])).status_code == 403
    response = client.post(
        reverse("land-parcel-edit", args=[land_world.a1.pk]), {"code": "X", "name": "X"}
    )
    assert response.status_code == 403
    assert Parcel.objects.get(pk=land_world.a1.pk).code == "A-01"


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY])
def test_other_roles_get_404(land_world, role):
    client = page_client(land_world.world.users[role])
    a1 = land_world.a1
    assert client.get(LIST).status_code == 404
    assert client.get(LIST + "?export=xlsx").status_code == 404
    assert client.get(reverse("land-parcel", args=[a1.pk])).status_code == 404
    assert client.get(reverse("land-approvals")).status_code == 404
    assert client.get(reverse("land-approval", args=[land_world.approval.pk])).status_code == 404


def test_other_park_is_not_found(land_world):
    client = page_client(land_world.staff)
    b1 = land_world.b1
    assert client.get(reverse("land-parcel", args=[b1.pk])).status_code == 404
    assert client.get(reverse("land-parcel-edit", args=[b1.pk])).status_code == 404
    assert (
        client.post(reverse("land-parcel-delete", args=[b1.pk]), {"version": 1}).status_code == 404
    )
    assert client.get(reverse("land-tenancy-create", args=[b1.pk])).status_code == 404
    assert codes_in(client.get(LIST + "?export=xlsx")) == {"A-01", "A-02"}


def test_filters_and_export_use_the_same_filter(land_world, make_parcel):
    make_parcel(code="M-1", geometry=square(7, 7), area=Decimal("20000"), owner_name="东基集团")
    client = page_client(land_world.staff)
    cases = {
        "status=idle": {"A-01"},
        "q=东基": {"A-01", "M-1"},
        "q=a-0": {"A-01", "A-02"},
        f"phase={land_world.world.phases[1].pk}": {"A-02"},
        "has_constraints=true": {"A-01"},
        "has_constraints=false": {"A-02", "M-1"},
        "area_mismatch=true": {"M-1"},
        "certificate_status=none": {"A-01", "A-02", "M-1"},
    }
    for query, expected in cases.items():
        assert codes_in(client.get(f"{LIST}?{query}&export=xlsx")) == expected, query
        html = client.get(f"{LIST}?{query}").content.decode()
        for code in {"A-01", "A-02", "M-1"} - expected:
            assert f">{code}<" not in html, query
    bad = client.get(f"{LIST}?area_mismatch=perhaps")
    assert "is not yes or no" in bad.content.decode()


def test_export_columns(land_world):
    rows = sheet_rows(page_client(land_world.staff).get(LIST + "?export=xlsx&ordering=code"))
    header = rows[0]
    a1 = dict(zip(header, rows[1], strict=True))
    assert a1["宗地编号"] == "A-01"
    assert a1["状态"] == "闲置"
    assert a1["闲置原因"]  # the idle finding in words
    assert float(a1["面积(平方米)"]) == pytest.approx(float(land_world.a1.area))
    assert a1["园区期次"] == land_world.world.phases[0].name


def test_sorting(land_world):
    client = page_client(land_world.staff)
    rows = sheet_rows(client.get(LIST + "?ordering=-code&export=xlsx"))
    assert [r[0] for r in rows[1:]] == ["A-02", "A-01"]


def test_list_queries_do_not_grow_with_rows(land_world, make_parcel):
    client = page_client(land_world.staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST + "?ordering=phase").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(12):
        make_parcel(phase=land_world.world.phases[i % 2], geometry=square(10 + i, 10))
    assert count() == before


def form_data(parcel=None, **values):
    data = {
        "code": "N-1",
        "name": "新地块",
        "area": "9300",
        "ownership": "state",
        "planned_use": "industrial",
        "certificate_status": "none",
        "use_status": "in_use",
    }
    if parcel is not None:
        data |= {"code": parcel.code, "name": parcel.name, "area": str(parcel.area)}
        data["version"] = str(parcel.version)
    return data | values


def test_create_with_geometry_and_overlap_confirmation(land_world):
    client = page_client(land_world.staff)
    url = reverse("land-parcel-create")
    overlapping = json.dumps(square(0, 0, side=0.0005))  # inside A-01
    refused = client.post(url, form_data(geometry=overlapping))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "overlaps other parcels of the park: A-01" in html
    assert 'name="confirm_overlap"' in html
    assert not Parcel.objects.filter(code="N-1").exists()
    saved = client.post(url, form_data(geometry=overlapping, confirm_overlap="on"))
    assert saved.status_code == 302
    parcel = Parcel.objects.get(code="N-1")
    assert parcel.geometry_area is not None
    assert "A-01" in parcel.history.latest().history_change_reason


def test_form_has_no_confirmation_box_until_asked(land_world):
    html = page_client(land_world.staff).get(reverse("land-parcel-create")).content.decode()
    assert 'name="confirm_overlap"' not in html
    assert 'name="geometry"' in html


def test_bad_input_named_in_the_form(land_world):
    client = page_client(land_world.staff, "zh-hans")
    response = client.post(
        reverse("land-parcel-create"), form_data(code="A-01", geometry="{oops", area="-1")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="code"' in html and 'data-field="geometry"' in html
    assert 'data-field="area"' in html
    assert "大于 0" in html


def test_stale_edit_refused_in_the_form(land_world):
    a2, client = land_world.a2, page_client(land_world.staff)
    url = reverse("land-parcel-edit", args=[a2.pk])
    assert client.post(url, form_data(a2, name="第一次")).status_code == 302
    response = client.post(url, form_data(a2, name="第二次"))  # the old version
    assert response.status_code == 400
    assert "changed by someone else" in response.content.decode()
    assert Parcel.objects.get(pk=a2.pk).name == "第一次"


def test_edit_keeps_geometry_posted_back(land_world):
    a1, client = land_world.a1, page_client(land_world.staff)
    url = reverse("land-parcel-edit", args=[a1.pk])
    form = client.get(url).context["form"]
    data = form_data(a1, geometry=form.initial["geometry"], note="看过")
    assert client.post(url, data).status_code == 302
    a1.refresh_from_db()
    assert a1.note == "看过" and a1.geometry == square(0, 0)


def test_tenancy_form_asks_for_confirmation(land_world):
    a2, client = land_world.a2, page_client(land_world.staff)
    url = reverse("land-tenancy-create", args=[a2.pk])
    data = {"enterprise": land_world.world.enterprises[2].pk, "area": str(a2.area)}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert 'name="confirm_excess"' in refused.content.decode()
    assert client.post(url, data | {"confirm_excess": "on"}).status_code == 302
    assert Tenancy.objects.filter(parcel=a2).count() == 2
    other = client.post(url, {"enterprise": land_world.world.other.pk, "area": "1"})
    assert other.status_code == 400  # not a choice: another park's enterprise


def test_constraint_form_and_delete(land_world):
    a2, client = land_world.a2, page_client(land_world.staff)
    url = reverse("land-constraint-create", args=[a2.pk])
    assert client.post(url, {"kind": ""}).status_code == 400
    assert (
        client.post(url, {"kind": "double_taxation", "description": "双重征税"}).status_code == 302
    )
    c = Constraint.objects.get(parcel=a2)
    edit = reverse("land-constraint-edit", args=[c.pk])
    assert f'name="version" value="{c.version}"' in client.get(edit).content.decode()
    changed = {"kind": "double_taxation", "description": "已协调", "version": c.version}
    assert client.post(edit, changed).status_code == 302
    stale = client.post(edit, {**changed, "description": "晚到的修改"})  # the old version again
    assert stale.status_code == 400
    assert Constraint.objects.get(pk=c.pk).description == "已协调"
    delete = reverse("land-constraint-delete", args=[c.pk])
    client.post(delete, {"version": c.version})  # stale: refused
    assert Constraint.objects.filter(parcel=a2).exists()
    detail = client.get(reverse("land-parcel", args=[a2.pk])).content.decode()
    assert f'name="version" value="{c.version + 1}"' in detail  # the delete form posts it
    assert client.post(delete, {"version": c.version + 1}).status_code == 302
    assert not Constraint.objects.filter(parcel=a2).exists()


def test_delete_parcel(land_world):
    a2, client = land_world.a2, page_client(land_world.staff)
    url = reverse("land-parcel-delete", args=[a2.pk])
    client.post(url, {"version": a2.version + 5})
    assert Parcel.objects.filter(pk=a2.pk).exists()
    assert client.post(url, {"version": a2.version}).status_code == 302
    assert not Parcel.objects.filter(pk=a2.pk).exists()


def test_a_parcel_named_by_a_building_or_an_approval_is_not_deleted(land_world):
    from parkbase.land.services.buildings import building_create

    a1, client = land_world.a1, page_client(land_world.staff)  # the approval covers A-01
    building = building_create(
        park=a1.park, code="B1", name="一号厂房", parcel=a1, floors=1, floor_area=Decimal("500")
    )
    page = client.post(
        reverse("land-parcel-delete", args=[a1.pk]), {"version": a1.version}, follow=True
    )
    assert Parcel.objects.filter(pk=a1.pk).exists()
    assert "1 buildings" in page.content.decode() and "1 approvals" in page.content.decode()
    building.refresh_from_db()
    assert building.parcel_id == a1.pk and building.history.count() == 1


def test_admin_of_no_park_chooses_the_park(land_world):
    admin = land_world.world.users[Role.ADMIN]
    client = page_client(admin)
    assert {"A-01", "A-02", "B-01"} <= codes_in(client.get(LIST + "?export=xlsx"))
    park_b = land_world.world.parks[1]
    response = client.post(reverse("land-parcel-create"), form_data(code="B-02", park=park_b.pk))
    assert response.status_code == 302
    assert Parcel.objects.get(code="B-02").park == park_b


def test_refresh_changes_what_the_list_shows(land_world):
    services.refresh_idle(today=DAY)
    client = page_client(land_world.staff)
    assert codes_in(client.get(LIST + "?status=idle&export=xlsx")) == {"A-01"}
