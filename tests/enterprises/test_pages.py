"""The enterprise pages: who sees what, who may change what, bad input on the forms,
and that no page makes a query per row.

Status codes the pages answer (pinned by the matrix below):

* anonymous → 302 to /login/?next=…;
* an object out of the user's scope → 404 (detail, edit, yearly data);
* the enterprise edit/create pages, for a read-only role (leader, survey, department,
  enterprise user) → 403 before any object is looked up, whether the object is in
  scope or not, so the answer reveals nothing;
* the yearly-data edit/create pages, for a read-only role → 404 (the view looks the
  enterprise up with ``visible_to(user, "change")``, which is empty for those roles).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from decimal import Decimal

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.surveys.models import Assignment
from tests.clients import log_in
from tests.factories import EnterpriseFactory, EnterpriseYearFactory, make_uscc

ROLES = [Role.ADMIN, Role.LEADER, Role.STAFF, Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE]
WRITERS = {Role.ADMIN, Role.STAFF}
READ_ONLY = [r for r in ROLES if r not in WRITERS]
USCC_HEADER = "统一社会信用代码"


# ---------------------------------------------------------------- helpers


def all_enterprises(world) -> list[Enterprise]:
    return [*world.enterprises, world.other]


def in_scope(world, role) -> Enterprise:
    """An enterprise the role sees; the lowest id, so it is one of park A's."""
    return Enterprise.objects.get(pk=min(world.expected[role]))


def out_of_scope_pk(world, role) -> int:
    """An enterprise the role may not see, preferably in its own park (sharper than
    another park); the admin sees everything, so an id that does not exist."""
    everything = {e.pk for e in all_enterprises(world)}
    hidden = everything - world.expected[role]
    same_park = hidden & {e.pk for e in world.enterprises}
    if same_park:
        return min(same_park)
    return min(hidden) if hidden else max(everything) + 1000


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def xlsx_column(response, header: str) -> list:
    rows = xlsx_rows(response)
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def usccs_of(pks) -> set[str]:
    return set(Enterprise.objects.filter(pk__in=pks).values_list("uscc", flat=True))


def result_count(response) -> int:
    match = re.search(r'data-testid="result-count">\s*(\d+)\s+records?', response.text)
    assert match, "no result count on the page"
    return int(match[1])


def field_errors(response) -> dict[str, list[str]]:
    """field name → the messages rendered in its invalid-feedback divs."""
    found: dict[str, list[str]] = {}
    for name, text in re.findall(
        r'<div class="invalid-feedback[^"]*" data-field="([^"]+)">(.*?)</div>', response.text, re.S
    ):
        found.setdefault(name, []).append(html.unescape(text).strip())
    return found


def form_data(response, **changes) -> dict:
    """What a browser would submit for the form on ``response``, with ``changes``."""
    form = response.context["form"]
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = "" if value is None else value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def snapshot(model, pk) -> dict:
    obj = model.objects.get(pk=pk)
    return {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}


@pytest.fixture
def years(world):
    """One year of figures (2019) for every enterprise, park B's included."""
    return {e.pk: EnterpriseYearFactory(enterprise=e) for e in all_enterprises(world)}


# ---------------------------------------------------------------- anonymous


@pytest.mark.parametrize(
    "name,args",
    [
        ("dashboard", []),
        ("enterprise-list", []),
        ("enterprise-year-list", []),
        ("enterprise-create", []),
        ("enterprise-detail", ["pk"]),
        ("enterprise-edit", ["pk"]),
        ("enterprise-year-create", ["pk"]),
    ],
)
def test_anonymous_is_sent_to_login(client, world, name, args):
    pk = world.enterprises[0].pk
    url = reverse(name, args=[pk for _ in args])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert url in response["Location"].replace("%2F", "/")


