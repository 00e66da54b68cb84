"""A phase has an English name, which the administrator edits and the English pages show
wherever they name the phase (lists, filters, pages, exports); the Chinese pages show
the Chinese name, and so do the English ones where no English name is held."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.core.models import Phase
from parkbase.imports.reference import reference_load
from tests.clients import page_client
from tests.factories import ParkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(world):
    """Park A's first phase is 一期 / Phase 1; its second, 二期, has no English name."""
    first, second = world.phases
    Phase.objects.filter(pk=first.pk).update(name="一期", name_en="Phase 1")
    Phase.objects.filter(pk=second.pk).update(name="二期", name_en="")
    return world


def sheet_rows(response) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def test_the_english_pages_name_a_phase_in_english_and_the_chinese_pages_in_chinese(named):
    staff = named.users[Role.STAFF]
    enterprise = named.enterprises[0]  # in phase 1
    pages = {
        "list": reverse("enterprise-list"),
        "page": reverse("enterprise-detail", args=[enterprise.pk]),
        "assignments": reverse("assignment-list"),
        "progress": reverse("campaign-progress", args=[named.campaign.pk]),
    }
    for language, shown, hidden in (("en", "Phase 1", "一期"), ("zh-hans", "一期", "Phase 1")):
        client = page_client(staff, language)
        for name, url in pages.items():
            text = client.get(url).content.decode()
            assert shown in text, (language, name)
            assert hidden not in text, (language, name)
            if name != "page":  # the second phase: no English name, its Chinese one
                assert "二期" in text, (language, name)
    # the list's filter offers the phases by the same names
    form = page_client(staff, "en").get(pages["list"]).context["filterset"].form
    labels = [label for _value, label in form.fields["phase"].choices]
    assert "Phase 1" in labels and "二期" in labels
    # an export in English names it in English too
    rows = sheet_rows(page_client(staff, "en").get(pages["assignments"], {"export": "xlsx"}))
    column = rows[0].index("Phase")
    assert {row[column] for row in rows[1:]} == {"Phase 1", "二期"}


def test_the_administrator_gives_a_phase_its_english_name(named):
    client = page_client(named.users[Role.ADMIN], "en")
    phase = named.phases[1]
    url = reverse("manage-phase-edit", args=[phase.pk])
    assert 'name="name_en"' in client.get(url).content.decode()
    saved = client.post(url, {"code": phase.code, "name": "二期", "name_en": "Phase 2", "order": 2})
    assert saved.status_code == 302
    phase.refresh_from_db()
    assert phase.name_en == "Phase 2" and phase.history.first().name_en == "Phase 2"
    listed = client.get(reverse("manage-phases")).content.decode()
    assert "Phase 2" in listed
    found = client.get(reverse("manage-phases"), {"q": "phase 2"}).context["page"].object_list
    assert list(found) == [phase]


def test_the_reference_file_gives_phases_their_english_names(db, tmp_path):
    ParkFactory(code="sd", name="沈东")
    (tmp_path / "parks.csv").write_text("代码,名称,英文名称\nsd,沈东,\n", encoding="utf-8")
    (tmp_path / "phases.csv").write_text(
        "园区代码,代码,名称,英文名称,排序\nsd,P1,一期,Phase 1,1\nsd,P2,二期,,2\n", encoding="utf-8"
    )
    (tmp_path / "departments.csv").write_text("园区代码,代码,名称\n", encoding="utf-8")
    reference_load(tmp_path)
    assert dict(Phase.objects.values_list("code", "name_en")) == {"P1": "Phase 1", "P2": ""}
    # a file of before English names still loads, and keeps the names given since
    (tmp_path / "phases.csv").write_text(
        "园区代码,代码,名称,排序\nsd,P1,一期,1\n", encoding="utf-8"
    )
    reference_load(tmp_path)
    assert Phase.objects.get(code="P1").name_en == "Phase 1"
