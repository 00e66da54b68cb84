"""Who or what made a change, in words: a change made by a piece of work (an import, a
computation) reads as that work in the reader's language, an import linked to its page
for those who may open it; a change nobody signed reads as the system's."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from parkbase.core.choices import Role
from parkbase.core.history import SOURCES
from parkbase.enterprises.models import Enterprise
from parkbase.imports import services as imports
from parkbase.imports.choices import JobStatus
from tests.clients import page_client
from tests.imports.test_jobs import xlsx_bytes

ZH, EN = "zh-hans", "en"


def change_by(html: str) -> list[str]:
    """The who-or-what of each change of the page's history, as text."""
    spans = re.findall(r'data-testid="change-by">(.*?)</span>\s*<span', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", span).strip() for span in spans]


def history_of(user, url, language) -> str:
    answer = page_client(user, language).get(url, {"tab": "history"})
    assert answer.status_code == 200
    return answer.content.decode().split('data-testid="history"')[1]


def test_an_import_job_names_its_changes_and_links_them_for_the_park_staff(
    world, settings, tmp_path
):
    """GIVEN staff import a new address for an enterprise as an import job."""
    settings.MEDIA_ROOT = tmp_path / "media"
    staff, department = world.users[Role.STAFF], world.users[Role.DEPARTMENT]
    target = world.enterprises[0]
    rows = [["企业名称", "统一社会信用代码", "地址"], [target.name, target.uscc, "导入新地址3号"]]
    upload = SimpleUploadedFile("ents.xlsx", xlsx_bytes(rows))
    job = imports.import_job_create(
        user=staff, park=world.parks[0], kind="enterprises", upload=upload
    )
    imports.import_job_confirm(user=staff, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Enterprise.history.filter(id=target.pk).latest().history_change_reason == (
        f"import:{job.pk}"
    )
    url = f"/enterprises/{target.pk}/"
    link = f'<a href="/imports/{job.pk}/">'
    en, zh = history_of(staff, url, EN), history_of(staff, url, ZH)
    staff_name = staff.get_full_name() or staff.username
    assert change_by(en)[0] == f"{staff_name} · import" and link in en
    assert change_by(zh)[0] == f"{staff_name} · 导入" and link in zh
    # a department sees the enterprise's history, not the park's import pages
    seen = history_of(department, url, ZH)
    assert change_by(seen)[0] == f"{staff_name} · 导入" and "/imports/" not in seen
    for html in (en, zh, seen):
        assert f"import:{job.pk}" not in html


def test_every_work_that_changes_records_has_chinese_and_english_words():
    for code, source in SOURCES.items():
        with translation.override(EN):
            english = str(source.words)
        with translation.override(ZH):
            chinese = str(source.words)
        assert english != chinese, code
        assert not re.search(r"[A-Za-z]{3,}", chinese.replace("%(detail)s", "")), code