def test_anonymous_export_and_post_reveal_and_change_nothing(client, world, years):
    response = client.get(reverse("enterprise-list") + "?export=xlsx")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    e = world.enterprises[0]
    before = snapshot(Enterprise, e.pk)
    response = client.post(reverse("enterprise-edit", args=[e.pk]), {"name": "hacked"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert snapshot(Enterprise, e.pk) == before
    count = Enterprise.objects.count()
    response = client.post(reverse("enterprise-create"), {"name": "hacked"})
    assert response["Location"].startswith("/login/")
    assert Enterprise.objects.count() == count


# ---------------------------------------------------------------- lists and exports


@pytest.mark.parametrize("role", ROLES)
def test_enterprise_list_shows_exactly_the_scope(en, world, role):
    log_in(en, world.users[role])
    response = en.get(reverse("enterprise-list"), {"page_size": 200})
    assert response.status_code == 200
    shown = {e.pk for e in response.context["page"].object_list}
    assert shown == world.expected[role]
    assert response.context["page"].paginator.count == len(world.expected[role])
    assert result_count(response) == len(world.expected[role])
    for e in all_enterprises(world):
        link = reverse("enterprise-detail", args=[e.pk])
        if e.pk in world.expected[role]:
            assert e.name in response.text and f'href="{link}"' in response.text
        else:
            assert e.name not in response.text and f'href="{link}"' not in response.text


@pytest.mark.parametrize("role", ROLES)
def test_enterprise_list_filter_stays_inside_the_scope(en, world, role):
    """Filtering by a phase the user sees cannot widen the scope."""
    log_in(en, world.users[role])
    phase = world.phases[1]
    response = en.get(reverse("enterprise-list"), {"phase": phase.pk})
    in_phase = {e.pk for e in world.enterprises if e.phase_id == phase.pk}
    shown = {e.pk for e in response.context["page"].object_list}
    assert shown == in_phase & world.expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_enterprise_export_holds_exactly_the_scope(en, world, role):
    log_in(en, world.users[role])
    response = en.get(reverse("enterprise-list"), {"export": "xlsx"})
    codes = xlsx_column(response, USCC_HEADER)
    assert len(codes) == len(world.expected[role])
    assert set(codes) == usccs_of(world.expected[role])


def test_enterprise_export_applies_the_page_filter(en, world):
    log_in(en, world.users[Role.STAFF])
    target = world.enterprises[2]
    response = en.get(reverse("enterprise-list"), {"q": target.name, "export": "xlsx"})
    assert xlsx_column(response, USCC_HEADER) == [target.uscc]
    response = en.get(
        reverse("enterprise-list"), {"department": world.departments[1].pk, "export": "xlsx"}
    )
    wanted = {e.pk for e in world.enterprises if e.department_id == world.departments[1].pk}
    assert set(xlsx_column(response, USCC_HEADER)) == usccs_of(wanted)


@pytest.mark.parametrize("role", ROLES)
def test_year_list_and_export_hold_exactly_the_scope(en, world, years, role):
    log_in(en, world.users[role])
    response = en.get(reverse("enterprise-year-list"), {"page_size": 200})
    assert response.status_code == 200
    shown = {y.enterprise_id for y in response.context["page"].object_list}
    assert shown == world.expected[role]
    assert result_count(response) == len(world.expected[role])
    for e in all_enterprises(world):
        assert (e.name in response.text) == (e.pk in world.expected[role])

    response = en.get(reverse("enterprise-year-list"), {"export": "xlsx"})
    rows = xlsx_rows(response)
    assert rows[0][:3] == [USCC_HEADER, "企业名称", "年度"]
    assert {r[0] for r in rows[1:]} == usccs_of(world.expected[role])
    assert len(rows) - 1 == len(world.expected[role])
    # figures are exported in the template's units: 80,000,000 yuan → 8000 万元
    gross = rows[0].index("工业总产值(万元)")
    assert {r[gross] for r in rows[1:]} == {8000}


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.ENTERPRISE])
def test_dashboard_counts_only_the_scope(en, world, years, role):
    log_in(en, world.users[role])
    response = en.get(reverse("dashboard"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["enterprise_count"] == len(world.expected[role])
    assert sum(d["value"] for d in summary["by_status"]) == len(world.expected[role])
    assert summary["totals"]["land_area"] == 20000 * len(world.expected[role])
    assert summary["latest_year"] == 2019


def test_dashboard_of_a_park_without_yearly_data_shows_blanks(en, world):
    log_in(en, world.users[Role.STAFF])
    response = en.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["summary"]["totals"] == {}


# ---------------------------------------------------------------- detail and edit


@pytest.mark.parametrize("role", ROLES)
def test_detail_in_scope_200_out_of_scope_404(en, world, role):
    log_in(en, world.users[role])
    for e in all_enterprises(world):
        for tab in ("overview", "years", "history"):
            response = en.get(reverse("enterprise-detail", args=[e.pk]), {"tab": tab})
            if e.pk in world.expected[role]:
                assert response.status_code == 200, (e.name, tab)
                assert response.context["enterprise"].pk == e.pk
            else:
                assert response.status_code == 404, (e.name, tab)
                assert e.name not in response.text


@pytest.mark.parametrize("role", ROLES)
def test_detail_offers_edit_only_to_writers(en, world, role):
    log_in(en, world.users[role])
    e = in_scope(world, role)
    response = en.get(reverse("enterprise-detail", args=[e.pk]))
    assert response.context["can_change"] == (role in WRITERS)
    assert (reverse("enterprise-edit", args=[e.pk]) in response.text) == (role in WRITERS)


@pytest.mark.parametrize("where", ["in", "out"])
@pytest.mark.parametrize("role", ROLES)
def test_edit_get(en, world, role, where):
    log_in(en, world.users[role])
    pk = in_scope(world, role).pk if where == "in" else out_of_scope_pk(world, role)
    response = en.get(reverse("enterprise-edit", args=[pk]))
    expected = {"in": 200, "out": 404}[where] if role in WRITERS else 403
    assert response.status_code == expected
    if expected == 200:
        assert response.context["form"]["version"].value() == 1


@pytest.mark.parametrize("where", ["in", "out"])
@pytest.mark.parametrize("role", ROLES)
def test_edit_post(en, world, role, where):
    user = log_in(en, world.users[role])
    pk = in_scope(world, role).pk if where == "in" else out_of_scope_pk(world, role)
    existing = Enterprise.objects.filter(pk=pk).first()
    before = snapshot(Enterprise, pk) if existing else None
    data = {
        "name": "改名企业",
        "uscc": existing.uscc if existing else make_uscc(),
        "industry_code": "34",
        "status": "producing",
        "version": 1,
    }
    response = en.post(reverse("enterprise-edit", args=[pk]), data)
    if role in WRITERS and where == "in":
        assert response.status_code == 302
        assert response["Location"] == reverse("enterprise-detail", args=[pk])
        after = Enterprise.objects.get(pk=pk)
        assert after.name == "改名企业"
        assert after.version == 2
        assert after.history.latest().history_user == user
        return
    assert response.status_code == (404 if role in WRITERS else 403)
    if existing:
        assert snapshot(Enterprise, pk) == before


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.ADMIN])
def test_create(en, world, role):
    user = log_in(en, world.users[role])
    count = Enterprise.objects.count()
    get = en.get(reverse("enterprise-create"))
    code = make_uscc()
    response = en.post(
        reverse("enterprise-create"),
        {"name": "新建测试企业", "uscc": code, "industry_code": "3411", "status": "producing"},
    )
    if role not in WRITERS:
        assert get.status_code == 403
        assert response.status_code == 403
        assert Enterprise.objects.count() == count
        return
    assert get.status_code == 200
    assert response.status_code == 302, field_errors(response) or response.content[:2000]
    created = Enterprise.objects.get(uscc=code)
    assert response["Location"] == reverse("enterprise-detail", args=[created.pk])
    assert created.park == user.park
    assert created.version == 1
    assert en.get(response["Location"]).status_code == 200


