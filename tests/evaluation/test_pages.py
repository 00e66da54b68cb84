"""Evaluation pages: runs, results with filters and export, the scorecard, overrides
and the scheme editor; drafts stay inside the committee."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from python_calamine import CalamineWorkbook

from parkbase.core import charts
from parkbase.core.choices import Role
from parkbase.evaluation import services
from parkbase.evaluation.models import ComplianceRecord, Result, Run, Scheme
from tests.clients import page_client
from tests.evaluation.conftest import simple_definition


@pytest.fixture
def run(figures):
    scheme = services.scheme_create(park=figures.parks[0], definition=simple_definition())
    return services.run_create(scheme=scheme)


def test_run_page_shows_the_class_distribution(figures, run):
    page = page_client(figures.users[Role.STAFF]).get(f"/evaluation/runs/{run.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="class-chart"' in html and "&quot;A&quot;" in html
    assert "Start the public notice" in html
    # the peer groups by the scheme's names, their codes only in the links
    assert 'ordering=rank">全部</a>' in html and ">all<" not in html


def test_the_class_chart_paints_each_class_in_its_colour(figures, run):
    page = page_client(figures.users[Role.LEADER]).get(f"/evaluation/runs/{run.pk}/")
    drawn = json.loads(page.context["class_chart"])
    assert drawn["xAxis"]["data"] == ["A", "B"]  # the scheme's classes, best first
    colours = [d["itemStyle"]["color"] for d in drawn["series"][0]["data"]]
    assert colours == list(charts.class_colours(["A", "B"]).values())


def test_a_scorecard_of_one_indicator_draws_bars_not_a_radar(figures, run):
    result = Result.objects.get(run=run, enterprise=figures.enterprises[3])
    page = page_client(figures.users[Role.LEADER]).get(f"/evaluation/results/{result.pk}/")
    drawn = json.loads(page.context["radar"])
    assert "radar" not in drawn
    assert [s["type"] for s in drawn["series"]] == ["bar", "bar"]
    assert drawn["xAxis"]["data"] == ["亩均税收"]


def test_the_run_history_shows_a_status_by_its_label(figures, run):
    services.run_start_notice(run=run, ends_on=timezone.localdate(), expected_version=1)
    page = page_client(figures.users[Role.STAFF]).get(f"/evaluation/runs/{run.pk}/")
    history = page.content.decode().split('data-testid="history"')[1]
    assert "Public notice" in history and "Draft" in history
    assert ">notice<" not in history and ">draft<" not in history


def test_results_list_filters_by_class_and_exports_the_same_rows(figures, run):
    client = page_client(figures.users[Role.STAFF])
    page = client.get("/evaluation/results/", {"run": run.pk, "klass": "B"})
    assert page.status_code == 200
    names = {e.name for e in figures.enterprises[1:]}
    html = page.content.decode()
    assert all(name in html for name in names) and figures.enterprises[0].name not in html
    export = client.get("/evaluation/results/", {"run": run.pk, "klass": "B", "export": "xlsx"})
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert len(rows) == 4 and {r[2] for r in rows[1:]} == names


def test_scorecard_explains_and_staff_override_with_a_reason(figures, run):
    staff = figures.users[Role.STAFF]
    result = Result.objects.get(run=run, enterprise=figures.enterprises[3])
    client = page_client(staff)
    page = client.get(f"/evaluation/results/{result.pk}/")
    html = page.content.decode()
    assert 'data-testid="radar"' in html
    assert "against a benchmark of 10" in html
    refused = client.post(
        f"/evaluation/results/{result.pk}/", {"klass": "A", "reason": "", "version": 1}
    )
    assert refused.status_code == 302
    result.refresh_from_db()
    assert result.klass == "B"
    client.post(
        f"/evaluation/results/{result.pk}/", {"klass": "A", "reason": "会议决定", "version": 1}
    )
    result.refresh_from_db()
    assert result.klass == "A" and result.override_reason == "会议决定"


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE])
def test_drafts_are_not_found_by_departments_and_enterprises(figures, run, role):
    user = figures.users[role]
    client = page_client(user)
    own = Result.objects.filter(run=run, enterprise__in=figures.expected[role]).first()
    assert client.get(f"/evaluation/runs/{run.pk}/").status_code == 404
    assert client.get(f"/evaluation/results/{own.pk}/").status_code == 404
    services.run_start_notice(run=run, ends_on=timezone.localdate(), expected_version=1)
    assert client.get(f"/evaluation/results/{own.pk}/").status_code == 200
    other = Result.objects.exclude(enterprise__in=figures.expected[role]).first()
    assert client.get(f"/evaluation/results/{other.pk}/").status_code == 404
    assert client.post(f"/evaluation/results/{own.pk}/", {"klass": "A"}).status_code == 403


def test_scheme_editor_checks_the_whole_file_and_keeps_versions(figures, run):
    client = page_client(figures.users[Role.STAFF])
    scheme = Scheme.objects.get()
    broken = simple_definition()
    broken["classes"] = [{"name": "A", "upto": 0.6}, {"name": "B", "upto": 0.5}]
    text = yaml.safe_dump(broken, allow_unicode=True)
    answer = client.post(f"/evaluation/schemes/{scheme.pk}/", {"text": text, "version": 1})
    assert answer.status_code == 400
    assert "class 2 · upper bound" in answer.content.decode()  # the place, in words
    fixed = simple_definition(description="改为按季度更新基准值")
    text = yaml.safe_dump(fixed, allow_unicode=True)
    answer = client.post(f"/evaluation/schemes/{scheme.pk}/", {"text": text, "version": 1})
    assert answer.status_code == 302
    scheme.refresh_from_db()
    assert scheme.version == 2 and scheme.definition["description"] == "改为按季度更新基准值"
    assert scheme.history.count() == 2
    run.refresh_from_db()
    assert "description" not in run.scheme_definition  # the run keeps what it used
    download = client.get(f"/evaluation/schemes/{scheme.pk}/", {"download": "yaml"})
    assert yaml.safe_load(download.content)["description"] == "改为按季度更新基准值"


def test_an_enterprise_objects_in_the_page_and_an_accepted_correction_is_written(figures, run):
    ent_user, staff = figures.users[Role.ENTERPRISE], figures.users[Role.STAFF]
    services.run_start_notice(run=run, ends_on=timezone.localdate(), expected_version=1)
    own = Result.objects.get(run=run, enterprise=ent_user.enterprise)
    ent = page_client(ent_user)
    page = ent.get(f"/evaluation/results/{own.pk}/").content.decode()
    assert 'data-testid="objection-form"' in page and 'data-testid="override"' not in page
    refused = ent.post(
        f"/evaluation/results/{own.pk}/objection/",
        {"field": "land_area", "proposed_value": "一万", "claim": "面积有误"},
    )
    assert refused.status_code == 302 and not own.run.objections.exists()
    ent.post(  # typed in 亩, the unit the figure is offered in
        f"/evaluation/results/{own.pk}/objection/",
        {"field": "land_area", "proposed_value": "15", "claim": "实际用地15亩"},
    )
    objection = own.run.objections.get()
    assert objection.proposed_value == 10000 and objection.submitted_by == ent_user
    run_page = page_client(staff).get(f"/evaluation/runs/{run.pk}/").content.decode()
    assert "(land area → 15.00 mu)" in run_page and "(land_area" not in run_page
    other = Result.objects.exclude(enterprise=ent_user.enterprise).first()
    assert ent.post(f"/evaluation/results/{other.pk}/objection/", {"claim": "x"}).status_code == 404
    assert (
        ent.post(
            f"/evaluation/objections/{objection.pk}/answer/", {"status": "accepted"}
        ).status_code
        == 403
    )
    page_client(staff).post(
        f"/evaluation/objections/{objection.pk}/answer/",
        {"status": "accepted", "answer": "已核实", "version": 1, "correct": "on"},
    )
    objection.refresh_from_db()
    assert objection.status == "accepted" and objection.answered_by == staff
    year = ent_user.enterprise.years.get(year=2019)
    assert year.land_area == 10000
    # the correction names the objection, read as words in the enterprise's history
    assert year.history.first().history_change_reason == f"objection:{objection.pk}"
    history = {
        language: page_client(figures.users[Role.STAFF], language)
        .get(f"/enterprises/{ent_user.enterprise.pk}/", {"tab": "history"})
        .content.decode()
        for language in ("zh-hans", "en")
    }
    assert f"采纳异议 #{objection.pk}" in history["zh-hans"]
    assert f"accepted objection #{objection.pk}" in history["en"]
    assert not any("objection:" in page for page in history.values())
    run = services.run_recompute(run=Run.objects.get(pk=run.pk), expected_version=2)
    assert Result.objects.get(run=run, enterprise=ent_user.enterprise).figures["land_area"] == 10000


@pytest.mark.parametrize(
    ("language", "choice", "shown"),
    [
        ("zh-hans", "营业收入（万元）", "(营业收入 → 1,234.50 万元)"),
        ("en", "Revenue (10k yuan)", "(revenue → 1,234.50 10k yuan)"),
    ],
)
def test_an_objection_names_its_figure_in_the_unit_offices_read(
    figures, run, language, choice, shown
):
    """GIVEN a run in its notice period WHEN the enterprise picks a figure, offered by
    its label and unit (万元, 亩, not 元 or m²), and types the value in that unit THEN
    the value is kept in yuan and shown back in 万元 on the result's and the run's
    pages."""
    ent_user, staff = figures.users[Role.ENTERPRISE], figures.users[Role.STAFF]
    services.run_start_notice(run=run, ends_on=timezone.localdate(), expected_version=1)
    own = Result.objects.get(run=run, enterprise=ent_user.enterprise)
    ent = page_client(ent_user, language)
    form = ent.get(f"/evaluation/results/{own.pk}/").content.decode()
    form = form.split('data-testid="objection-form"')[1].split("</form>")[0]
    assert f'<option value="revenue">{choice}</option>' in form
    assert "（元）" not in form and "(yuan)" not in form and "m²" not in form
    assert ("土地面积（亩）" if language == "zh-hans" else "Land area (mu)") in form
    ent.post(
        f"/evaluation/results/{own.pk}/objection/",
        {"field": "revenue", "proposed_value": "1,234.5", "claim": "营业收入有误"},
    )
    assert own.run.objections.get().proposed_value == 12_345_000
    for client in (ent, page_client(staff, language)):
        for page in (f"/evaluation/results/{own.pk}/", f"/evaluation/runs/{run.pk}/"):
            if client is ent and "runs" in page:
                continue
            assert shown in client.get(page).content.decode(), page


def test_compliance_records_are_added_checked_and_scoped(figures):
    staff = page_client(figures.users[Role.STAFF])
    target = figures.enterprises[0]
    form = {"enterprise": target.pk, "year": 2019, "kind": "pollution_failed", "note": "抽检超标"}
    staff.post("/evaluation/compliance/", form)
    again = staff.post("/evaluation/compliance/", form, follow=True)
    assert "already recorded for this enterprise in 2019" in again.content.decode()
    bad = staff.post("/evaluation/compliance/", form | {"kind": "rumour"}, follow=True)
    assert "rumour" in bad.content.decode()
    record = ComplianceRecord.objects.get()
    assert record.history.first().history_user == figures.users[Role.STAFF]
    dept = page_client(figures.users[Role.DEPARTMENT])
    assert target.name in dept.get("/evaluation/compliance/").content.decode()
    assert dept.post("/evaluation/compliance/", {"delete": record.pk}).status_code == 403
    ent = page_client(figures.users[Role.ENTERPRISE])  # supervises nothing, owns another firm
    assert target.name not in ent.get("/evaluation/compliance/").content.decode()
    staff.post("/evaluation/compliance/", {"delete": record.pk})
    assert not ComplianceRecord.objects.exists()


def test_a_scheme_file_is_uploaded_checked_and_saved(figures):
    client = page_client(figures.users[Role.STAFF])
    definition = simple_definition(name="上传方案")
    upload = SimpleUploadedFile(
        "scheme.json", json.dumps(definition, ensure_ascii=False).encode("utf-8-sig")
    )
    answer = client.post("/evaluation/schemes/new/", {"file": upload})
    assert answer.status_code == 302
    assert Scheme.objects.get().name == "上传方案"
    gbk = SimpleUploadedFile("scheme.yaml", "name: 方案".encode("gbk"))
    refused = client.post("/evaluation/schemes/new/", {"file": gbk})
    assert refused.status_code == 400 and "UTF-8" in refused.content.decode()
