"""What the evaluation's pages say in each language: the scheme's names (English where
the scheme gives them, else the one name held), the figures a result used by their
labels in the units offices read, and rule codes as words; never a field key."""

from __future__ import annotations

import io
import re

import pytest
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.evaluation import services
from parkbase.evaluation.filtersets import ResultFilterSet
from parkbase.evaluation.models import ComplianceRecord, Result
from tests.clients import page_client
from tests.core.test_history_sources import change_by, history_of
from tests.evaluation.conftest import simple_definition

ZH, EN = "zh-hans", "en"


def english_definition(**overrides):
    """The tests' scheme with English names beside the Chinese ones, and a rule that
    leaves a firm still building ungraded."""
    definition = simple_definition(name_en="Test scheme", **overrides)
    group = definition["groups"][0]
    group["name_en"] = "All firms"
    group["indicators"][0]["name_en"] = "Tax per mu"
    definition["forced"][0]["name_en"] = "Pollution above the limits"
    definition["ungraded"] = [
        {
            "code": "building",
            "name": "新供地在建企业",
            "name_en": "Still building on newly granted land",
            "when": [{"field": "flag.under_construction", "op": "true"}],
        }
    ]
    return definition


def page(user, url, language) -> str:
    answer = page_client(user, language).get(url)
    assert answer.status_code == 200
    return answer.content.decode()


@pytest.fixture
def run(figures):
    """GIVEN the scheme with English names run over park A, the last enterprise still
    building, the third without a land area."""
    last, third = figures.enterprises[3], figures.enterprises[2]
    ComplianceRecord.objects.create(enterprise=last, year=2019, kind="under_construction")
    third.years.filter(year=2019).update(land_area=None)
    scheme = services.scheme_create(park=figures.parks[0], definition=english_definition())
    return services.run_create(scheme=scheme)


def outside_the_file(html: str) -> str:
    """The page without the scheme file it shows (which holds both names)."""
    return re.sub(r"<(textarea|pre)\b.*?</\1>", "", html, flags=re.S)


def result_of(run, enterprise) -> Result:
    return Result.objects.get(run=run, enterprise=enterprise)


def test_the_scheme_its_groups_and_indicators_are_named_in_the_readers_language(figures, run):
    staff = figures.users[Role.STAFF]
    scorecard = f"/evaluation/results/{result_of(run, figures.enterprises[1]).pk}/"
    scheme = f"/evaluation/schemes/{run.scheme_id}/"
    for url in (scorecard, scheme, f"/evaluation/runs/{run.pk}/", "/evaluation/results/"):
        en, zh = outside_the_file(page(staff, url, EN)), outside_the_file(page(staff, url, ZH))
        assert "All firms" in en and "全部" not in en
        assert "全部" in zh and "All firms" not in zh
    en, zh = page(staff, scorecard, EN), page(staff, scorecard, ZH)
    assert "Tax per mu" in en and "10k yuan/mu" in en and "亩均税收" not in en
    assert "亩均税收" in zh and "万元/亩" in zh and "Tax per mu" not in zh
    en, zh = page(staff, scheme, EN), page(staff, scheme, ZH)
    assert "Test scheme · 2019" in en and "测试方案 · 2019" in zh
    # the scoring method by what it does, not its code
    assert "share of the benchmark" in en and "基准值比例法" in zh
    assert "· benchmark<" not in en


def test_a_name_written_in_one_language_shows_in_both(figures):
    """GIVEN a scheme whose indicator has only a Chinese name and whose group has only
    an English one."""
    definition = simple_definition()
    definition["groups"][0]["name"] = ""
    definition["groups"][0]["name_en"] = "Everyone"
    scheme = services.scheme_create(park=figures.parks[0], definition=definition)
    run = services.run_create(scheme=scheme)
    url = f"/evaluation/results/{result_of(run, figures.enterprises[0]).pk}/"
    staff = figures.users[Role.STAFF]
    for language in (EN, ZH):
        html = page(staff, url, language)
        assert "亩均税收" in html and "Everyone" in html


def test_the_figures_used_show_labels_and_units_not_keys(figures, run):
    staff = figures.users[Role.STAFF]
    url = f"/evaluation/results/{result_of(run, figures.enterprises[0]).pk}/"
    en, zh = page(staff, url, EN), page(staff, url, ZH)
    card = {
        lang: html.split('data-testid="figures"')[1].split("</table>")[0]
        for lang, html in (("en", en), ("zh", zh))
    }
    # 4,000,000 yuan of taxes in 万元; 20,000 m² of land in 亩
    assert "Taxes paid, all" in card["en"] and "10k yuan" in card["en"] and "400.00" in card["en"]
    assert "Land area" in card["en"] and "30.00" in card["en"] and ">mu<" in card["en"]
    assert "税收总额" in card["zh"] and "万元" in card["zh"] and "亩" in card["zh"]
    for html in card.values():
        assert "tax_total" not in html and "land_area" not in html
        assert "4000000" not in html and "20000.00" not in html


