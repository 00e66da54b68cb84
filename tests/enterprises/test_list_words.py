"""The enterprise list names each enterprise's industry (code and name), phase and
department as a user reads them, not as bare codes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from tests.clients import page_client

pytestmark = pytest.mark.django_db


def test_industry_shows_its_name(world):
    enterprise = world.enterprises[0]
    enterprise.industry_code = "3411"
    enterprise.save()
    page = page_client(world.users[Role.STAFF], "zh-hans").get(
        reverse("enterprise-list"), {"q": enterprise.name}
    )
    text = page.content.decode()
    assert "3411 通用设备制造业" in text  # the deepest level the table knows (division 34)
    assert world.phases[0].name in text
