"""Each role's home: an enterprise user lands on its own file; a department sees its
enterprises' overview under its own name, with the concerns routed to it, open and
overdue; the committee sees the park's overview and no department panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.surveys.choices import ConcernStatus
from tests.clients import page_client
from tests.factories import ConcernFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 6, 30)


def test_an_enterprise_user_lands_on_its_own_file(world):
    user = world.users[Role.ENTERPRISE]
    response = page_client(user, "zh-hans").get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprise-detail", args=[user.enterprise_id])
    page = page_client(user, "zh-hans").get(reverse("dashboard"), follow=True).content.decode()
    assert user.enterprise.name in page and "园区概况" not in page


@override_settings(AS_OF=TODAY)
def test_a_department_sees_what_is_routed_to_it(world):
    dept = world.users[Role.DEPARTMENT]
    mine, other = world.departments
    late = ConcernFactory(
        enterprise=world.enterprises[0],
        department=mine,
        due_on=dt.date(2019, 6, 1),
        status=ConcernStatus.OPEN,
        description="用电增容迟迟未批",
    )
    ConcernFactory(enterprise=world.enterprises[0], department=mine, due_on=dt.date(2019, 9, 1))
    ConcernFactory(
        enterprise=world.enterprises[0],
        department=mine,
        due_on=dt.date(2019, 5, 1),
        status=ConcernStatus.RESOLVED,
    )
    ConcernFactory(enterprise=world.enterprises[1], department=other, due_on=dt.date(2019, 1, 1))
    page = page_client(dept, "zh-hans").get(reverse("dashboard")).content.decode()
    assert f"{mine.name} · 所管企业概况" in page
    assert 'data-testid="home-open">2<' in page
    assert 'data-testid="home-overdue">1<' in page
    assert late.description in page
    assert reverse("concern-detail", args=[late.pk]) in page


def test_the_committee_home_is_the_park_overview(world):
    page = (
        page_client(world.users[Role.STAFF], "zh-hans").get(reverse("dashboard")).content.decode()
    )
    assert "园区概况" in page and "home-department" not in page