def test_admin_without_a_park_creates_or_is_told_why(en, world):
    """The administrator belongs to no park (world.users[admin].park is None). Creating
    an enterprise must either let them pick a park or refuse with a message (400) —
    never crash with an IntegrityError on enterprises_enterprise.park_id."""
    admin = log_in(en, world.users[Role.ADMIN])
    assert admin.park is None
    count = Enterprise.objects.count()
    assert en.get(reverse("enterprise-create")).status_code == 200
    code = make_uscc()
    data = {"name": "管理员新建企业", "uscc": code, "industry_code": "34", "status": "producing"}
    form = en.get(reverse("enterprise-create")).context["form"]
    if "park" in form.fields:  # a park choice, if the form offers one
        data["park"] = world.parks[1].pk
    en.raise_request_exception = False
    response = en.post(reverse("enterprise-create"), data)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        created = Enterprise.objects.get(uscc=code)
        assert created.park_id == data.get("park")
    else:
        assert Enterprise.objects.count() == count


def test_admin_cannot_mix_parks_on_create(en, world):
    """An enterprise of park B may not get a phase or department of park A."""
    log_in(en, world.users[Role.ADMIN])
    form = en.get(reverse("enterprise-create")).context["form"]
    assert "park" in form.fields  # users of no park choose the park
    count = Enterprise.objects.count()
    for ref, value in (("phase", world.phases[0].pk), ("department", world.departments[0].pk)):
        data = {
            "park": world.parks[1].pk,
            "name": "跨园区企业",
            "uscc": make_uscc(),
            "status": "producing",
            ref: value,
        }
        response = en.post(reverse("enterprise-create"), data)
        assert response.status_code == 400, ref
        assert ref in field_errors(response), (ref, field_errors(response))
    assert Enterprise.objects.count() == count
    # with park B's own phase and department it is saved in park B
    data = {
        "park": world.parks[1].pk,
        "name": "乙园新企业",
        "uscc": make_uscc(),
        "status": "producing",
        "phase": world.other.phase_id,
        "department": world.other.department_id,
    }
    response = en.post(reverse("enterprise-create"), data)
    assert response.status_code == 302, field_errors(response)
    assert Enterprise.objects.get(name="乙园新企业").park == world.parks[1]


