"""Every list's export, on the demo park: the sheet is named after the list (never
Sheet1), its header carries filter buttons and its columns have widths, and phases and
departments are named (二期, 区商务局), never given as their codes (P2, D04) — except
on the administration lists of phases and departments themselves, whose code column
is the code."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.models import Department, Phase, User
from tests.clients import page_client
from tests.matrix.tables import PAGES

EXPORTS = sorted(name for name, row in PAGES.items() if "export" in row.actions)
CODE_COLUMNS = {"manage-phases", "manage-departments"}


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def export(name: str) -> bytes:
    client = page_client(User.objects.get(username="admin"), "zh-hans")
    response = client.get(reverse(name), {"export": "xlsx"})
    assert response.status_code == 200, name
    assert "spreadsheetml" in response["Content-Type"], name
    return response.content


def test_every_list_with_an_export_is_asked():
    assert len(EXPORTS) >= 20 and "land-inventory" in EXPORTS


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_is_named_after_its_list_and_names_phases_and_departments(demo, name):
    content = export(name)
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    (sheet,) = book.sheet_names
    assert sheet != "Sheet1" and not re.fullmatch(r"Sheet\d*", sheet), name
    with zipfile.ZipFile(io.BytesIO(content)) as parts:
        xml = parts.read("xl/worksheets/sheet1.xml").decode()
    assert "<autoFilter " in xml and "<col " in xml, name
    if name in CODE_COLUMNS:
        return
    codes = set(Phase.objects.values_list("code", flat=True))
    codes |= set(Department.objects.values_list("code", flat=True))
    rows = book.get_sheet_by_index(0).to_python()
    coded = {
        (header, value)
        for row in rows[1:]
        for header, value in zip(rows[0], row, strict=False)
        if isinstance(value, str) and value.strip() in codes
    }
    assert not coded, (name, sorted(coded)[:5])
