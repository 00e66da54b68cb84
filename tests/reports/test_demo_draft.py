"""The demo park's 2019 draft covers the seed's five work streams with the figures the
demo's files give (the medical park lost to 东陵区 and 新城子区 for want of land, 东基集团's
idle 40万 m² and its three barriers, three survey teams over 59 enterprises of seven
departments, the institute's transfer, the aircraft base, 中钞信达 and 德科斯米尔, the
indicators against their targets) and a plan from what was open at the year's end;
every figure links to its records, and the records pages list what was counted."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from parkbase.core.scoping import ScopeError, strict
from parkbase.indicators import selectors as indicators_selectors
from parkbase.reports import selectors
from parkbase.reports.engine import Figure
from tests.clients import page_client
from tests.reports.conftest import YEAR, draft_of, rows

pytestmark = pytest.mark.django_db

STREAMS = ["investment", "land", "old", "major", "indicators"]
PLAN = ["plan.projects", "plan.blockers", "plan.pending", "plan.targets", "plan.tasks"]
REAL_NAME = "小飞机制造与试飞基地项目"
CODE_NAME = "雏鹰项目"


def section(draft, key: str):
    return next(s for s in draft.sections if s.key == key)


def text(draft, key: str) -> str:
    return "\n".join(p.text for p in section(draft, key).paragraphs)


def figures(draft, key: str) -> list[Figure]:
    return [f for p in section(draft, key).paragraphs for f in p.figures]


def values(draft, key: str, unit: str) -> list[Decimal]:
    return [f.value for f in figures(draft, key) if f.unit == unit]


def in_2019(day: str) -> bool:
    return day.startswith(str(YEAR))


def test_every_stream_and_every_part_of_the_plan_is_drafted(drafts):
    draft = drafts["outsider"]
    assert [s.key for s in draft.sections] == STREAMS + PLAN
    for key in STREAMS + PLAN:
        s = section(draft, key)
        assert not s.empty, key
        assert s.paragraphs[0].lead == "一是", key
    assert draft.title == "沈阳沈东工业园区(高新区)2019年工作总结及2020年工作计划"
    assert [p.heading for p in draft.parts] == ["一、2019年工作总结", "二、2020年工作计划"]


def test_no_figure_without_a_link_to_its_records(drafts):
    for name, draft in drafts.items():
        assert len(draft.figures) > 50, name
        assert all(f.url.startswith("/") for f in draft.figures), name


def test_investment_figures_are_the_demo_files(drafts):
    projects = rows("projects")
    contacted = [p for p in projects if in_2019(p["首次接触日期"])]
    signed = [p for p in projects if in_2019(p["合同签订日期"])]
    amount = sum(Decimal(p["合同金额(万元)"]) for p in signed)
    arrived = sum(
        Decimal(f["金额(万元)"])
        for f in rows("project_funding")
        if f["类型"] == "到位" and in_2019(f["日期"])
    )
    draft = drafts["outsider"]
    body = text(draft, "investment")
    assert f"全年新接触项目{len(contacted)}个" in body
    assert f"新签约项目{len(signed)}个，合同金额{amount}万元" in body
    assert f"全年项目实际到位资金{arrived}万元" in body
    counted = {f.url: f.value for f in figures(draft, "investment") if f.unit == "个"}
    assert counted[f"/projects/?year={YEAR}"] == len(contacted)  # the project list's filter


def test_the_medical_park_is_lost_to_two_districts_for_want_of_land(drafts):
    lost = [loss for loss in rows("project_losses") if in_2019(loss["流失日期"])]
    body = text(drafts["outsider"], "investment")
    assert f"全年流失项目{len(lost)}个" in body
    assert (
        "医疗产业园项目（总投资65000万元）因土地无法落实或未及时获批流失至东陵区、新城子区" in body
    )
    assert "区里的土地征用计划按期获批" in body  # what would have kept it
    english = text(drafts["english"], "investment")
    assert "医疗产业园项目 (65,000 10k yuan) went to 东陵区, 新城子区" in english


def test_dongji_groups_idle_land_and_its_three_barriers(drafts):
    parcel = next(p for p in rows("land_parcels") if p["宗地编号"] == "沈东-DJ-001")
    barriers = [c for c in rows("land_constraints") if c["宗地编号"] == "沈东-DJ-001"]
    assert Decimal(parcel["面积(平方米)"]) == 400000 and len(barriers) == 3
    draft = drafts["outsider"]
    body = text(draft, "land")
    assert "东基集团闲置国有土地（东基集团，600亩（40万平方米））受3项制约" in body
    for kind in ("限制转让", "双重征税", "无土地使用证"):
        assert kind in body
    assert "投资者无法获得土地使用证，不可能实现主渠道融资" in body
    assert Decimal(40) in values(draft, "land", "万平方米")
    # approvals pending at the year's end: the medical park's acquisition plan among them
    assert "医疗产业园土地征收计划（300亩）（征地计划，报市自然资源局" in body
    # land freed by the institute's transfer
    freed = next(d for d in rows("redevelopment_decisions") if d["决策"] == "transfer")
    mu = (Decimal(freed["腾出土地(平方米)"]) * 3 / 2000).quantize(Decimal("0.01"))
    assert f"通过腾笼换鸟腾出土地{mu}亩" in body


def test_the_old_parks_survey_concerns_classes_and_the_institutes_transfer(drafts):
    teams = [t for t in rows("survey_teams") if t["调查名称"] == "2019年度企业全面调查"]
    covered = [p for p in rows("survey_progress") if p["调查名称"] == "2019年度企业全面调查"]
    departments = {e["主管部门"] for e in rows("enterprises")}
    concerns = [c for c in rows("concerns") if in_2019(c["提出日期"])]
    body = text(drafts["outsider"], "old")
    assert (
        f"2019年度企业全面调查组织{len(teams)}个调查组，对园区一期、二期、三期、四期"
        f"{len(covered)}家企业开展拉网式调查，涉及{len(departments)}家主管部门" in body
    )
    assert (len(teams), len(covered), len(departments)) == (3, 59, 7)
    assert f"全年企业反映诉求{len(concerns)}件" in body
    by_category = Counter(c["类别"] for c in concerns)
    assert f"订单（生产任务不足）{by_category['订单']}件" in body
    assert re.search(r"评价企业\d+家，其中A类\d+家、B类\d+家、C类\d+家、D类\d+家", body)
    assert "完成沈阳沈东自动化研究所转让（承接方：新的经济实体（受让方））" in body


def test_key_enterprises_grew_by_their_yearly_output(drafts):
    years = {
        (y["企业名称"], y["年度"]): Decimal(y["工业总产值(万元)"]) for y in rows("enterprise_years")
    }
    body = text(drafts["outsider"], "major")
    for name in ("沈阳中钞信达金融设备有限公司", "德科斯米尔(沈阳)焊接技术有限公司"):
        now, before = years[(name, "2019")], years[(name, "2018")]
        growth = ((now / before - 1) * 100).quantize(Decimal("0.1"))
        assert f"{name}实施" in body
        assert f"全年工业总产值{now.normalize():f}万元，比上年增长{growth.normalize():f}%" in body


def test_the_indicators_stand_against_their_targets_as_the_indicators_app_has_them(demo, drafts):
    park, users = demo
    table = indicators_selectors.progress_table(park, YEAR, 12, users["outsider"])
    targeted = [r for r in table if r.target is not None]
    targets = {t["指标代码"]: t for t in rows("indicator_targets") if t["年度"] == str(YEAR)}
    assert {r.indicator.code for r in targeted} == set(targets)
    draft = drafts["outsider"]
    paragraphs = section(draft, "indicators").paragraphs
    assert len(paragraphs) == len(targeted)
    output = next(r for r in targeted if r.indicator.code == "gross_output")
    first = paragraphs[0]
    assert first.text.startswith(f"一是{output.indicator.name}完成")
    shown = [f.value for f in first.figures]
    assert round(shown[0], 2) == round(output.shown(output.ytd), 2)
    assert shown[1] == Decimal(targets["gross_output"]["目标值"])  # 26.5 亿元
    assert all(f.url.startswith(f"/indicators/{output.indicator.pk}/") for f in first.figures)


def test_the_plan_takes_what_was_open_at_the_years_end(drafts):
    blockers = [
        b
        for b in rows("project_blockers")
        if b["提出日期"] <= "2019-12-31" and (not b["解决日期"] or b["解决日期"] > "2019-12-31")
    ]
    tasks = [t for t in rows("key_tasks") if t["年度"] == "2020"]
    targets = [t for t in rows("indicator_targets") if t["年度"] == "2020"]
    draft = drafts["outsider"]
    assert f"年末项目待协调解决的问题{len(blockers)}项" in text(draft, "plan.blockers")
    assert "需市自然资源局协调解决" in text(draft, "plan.blockers")
    assert f"2020年确定重点工作{len(tasks)}项" in text(draft, "plan.tasks")
    planned = text(draft, "plan.targets")
    assert planned.count("；") == len(targets) - 1
    gross = next(t for t in targets if t["指标代码"] == "gross_output")
    assert f"规上工业总产值{gross['目标值']}{gross['单位']}" in planned
    assert "医疗产业园续建项目：重新编报用地征收计划" in text(draft, "plan.projects")
    assert "沈阳东联机床附件厂合资合作" in text(draft, "plan.pending")


def test_an_outsider_reads_the_aircraft_base_by_its_code_name_only(drafts):
    for name in ("outsider", "english", "nobody"):
        whole = drafts[name].text
        assert CODE_NAME in whole, name
        for secret in (REAL_NAME, "飞机", "沈飞"):
            assert secret not in whole, (name, secret)
    insider = drafts["insider"].text
    assert REAL_NAME in insider and "投资方为沈飞集团、东基集团" in insider
    assert "协调飞机制造与试飞基地项目进入审批程序" in insider  # the key task by its title


def test_the_english_draft(drafts):
    draft = drafts["english"]
    assert draft.title.endswith(": summary of 2019 and plan for 2020")
    assert [s.heading for s in draft.sections][:2] == ["(1) Investment attraction", "(2) Land"]
    first = section(draft, "investment").paragraphs[0].text
    assert first.startswith("First, on talks and contracts, ")
    assert "283,000 10k yuan" in first
    assert not re.search(r"[一二三四五]是", draft.text)


def test_each_records_page_lists_what_its_figure_counted(demo, drafts):
    park, users = demo
    client = page_client(users["outsider"], "zh-hans")
    counts = {}
    for f in drafts["outsider"].figures:
        if "/figure/" in f.url and f.unit in ("个", "宗", "家", "件", "项"):
            counts.setdefault(f.url, f.value)
    assert len(counts) > 15
    for url, value in counts.items():
        page = client.get(url)
        assert page.status_code == 200, url
        listed = page.content.decode().split('data-testid="figure-records"')[1]
        body = listed.split("<tbody>")[1].split("</tbody>")[0]
        assert body.count("<td><a href=") == value, url


def test_every_figure_opens_for_its_reader(demo, drafts):
    park, users = demo
    client = page_client(users["leader"], "zh-hans")
    for url in sorted({f.url for f in drafts["insider"].figures}):
        assert client.get(url).status_code == 200, url


def test_every_read_is_scoped_to_the_reader(demo):
    park, users = demo
    with strict():
        draft = draft_of(park, users["outsider"])
        assert CODE_NAME in draft.text
        with pytest.raises(ScopeError):  # no reader: only as system work
            selectors.annual_facts(park, YEAR, None)