def test_create_with_references_of_the_park(en, world):
    """Staff may pick its own park's phase and department, never another park's."""
    log_in(en, world.users[Role.STAFF])
    phase_b = world.other.phase
    response = en.post(
        reverse("enterprise-create"),
        {"name": "越权企业", "uscc": make_uscc(), "status": "producing", "phase": phase_b.pk},
    )
    assert response.status_code == 400
    assert "phase" in field_errors(response)
    assert not Enterprise.objects.filter(name="越权企业").exists()
    response = en.post(
        reverse("enterprise-create"),
        {
            "name": "本园企业",
            "uscc": make_uscc(),
            "status": "producing",
            "phase": world.phases[0].pk,
            "department": world.departments[1].pk,
        },
    )
    assert response.status_code == 302
    created = Enterprise.objects.get(name="本园企业")
    assert (created.phase, created.department) == (world.phases[0], world.departments[1])


@pytest.mark.parametrize("role", ROLES)
def test_year_pages(en, world, years, role):
    """Yearly data create/edit: writers in scope 200/302; read-only roles 403 (as on the
    enterprise edit page), nothing changes."""
    log_in(en, world.users[role])
    e = in_scope(world, role)
    year = years[e.pk]
    before = snapshot(EnterpriseYear, year.pk)
    count = EnterpriseYear.objects.count()
    edit = reverse("enterprise-year-edit", args=[e.pk, 2019])
    create = reverse("enterprise-year-create", args=[e.pk])
    if role in WRITERS:
        page = en.get(edit)
        assert page.status_code == 200
        response = en.post(edit, form_data(page, staff_year_end="130"))
        assert response.status_code == 302
        assert response["Location"] == reverse("enterprise-detail", args=[e.pk]) + "?tab=years"
        year.refresh_from_db()
        assert (year.staff_year_end, year.version) == (130, 2)
        page = en.get(create)
        assert page.status_code == 200
        response = en.post(create, form_data(page, year="2018", source="manual", patents="7"))
        assert response.status_code == 302
        assert EnterpriseYear.objects.get(enterprise=e, year=2018).patents == 7
        return
    for url in (edit, create):
        assert en.get(url).status_code == 403
        assert (
            en.post(
                url, {"year": 2018, "source": "manual", "staff_year_end": "1", "version": 1}
            ).status_code
            == 403
        )
    assert snapshot(EnterpriseYear, year.pk) == before
    assert EnterpriseYear.objects.count() == count


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_year_pages_out_of_scope_404(en, world, years, role):
    log_in(en, world.users[role])
    pk = out_of_scope_pk(world, role)
    for url in (
        reverse("enterprise-year-edit", args=[pk, 2019]),
        reverse("enterprise-year-create", args=[pk]),
    ):
        assert en.get(url).status_code == 404
        assert en.post(url, {"year": 2018, "source": "manual", "version": 1}).status_code == 404
    e = in_scope(world, role)
    # a year that does not exist is 404 too
    assert en.get(reverse("enterprise-year-edit", args=[e.pk, 2001])).status_code == 404
    if pk in years:
        assert years[pk].version == EnterpriseYear.objects.get(pk=years[pk].pk).version


