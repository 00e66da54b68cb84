"""Table headers start with a capital in English, as form labels do, whatever case the
code writes them in ("land area" → "Land area"); the Chinese headers read as before.
The same holds for the headers of an English export."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from tests.clients import page_client

pytestmark = pytest.mark.django_db

TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
TAG = re.compile(r"<[^>]+>")


def headers(page: str) -> list[str]:
    """The text of every table header of a page."""
    texts = (html.unescape(TAG.sub("", cell)).strip() for cell in TH.findall(page))
    return [" ".join(text.split()) for text in texts if text]


PAGES = {
    Role.STAFF: [
        ("enterprise-list", ()),
        ("enterprise-year-list", ()),
        ("assignment-list", ()),
        ("concern-list", ()),
        ("land-parcels", ()),
        ("land-buildings", ()),
        ("projects", ()),
        ("evaluation-runs", ()),
    ],
    Role.ADMIN: [("manage-phases", ()), ("manage-users", ())],
}


def test_english_table_headers_start_with_a_capital_and_chinese_ones_read_as_before(world):
    pages = [
        *(
            (role, reverse(name, args=args))
            for role, names in PAGES.items()
            for name, args in names
        ),
        (Role.STAFF, reverse("enterprise-detail", args=[world.enterprises[0].pk])),
        (Role.STAFF, reverse("campaign-progress", args=[world.campaign.pk])),
        (Role.STAFF, reverse("assignment-detail", args=[world.assignments[0].pk])),
    ]
    seen = 0
    for role, url in pages:
        response = page_client(world.users[role], "en").get(url)
        assert response.status_code == 200, url
        for header in headers(response.content.decode()):
            seen += 1
            assert not header[0].islower(), (url, header)
    assert seen > 50
    parcels = reverse("land-parcels")
    english = headers(page_client(world.users[Role.STAFF], "en").get(parcels).content.decode())
    chinese = headers(page_client(world.users[Role.STAFF], "zh-hans").get(parcels).content.decode())
    assert english[:3] == ["Parcel code", "Name", "Phase"]
    assert chinese[:3] == ["宗地编号", "名称", "期次"]


def test_an_english_export_heads_its_columns_with_capitals(world):
    response = page_client(world.users[Role.STAFF], "en").get(
        reverse("assignment-list"), {"export": "xlsx"}
    )
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    first = book.get_sheet_by_index(0).to_python()[0]
    assert first[:3] == ["Campaign", "Team", "Enterprise"]
    assert not any(str(header)[:1].islower() for header in first)
