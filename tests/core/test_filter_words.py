"""Words a Chinese user reads on the filters and tables: a filter's empty choice means
"any" (全部), never "unknown" nor a real choice; "description" is 诉求内容 only for a
concern, 问题描述 for a blocker and 描述 elsewhere."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from tests.clients import page_client
from tests.matrix.tables import PAGES

pytestmark = pytest.mark.django_db


def select(page: str, name: str) -> str:
    found = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert found, name
    return found.group(0)


def test_blocker_board_filters_start_at_any(world):
    page = page_client(world.users[Role.STAFF], "zh-hans").get(reverse("projects-blockers"))
    text = page.content.decode()
    escalation = select(text, "escalation")
    first = re.search(r"<option[^>]*>([^<]*)</option>", escalation).group(1)
    assert first == "全部"
    assert "未提请督办" in escalation  # still a choice, not the empty one
    overdue = select(text, "overdue")
    assert re.search(r'<option value=""[^>]*>全部</option>', overdue)
    assert "未知" not in overdue
    assert "问题描述" in text and "诉求内容" not in text


def test_an_escalation_of_none_filters_for_it(world):
    page = page_client(world.users[Role.STAFF], "zh-hans").get(
        reverse("projects-blockers"), {"escalation": "0"}
    )
    assert page.status_code == 200
    assert 'value="0" selected' in select(page.content.decode(), "escalation")


def test_a_concern_is_described_as_a_concern(world):
    page = page_client(world.users[Role.STAFF], "zh-hans").get(reverse("concern-list"))
    assert "诉求内容" in page.content.decode()


LISTS = sorted(name for name, row in PAGES.items() if row.kind is None and "list" in row.actions)


def test_every_filter_starts_at_any(world):
    """Every one-choice filter of every page (a GET form's select, but the page size
    and a period a page is always read for, marked ``data-period``) starts at 全部,
    never at 未知 (unknown), —, or a real choice standing for "any"."""
    client = page_client(world.users[Role.ADMIN], "zh-hans")
    seen, wrong = 0, []
    for name in LISTS:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, name
        page = response.content.decode()
        for form in re.findall(r'<form[^>]*method="get".*?</form>', page, re.S):
            for attrs, body in re.findall(r"<select([^>]*)>(.*?)</select>", form, re.S):
                if "multiple" in attrs or "data-period" in attrs:
                    continue
                if re.search(r'name="(page_size|park)"', attrs):
                    continue
                seen += 1
                first = re.search(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', body)
                if not (first and first.group(1) == "" and first.group(2).startswith("全部")):
                    wrong.append((name, attrs.strip(), first and first.groups()))
    assert seen >= 20
    assert not wrong, wrong