def test_rule_codes_and_missing_figures_read_as_words(figures, run):
    staff = figures.users[Role.STAFF]
    building = f"/evaluation/results/{result_of(run, figures.enterprises[3]).pk}/"
    en, zh = page(staff, building, EN), page(staff, building, ZH)
    assert "not graded: Still building on newly granted land." in en
    assert "新供地在建企业" in zh and "Still building" not in zh
    results = {lang: page(staff, f"/evaluation/results/?run={run.pk}", lang) for lang in (EN, ZH)}
    assert "Still building on newly granted land" in results[EN]
    assert "新供地在建企业" in results[ZH]
    for html in (en, zh, *results.values()):
        assert ">building<" not in html
    # no land area: the figure by its label, the rule for missing values in words
    no_land = f"/evaluation/results/{result_of(run, figures.enterprises[2]).pk}/"
    en, zh = page(staff, no_land, EN), page(staff, no_land, ZH)
    assert "Tax per mu: land area is missing or zero" in en
    assert "a missing value scores 0" in en
    assert "缺失值计0分" in zh
    for html in (en, zh):
        explanation = html.split('data-testid="explanation"')[1].split("</ul>")[0]
        assert "land_area" not in explanation and "rule: zero" not in explanation


def test_an_explanation_rounds_its_figures(figures, run):
    """2,000,000 yuan on 30 亩 is 6.666… 万元/亩 against a benchmark of 10."""
    staff = figures.users[Role.STAFF]
    second = figures.enterprises[1]
    second.years.filter(year=2019).update(tax_total=2_000_000)
    run = services.run_recompute(run=run, expected_version=1)
    url = f"/evaluation/results/{result_of(run, second).pk}/"
    explanation = page(staff, url, EN).split('data-testid="explanation"')[1].split("</ul>")[0]
    assert "Tax per mu: 6.67 10k yuan/mu against a benchmark of 10 10k yuan/mu" in explanation
    assert "scored 66.67 of 100" in explanation
    assert "6.666" not in explanation and "100.0 " not in explanation


def test_the_results_export_names_groups_indicators_and_rules(figures, run):
    staff = figures.users[Role.STAFF]
    for language, words in (
        (EN, ("All firms", "Tax per mu (10k yuan/mu)", "Still building on newly granted land")),
        (ZH, ("全部", "亩均税收 (万元/亩)", "新供地在建企业")),
    ):
        export = page_client(staff, language).get(
            "/evaluation/results/", {"run": run.pk, "export": "xlsx"}
        )
        book = CalamineWorkbook.from_filelike(io.BytesIO(export.content))
        cells = {str(c) for row in book.get_sheet_by_index(0).to_python() for c in row}
        assert set(words) <= cells
        assert not {"all", "tax_per_mu", "building"} & cells


def test_a_computed_result_reads_as_computed_by_the_system(figures):
    scheme = services.scheme_create(park=figures.parks[0], definition=simple_definition())
    run = services.run_create(scheme=scheme)  # by the system: no user
    url = f"/evaluation/results/{Result.objects.filter(run=run).first().pk}/"
    staff = figures.users[Role.STAFF]
    assert change_by(history_of(staff, url, EN)) == ["computed by the system"]
    assert change_by(history_of(staff, url, ZH)) == ["系统计算"]
    scheme_page = history_of(staff, f"/evaluation/schemes/{scheme.pk}/", ZH)
    assert change_by(scheme_page) == ["系统"]  # nobody signed it, no work named


def test_the_results_filter_offers_the_peer_groups_by_name(figures, run):
    staff = figures.users[Role.STAFF]
    group = run.scheme_definition["groups"][0]
    for language, name in ((EN, "All firms"), (ZH, group["name"])):
        html = page(staff, "/evaluation/results/", language)
        select = re.search(r'<select name="group".*?</select>', html, re.S)
        assert select, "the peer group is chosen from a list, not typed as a code"
        option = re.search(rf'<option value="{group["code"]}"[^>]*>([^<]*)</option>', select[0])
        assert option and option[1].strip() == name
    answer = page_client(staff, EN).get("/evaluation/results/", {"group": group["code"]})
    assert answer.status_code == 200
    assert len(answer.context["page"].object_list) == Result.objects.filter(run=run).count()


def test_the_peer_groups_are_offered_after_a_schema_read_the_filters(figures, run):
    """The API schema builds the filters' fields once, before any request: the
    choices of a request are still its own."""
    assert ResultFilterSet.base_filters["group"].field.choices is not None
    test_the_results_filter_offers_the_peer_groups_by_name(figures, run)
