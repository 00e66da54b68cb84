"""Optimistic locking: two people editing the same record never silently overwrite
each other; the second save is refused with a message and the first one stays."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.core.locking import StaleEdit
from parkbase.enterprises import services
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from tests.clients import page_client
from tests.factories import EnterpriseYearFactory

STALE = "This record was changed by someone else since you opened it."


def form_data(response, **changes) -> dict:
    """What the browser submits for the form it was given, with ``changes``."""
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
    data.update(changes)
    return data


def form_errors(response) -> str:
    match = re.search(r'data-testid="form-errors">(.*?)</div>\s*</div>', response.text, re.S)
    return html.unescape(match[1]) if match else ""


def hidden_version(response) -> int:
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', response.text)
    assert match, "the form carries no version"
    return int(match[1])


@pytest.fixture
def two(world):
    """Two people allowed to edit park A: the staff member and the administrator."""
    return page_client(world.users[Role.STAFF]), page_client(world.users[Role.ADMIN])


def test_second_page_save_of_the_same_version_is_refused(world, two):
    first, second = two
    enterprise = world.enterprises[0]
    url = reverse("enterprise-edit", args=[enterprise.pk])
    page_1, page_2 = first.get(url), second.get(url)
    assert hidden_version(page_1) == hidden_version(page_2) == 1

    response = first.post(url, form_data(page_1, name="第一人改名"))
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.version) == ("第一人改名", 2)

    history = enterprise.history.count()
    response = second.post(url, form_data(page_2, name="第二人改名", address="覆盖地址"))
    assert response.status_code == 400
    assert STALE in form_errors(response)
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.address, enterprise.version) == ("第一人改名", "", 2)
    assert enterprise.history.count() == history
    # the refused form keeps what the second person typed, so nothing is lost
    assert response.context["form"]["name"].value() == "第二人改名"

    # after reloading, the second person sees version 2 and may save over it
    page_2 = second.get(url)
    assert hidden_version(page_2) == 2
    assert page_2.context["form"]["name"].value() == "第一人改名"
    response = second.post(url, form_data(page_2, address="重新提交的地址"))
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.address, enterprise.version) == (
        "第一人改名",
        "重新提交的地址",
        3,
    )


def test_same_user_in_two_tabs_is_refused_too(world):
    tab = page_client(world.users[Role.STAFF])
    enterprise = world.enterprises[1]
    url = reverse("enterprise-edit", args=[enterprise.pk])
    page_1, page_2 = tab.get(url), tab.get(url)
    assert tab.post(url, form_data(page_1, name="标签一")).status_code == 302
    response = tab.post(url, form_data(page_2, name="标签二"))
    assert response.status_code == 400
    assert STALE in form_errors(response)
    enterprise.refresh_from_db()
    assert enterprise.name == "标签一"


def test_page_edit_without_a_version_is_refused(world):
    """A POST that does not say which version it started from cannot be checked, so it
    must not be applied (the API requires ``version`` on every change for this reason)."""
    staff = page_client(world.users[Role.STAFF])
    enterprise = world.enterprises[0]
    url = reverse("enterprise-edit", args=[enterprise.pk])
    page = staff.get(url)
    Enterprise.objects.filter(pk=enterprise.pk).update(name="别人刚改的", version=2)
    data = form_data(page, name="盲目覆盖")
    del data["version"]
    response = staff.post(url, data)
    enterprise.refresh_from_db()
    assert enterprise.name == "别人刚改的"
    assert response.status_code == 400


def test_service_update_with_a_stale_version_raises(world):
    staff, admin = world.users[Role.STAFF], world.users[Role.ADMIN]
    enterprise = Enterprise.objects.get(pk=world.enterprises[0].pk)
    data = {
        "name": enterprise.name,
        "uscc": enterprise.uscc,
        "industry_code": enterprise.industry_code,
        "status": enterprise.status,
    }
    saved = services.enterprise_update(
        user=staff, enterprise=enterprise, data={**data, "name": "服务一"}, expected_version=1
    )
    assert saved.version == 2
    with pytest.raises(StaleEdit) as caught:
        services.enterprise_update(
            user=admin, enterprise=enterprise, data={**data, "name": "服务二"}, expected_version=1
        )
    assert caught.value.current_version == 2
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.version) == ("服务一", 2)
    assert enterprise.history.latest().history_user == staff
    # the current version goes through
    services.enterprise_update(
        user=admin, enterprise=enterprise, data={**data, "name": "服务二"}, expected_version=2
    )
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.version) == ("服务二", 3)


def test_second_save_of_yearly_data_is_refused(world, two):
    first, second = two
    enterprise = world.enterprises[0]
    year = EnterpriseYearFactory(enterprise=enterprise, year=2019)
    url = reverse("enterprise-year-edit", args=[enterprise.pk, 2019])
    page_1, page_2 = first.get(url), second.get(url)
    assert hidden_version(page_1) == hidden_version(page_2) == 1

    response = first.post(url, form_data(page_1, staff_year_end="150"))
    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.staff_year_end, year.version) == (150, 2)

    response = second.post(url, form_data(page_2, staff_year_end="99", gross_output="9000"))
    assert response.status_code == 400
    assert STALE in form_errors(response)
    year.refresh_from_db()
    assert (year.staff_year_end, year.gross_output, year.version) == (
        150,
        Decimal("80000000"),
        2,
    )
    assert year.history.count() == 2


def test_yearly_data_edit_without_a_version_is_refused(world):
    staff = page_client(world.users[Role.STAFF])
    enterprise = world.enterprises[0]
    year = EnterpriseYearFactory(enterprise=enterprise, year=2019)
    url = reverse("enterprise-year-edit", args=[enterprise.pk, 2019])
    page = staff.get(url)
    EnterpriseYear.objects.filter(pk=year.pk).update(staff_year_end=111, version=2)
    data = form_data(page, patents="5")
    del data["version"]
    response = staff.post(url, data)
    year.refresh_from_db()
    assert year.staff_year_end == 111
    assert response.status_code == 400


def test_service_year_save_with_a_stale_version_raises(world):
    staff, admin = world.users[Role.STAFF], world.users[Role.ADMIN]
    enterprise = world.enterprises[0]
    year = EnterpriseYearFactory(enterprise=enterprise, year=2019)
    data = {"year": 2019, "source": "manual", "gross_output": Decimal("90000000")}
    services.year_save(
        user=staff, enterprise=enterprise, data=data, instance=year, expected_version=1
    )
    with pytest.raises(StaleEdit) as caught:
        services.year_save(
            user=admin,
            enterprise=enterprise,
            data={**data, "gross_output": Decimal("1")},
            instance=year,
            expected_version=1,
        )
    assert caught.value.current_version == 2
    year.refresh_from_db()
    assert (year.gross_output, year.version) == (Decimal("90000000"), 2)
    assert year.history.latest().history_user == staff