# ---------------------------------------------------------------- bad input


def _edit_page(en, world):
    log_in(en, world.users[Role.STAFF])
    e = world.enterprises[0]
    url = reverse("enterprise-edit", args=[e.pk])
    return e, url, en.get(url)


def _wrong_check(code: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return code[:17] + next(c for c in alphabet if c != code[17])


TOMORROW = dt.date.today() + dt.timedelta(days=2)
ENTERPRISE_BAD_INPUT = [
    # (id, changes, field, English words that must appear in that field's message)
    (
        "uscc check",
        lambda w: {"uscc": _wrong_check(w.enterprises[0].uscc)},
        "uscc",
        ["unified social credit code", "wrong check character"],
    ),
    ("uscc length", lambda w: {"uscc": "91210112ABC"}, "uscc", ["18 characters"]),
    (
        "uscc duplicate",
        lambda w: {"uscc": w.enterprises[1].uscc},
        "uscc",
        ["already used by", "企业12"],
    ),
    (
        "uscc duplicate lower case",
        lambda w: {"uscc": w.enterprises[1].uscc.lower()},
        "uscc",
        ["already used by", "企业12"],
    ),
    (
        "uscc duplicate other park",
        lambda w: {"uscc": w.other.uscc},
        "uscc",
        ["registered in another park"],
    ),
    ("industry 99", lambda w: {"industry_code": "99"}, "industry_code", ["99", "GB/T 4754"]),
    ("industry 98", lambda w: {"industry_code": "98"}, "industry_code", ["98", "GB/T 4754"]),
    ("industry 9999", lambda w: {"industry_code": "9999"}, "industry_code", ["9999"]),
    (
        "industry format",
        lambda w: {"industry_code": "3-4"},
        "industry_code",
        ["section letter or 2–4 digits"],
    ),
    (
        "future founding",
        lambda w: {"founded_on": TOMORROW.isoformat()},
        "founded_on",
        ["founding date", "in the future"],
    ),
    (
        "moved in before founded",
        lambda w: {"founded_on": "2010-05-01", "moved_in_on": "2009-01-01"},
        "moved_in_on",
        ["move-in date", "may not be earlier than", "founding date"],
    ),
    (
        "capital not a number",
        lambda w: {"registered_capital": "abc"},
        "registered_capital",
        ["'abc'", "is not a number"],
    ),
    (
        "capital negative",
        lambda w: {"registered_capital": "-5"},
        "registered_capital",
        ["registered capital", "must not be negative"],
    ),
    ("name missing", lambda w: {"name": ""}, "name", []),
]


@pytest.mark.parametrize(
    "changes,field,words",
    [c[1:] for c in ENTERPRISE_BAD_INPUT],
    ids=[c[0] for c in ENTERPRISE_BAD_INPUT],
)
def test_enterprise_form_bad_input(en, world, changes, field, words):
    e, url, page = _edit_page(en, world)
    before = snapshot(Enterprise, e.pk)
    history = e.history.count()
    response = en.post(url, form_data(page, **changes(world)))
    assert response.status_code == 400
    errors = field_errors(response)
    assert field in errors, (field, errors, response.context["form"].errors)
    assert set(errors) == {field}
    for word in words:
        assert any(word in message for message in errors[field]), (word, errors[field])
    assert snapshot(Enterprise, e.pk) == before
    assert e.history.count() == history


def test_bad_input_in_chinese_is_still_next_to_its_field(client, world):
    """The zh-hans catalogue may not be compiled: only the page language and the field
    the message belongs to are asserted."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    e, url, page = _edit_page(client, world)
    assert '<html lang="zh-CN">' in page.text
    response = client.post(
        url, form_data(page, uscc=_wrong_check(e.uscc), industry_code="99", gross_output="x")
    )
    assert response.status_code == 400
    errors = field_errors(response)
    assert set(errors) == {"uscc", "industry_code"}
    assert all(messages and all(messages) for messages in errors.values())


def test_enterprise_create_bad_input_writes_nothing(en, world):
    log_in(en, world.users[Role.STAFF])
    count = Enterprise.objects.count()
    response = en.post(
        reverse("enterprise-create"),
        {
            "name": "坏企业",
            "uscc": _wrong_check(make_uscc()),
            "industry_code": "99",
            "status": "producing",
            "founded_on": TOMORROW.isoformat(),
        },
    )
    assert response.status_code == 400
    assert set(field_errors(response)) == {"uscc", "industry_code", "founded_on"}
    assert Enterprise.objects.count() == count


def test_enterprise_form_good_input_is_normalised(en, world):
    e, url, page = _edit_page(en, world)
    code = make_uscc()
    response = en.post(
        url,
        form_data(page, uscc=code.lower(), industry_code="3411", registered_capital="１,２００"),
    )
    assert response.status_code == 302, field_errors(response)
    e.refresh_from_db()
    assert e.uscc == code
    assert e.industry_code == "3411"
    assert e.registered_capital == Decimal("12000000")


def _year_page(en, world):
    log_in(en, world.users[Role.STAFF])
    e = world.enterprises[0]
    year = EnterpriseYearFactory(enterprise=e)
    url = reverse("enterprise-year-edit", args=[e.pk, 2019])
    return year, url, en.get(url)


YEAR_BAD_INPUT = [
    ("negative land area", {"land_area": "-5"}, "land_area", ["land area", "must not be negative"]),
    (
        "value added above output",
        {"value_added": "9000"},
        "value_added",
        ["industrial value added", "may not exceed", "gross industrial output"],
    ),
    ("not a number", {"gross_output": "abc"}, "gross_output", ["'abc'", "is not a number"]),
    ("count not whole", {"staff_year_end": "12.5"}, "staff_year_end", ["whole number"]),
    ("profit above revenue", {"profit": "99999"}, "profit", ["may not exceed", "revenue"]),
]


@pytest.mark.parametrize(
    "changes,field,words",
    [c[1:] for c in YEAR_BAD_INPUT],
    ids=[c[0] for c in YEAR_BAD_INPUT],
)
def test_year_form_bad_input(en, world, changes, field, words):
    year, url, page = _year_page(en, world)
    before = snapshot(EnterpriseYear, year.pk)
    response = en.post(url, form_data(page, **changes))
    assert response.status_code == 400
    errors = field_errors(response)
    assert set(errors) == {field}, (errors, response.context["form"].errors)
    for word in words:
        assert any(word in message for message in errors[field]), (word, errors[field])
    assert snapshot(EnterpriseYear, year.pk) == before


def test_year_create_future_and_duplicate_year(en, world):
    year, url, page = _year_page(en, world)
    create = reverse("enterprise-year-create", args=[year.enterprise_id])
    page = en.get(create)
    count = EnterpriseYear.objects.count()
    response = en.post(create, form_data(page, year=str(dt.date.today().year + 1), source="manual"))
    assert response.status_code == 400
    assert "year" in field_errors(response)
    response = en.post(create, form_data(page, year="2019", source="manual"))
    assert response.status_code == 400
    assert any("2019" in m for m in field_errors(response)["year"])
    assert EnterpriseYear.objects.count() == count


def test_year_form_accepts_full_width_digits_in_wan_yuan(en, world):
    year, url, page = _year_page(en, world)
    response = en.post(url, form_data(page, gross_output="１２３４", value_added="１,０００.５"))
    assert response.status_code == 302, field_errors(response)
    year.refresh_from_db()
    assert year.gross_output == Decimal("12340000")
    assert year.value_added == Decimal("10005000")
    # and the form shows it back in 万元
    page = en.get(url)
    assert page.context["form"]["gross_output"].value() == "1234"


# ---------------------------------------------------------------- query counts


def _many(world, n: int) -> list[Enterprise]:
    phases, depts = world.phases, world.departments
    rows = [
        Enterprise(
            park=world.parks[0],
            name=f"批量企业{i:04d}",
            uscc=make_uscc(),
            industry_code="34",
            phase=phases[i % 2],
            department=depts[i % 2],
        )
        for i in range(n)
    ]
    return Enterprise.objects.bulk_create(rows)


def _queries(client, url, params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("role", [Role.STAFF, Role.SURVEY])
def test_list_pages_do_not_query_per_row(en, world, role):
    many = _many(world, 250)
    EnterpriseYear.objects.bulk_create(
        [EnterpriseYear(enterprise=e, year=2019, land_area=1000, gross_output=10) for e in many]
    )
    # the survey member's team (phase 2) is assigned the phase-2 ones
    Assignment.objects.bulk_create(
        [
            Assignment(campaign=world.campaign, team=world.teams[1], enterprise=e)
            for e in many
            if e.phase_id == world.phases[1].pk
        ]
    )
    user = log_in(en, world.users[role])
    for url, model in (
        (reverse("enterprise-list"), Enterprise),
        (reverse("enterprise-year-list"), EnterpriseYear),
    ):
        visible = model.objects.visible_to(user).count()
        assert visible > 100
        _queries(en, url, {"page_size": 25})  # what a process reads once (cached) is not per row
        small, response = _queries(en, url, {"page_size": 25})
        assert len(response.context["page"].object_list) == 25
        big, response = _queries(en, url, {"page_size": 200})
        assert len(response.context["page"].object_list) == min(200, visible)
        assert small == big, url
        # sorting by a related column is still one query for the rows
        ordered, _ = _queries(
            en,
            url,
            {
                "page_size": 200,
                "ordering": "-phase" if url.endswith("/enterprises/") else "enterprise",
            },
        )
        assert ordered == big, url


def test_detail_page_does_not_query_per_year(en, world):
    log_in(en, world.users[Role.STAFF])
    few, lots = world.enterprises[0], world.enterprises[1]
    for y in range(2017, 2020):
        EnterpriseYearFactory(enterprise=few, year=y)
    for y in range(2010, 2020):
        year = EnterpriseYearFactory(enterprise=lots, year=y)
        year.gross_output += 1
        year.save()  # a second history record per year for the History tab
    for tab in ("overview", "years", "history"):
        a, response_a = _queries(en, reverse("enterprise-detail", args=[few.pk]), {"tab": tab})
        b, response_b = _queries(en, reverse("enterprise-detail", args=[lots.pk]), {"tab": tab})
        assert len(response_a.context["years"]) == 3
        assert len(response_b.context["years"]) == 10
        assert a == b, tab


def test_edit_form_keeps_dates_in_chinese(client, world):
    """<input type=date> needs ISO dates whatever the language; a localised value
    would show the field empty and a save would erase the date."""
    enterprise = world.enterprises[0]
    enterprise.founded_on = dt.date(1986, 3, 12)
    enterprise.save()
    log_in(client, world.users[Role.STAFF])
    page = client.get(
        reverse("enterprise-edit", args=[enterprise.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert 'value="1986-03-12"' in page.content.decode()


def test_pages_neither_repeat_nor_skip_rows_when_sort_values_tie(client, world):
    """Forty enterprises share one founding date: paging by that date must still show
    each exactly once (the ordering ends with the primary key)."""
    park = world.parks[0]
    for i in range(40):
        EnterpriseFactory(
            park=park,
            name=f"同日企业{i:02d}",
            founded_on=dt.date(2001, 1, 1),
            phase=world.phases[0],
            department=world.departments[0],
        )
    log_in(client, world.users[Role.STAFF])
    seen, page, last = [], 1, 1
    while page <= last:
        response = client.get(
            reverse("enterprise-list"),
            {"ordering": "-founded_on", "page_size": 25, "page": page},
        )
        seen += [e.pk for e in response.context["page"].object_list]
        last = response.context["page"].paginator.num_pages
        page += 1
    expected = set(
        Enterprise.objects.visible_to(world.users[Role.STAFF]).values_list("pk", flat=True)
    )
    assert len(seen) == len(set(seen)) == len(expected)
    assert set(seen) == expected


def test_a_duplicate_code_from_another_park_does_not_name_that_enterprise(client, world):
    log_in(client, world.users[Role.STAFF])
    response = client.post(
        reverse("enterprise-create"),
        {"name": "新公司", "uscc": world.other.uscc, "status": "producing"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "registered in another park" in page
    assert world.other.name not in page
