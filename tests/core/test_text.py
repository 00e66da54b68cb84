"""Control, zero-width and direction characters never reach the records: not through a
page form, not through the API, not through a spreadsheet import; line breaks stay in
multi-line text and become spaces in single-line text."""

from __future__ import annotations

import importlib
import importlib.util
import inspect

import pytest
import xlsxwriter
from django import forms
from django.apps import apps
from django.test import Client
from django.urls import get_resolver, reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from parkbase.core.admin import PasswordForm
from parkbase.core.api.serializers import CleanTextMixin as CleanSerializerMixin
from parkbase.core.choices import Role
from parkbase.core.forms import CleanTextMixin as CleanFormMixin
from parkbase.core.text import clean_text, normalise_text, normalise_texts
from parkbase.enterprises.models import Enterprise
from parkbase.enterprises.services import import_enterprises
from parkbase.surveys.models import Concern
from tests.enterprises.test_pages import form_data
from tests.factories import make_uscc

# right-to-left override, escape, bell, zero-width space, byte-order mark
DIRTY = "\ufeff沈阳\u202e机械\x1b[31m\x07有限\u200b公司"
CLEAN = "沈阳机械[31m有限公司"
MULTI_LINE = "第一行\r\n第二行\n\t缩进的第三行"


@pytest.mark.parametrize(
    ("text", "single", "multi"),
    [
        ("plain text 普通文本", "plain text 普通文本", "plain text 普通文本"),
        (DIRTY, CLEAN, CLEAN),
        ("a\u202ab\u202cc\u2066d\u2069e\u200ef\u200fg\u2060h\u061ci", "abcdefghi", "abcdefghi"),
        ("C1\x85NEL\x9bCSI\x7fDEL", "C1 NELCSIDEL", "C1\nNELCSIDEL"),
        ("a\r\nb\tc\nd\re", "a b c d e", "a\r\nb\tc\nd\re"),
        ("Word\x0bbreak\u2028line\u2029para\x0cpage", "Word break line para page", None),
        ("\x00nul\x1fus", "nulus", "nulus"),
        ("全角　空格\xa0保留", "全角　空格\xa0保留", "全角　空格\xa0保留"),
    ],
)
def test_clean_text(text, single, multi):
    assert clean_text(text) == single
    expected = multi if multi is not None else "Word\nbreak\nline\npara\npage"
    assert clean_text(text, multiline=True) == expected


@pytest.fixture
def staff(world):
    return world.users[Role.STAFF]


def test_a_name_typed_on_a_page_saves_without_them(world, staff):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)
    code = make_uscc()
    data = form_data(
        client.get(reverse("enterprise-create")),
        name=DIRTY,
        uscc=code,
        industry_code="3411",
        status="producing",
        address="沈阳市\t浑南区\r\n创新路 1 号",
    )
    response = client.post(reverse("enterprise-create"), data)
    assert response.status_code == 302, response.content[:3000]
    saved = Enterprise.objects.get(uscc=code)
    assert saved.name == CLEAN
    assert saved.address == "沈阳市 浑南区 创新路 1 号"  # a single-line field
    # and the search finds it by its clean name, with the same characters in the box
    listed = client.get(reverse("enterprise-list"), {"q": "\u202e有限\u200b公司"})
    assert [e.pk for e in listed.context["page"].object_list] == [saved.pk]


def test_a_multi_line_description_keeps_its_line_breaks_on_a_page(world, staff):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)
    enterprise = world.enterprises[0]
    data = form_data(
        client.get(reverse("concern-create")),
        enterprise=enterprise.pk,
        category="land",
        description="\u202e" + MULTI_LINE + "\x07",
    )
    data.pop("assignment", None)
    response = client.post(reverse("concern-create"), data)
    assert response.status_code == 302, response.content[:3000]
    concern = Concern.objects.get(enterprise=enterprise)
    assert concern.description == MULTI_LINE


def test_text_sent_to_the_api_saves_without_them(world, staff):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(staff)
    code = make_uscc()
    payload = {
        "name": DIRTY,
        "uscc": code,
        "industry_code": "34",
        "status": "producing",
        "address": "一行\n两行",
    }
    response = client.post("/api/enterprises/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["name"] == CLEAN
    saved = Enterprise.objects.get(uscc=code)
    assert (saved.name, saved.address) == (CLEAN, "一行 两行")
    found = client.get("/api/enterprises/", {"q": "有限公司"}).json()["results"]
    assert [row["name"] for row in found] == [CLEAN]
    # a form-encoded body is cleaned the same way
    response = client.patch(
        f"/api/enterprises/{saved.pk}/", {"name": "新\u202e名称\x1b", "version": 1}
    )
    assert response.status_code == 200, response.content
    saved.refresh_from_db()
    assert saved.name == "新名称"


def test_a_multi_line_description_keeps_its_line_breaks_through_the_api(world, staff):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(staff)
    payload = {
        "enterprise": world.enterprises[0].pk,
        "category": "land",
        "description": "\ufeff" + MULTI_LINE + "\u200b",
    }
    response = client.post("/api/concerns/", payload, format="json")
    assert response.status_code == 201, response.content
    assert Concern.objects.get(pk=response.json()["id"]).description == MULTI_LINE
    # only invisible characters is no text: the field's own rule answers
    payload["description"] = "\u202e\u200b\x07"
    response = client.post("/api/concerns/", payload, format="json")
    assert response.status_code == 400 and "description" in response.json()


def test_a_name_read_from_a_spreadsheet_saves_without_them(world, tmp_path):
    code = make_uscc()
    path = tmp_path / "ents.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("企业名录")
    for c, header in enumerate(["企业名称", "统一社会信用代码", "行业代码", "园区期次"]):
        sheet.write(0, c, header)
    for c, value in enumerate([DIRTY, code, "34", "P1"]):
        sheet.write_string(1, c, value)
    workbook.close()
    report = import_enterprises(path, park=world.parks[0])
    assert report.errors == [] and report.created == 1
    assert Enterprise.objects.get(uscc=code).name == CLEAN


def test_the_import_engine_reads_cells_by_the_same_rule():
    assert normalise_text(DIRTY) == CLEAN
    assert list(normalise_texts([DIRTY, "a\x0bb"])) == [CLEAN, "a b"]


def _parkbase_classes(base):
    assert get_resolver().url_patterns  # imports every view, form, filterset, serializer
    for config in apps.get_app_configs():
        if config.name.startswith("parkbase") and importlib.util.find_spec(f"{config.name}.forms"):
            importlib.import_module(f"{config.name}.forms")

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return {
        cls
        for cls in below(base)
        if cls.__module__.startswith("parkbase.") and not inspect.isabstract(cls)
    }


def test_every_form_and_serializer_of_parkbase_cleans_its_text():
    """A new form or serializer that skips the core bases would let the characters in."""
    form_classes = _parkbase_classes(forms.BaseForm)
    serializer_classes = _parkbase_classes(serializers.Serializer)
    assert len(form_classes) > 20 and len(serializer_classes) > 40
    # a password is taken exactly as typed: the admin's password form alone keeps it
    exempt = {PasswordForm}
    assert [c for c in form_classes if not issubclass(c, CleanFormMixin) and c not in exempt] == []
    assert [c for c in serializer_classes if not issubclass(c, CleanSerializerMixin)] == []
