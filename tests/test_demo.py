"""The demo park is the seed's park, loaded through the import services."""

from decimal import Decimal

import pytest
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse

from parkbase.core.models import Department, Phase, User
from parkbase.demo.land import STORY_ENDS
from parkbase.demo.loader import load_demo
from parkbase.enterprises import monthly_calendar
from parkbase.enterprises.choices import Status
from parkbase.enterprises.models import Enterprise, EnterpriseYear, MonthlyReturn
from parkbase.enterprises.selectors import monthly_by_enterprise
from parkbase.evaluation.choices import RunStatus
from parkbase.evaluation.models import Result, Run
from parkbase.surveys import selectors
from parkbase.surveys.models import Assignment, Campaign, Concern, SurveyResponse, Team
from tests.clients import page_client
from tests.demo_copy import demo_data


@pytest.fixture
def demo(db):
    return demo_data()


def test_the_seed_park(demo):
    assert Phase.objects.count() == 4
    assert Department.objects.count() == 7
    assert Enterprise.objects.count() == 59
    assert EnterpriseYear.objects.count() == 59 * 3
    assert set(EnterpriseYear.objects.values_list("year", flat=True)) == {
        2017,
        2018,
        2019,
    }
    statuses = set(Enterprise.objects.values_list("status", flat=True))
    assert {Status.PRODUCING, Status.HALF_STOPPED, Status.STOPPED} <= statuses


def _year(name_part, year):
    return EnterpriseYear.objects.get(enterprise__name__contains=name_part, year=year)


@pytest.mark.parametrize("name", ["中钞信达", "德科斯米尔"])
def test_the_two_named_firms_expand_in_2019(demo, name):
    before, after = _year(name, 2018), _year(name, 2019)
    assert after.gross_output > before.gross_output * Decimal("1.2")
    assert after.fixed_assets > before.fixed_assets


def test_the_research_institute_has_stopped_for_years(demo):
    institute = Enterprise.objects.get(name__contains="沈东自动化研究所")
    assert institute.status == Status.STOPPED
    assert institute.uscc.startswith("12")
    assert all(not y.gross_output for y in institute.years.all())


def test_above_size_flag_matches_2019_main_business_revenue(demo):
    for year in EnterpriseYear.objects.filter(year=2019).select_related("enterprise"):
        above = (year.main_business_revenue or 0) >= 20_000_000
        assert year.enterprise.is_above_size == above, year.enterprise.name


def test_one_user_per_role(demo):
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"admin", "leader", "staff", "survey", "department", "enterprise"}
    assert {u.role for u in demo.users} == roles
    scopes = {u.username: u.scope for u in demo.users}
    assert scopes["survey1"] == "teams:2019年度企业全面调查/调查一组"


def test_the_seed_survey(demo):
    """Three teams visited all 59 enterprises of phases 1–4; most forms are verified,
    a few are still filled, visited or not visited, so progress means something."""
    campaign = Campaign.objects.get()
    assert (campaign.name, campaign.year, campaign.status) == ("2019年度企业全面调查", 2019, "open")
    teams = list(Team.objects.order_by("id"))
    assert [t.name for t in teams] == ["调查一组", "调查二组", "调查三组"]
    assignments = Assignment.objects.select_related("enterprise__phase", "team")
    assert assignments.count() == 59
    assert assignments.values("enterprise").distinct().count() == 59
    phases_of = {}
    for a in assignments:
        phases_of.setdefault(a.team.name, set()).add(a.enterprise.phase.code)
    assert phases_of == {"调查一组": {"P1"}, "调查二组": {"P2"}, "调查三组": {"P3", "P4"}}
    staff = User.objects.get(username="staff")
    counts = selectors.campaign_counts(staff, campaign)
    assert counts["verified"] == 52 and counts["filled"] == 3
    assert counts["visited"] == 2 and counts["not_visited"] == 2
    assert SurveyResponse.objects.count() == 55
    # every verified form is the 2019 figures, written by the survey, by its team leader
    for a in assignments.filter(status="verified"):
        year = EnterpriseYear.objects.get(enterprise=a.enterprise, year=2019)
        assert year.source == "survey"
        assert year.history.latest().history_user == a.team.leader
        assert a.verified_by == a.team.leader
    survey1 = User.objects.get(username="survey1")
    assert Enterprise.objects.visible_to(survey1).count() == 16


def test_the_seed_concerns(demo):
    concerns = Concern.objects.all()
    assert concerns.count() >= 20
    assert set(concerns.values_list("department__code", flat=True)) == {
        f"D0{i}" for i in range(1, 8)
    }
    assert concerns.filter(category="orders").count() >= 6  # 生产任务不足
    assert {"land", "financing", "approvals"} <= set(concerns.values_list("category", flat=True))
    institute = concerns.get(enterprise__name__contains="沈东自动化研究所")
    assert institute.status == "resolved" and "转让" in institute.resolution
    staff = User.objects.get(username="staff")
    assert selectors.concerns_overdue(staff).exists()
    assert concerns.filter(status="resolved").count() >= 5
    dept = User.objects.get(username="dept")
    routed = set(
        Concern.objects.visible_to(dept, "change").values_list("department__code", flat=True)
    )
    assert routed == {"D01"}


def test_the_park_is_evaluated_for_2018_and_2019(demo):
    runs = {r.year: r for r in Run.objects.filter(status=RunStatus.PUBLISHED)}
    assert set(runs) == {2018, 2019}
    results = Result.objects.filter(run=runs[2019])
    by_name = {r.enterprise.name: r for r in results.select_related("enterprise")}
    # the utility is evaluated, not graded; the stopped institute is not industrial
    assert by_name["沈阳市沈东供电服务公司"].klass == ""
    assert by_name["沈阳市沈东供电服务公司"].ungraded_rule == "utility"
    assert by_name["沈阳沈东自动化研究所"].group == ""
    # the polluter of the compliance file is forced into D whatever its score
    polluter = by_name["沈阳华冶耐火材料有限公司"]
    assert polluter.klass == "D" and polluter.facts["forced"] == "pollution"
    classes = runs[2019].summary["classes"]
    assert sum(classes.values()) == runs[2019].summary["graded"] > 40
    assert all(classes[c] for c in "ABCD")


def test_the_monthly_returns_run_to_the_storys_end(demo):
    """Every above-size firm filed 2018 and 2019 in full (1–2月 combined: 11 returns a
    year, December adding up to the yearly figure) and 2020 up to November, but three
    have not filed November, past its deadline (18 December) at the story's end. The
    two expanding firms keep growing; the others move by a few percent."""
    above = Enterprise.objects.filter(is_above_size=True)
    assert above.count() == 18
    filed = dict(MonthlyReturn.objects.values_list("year").annotate(n=Count("id")).order_by("year"))
    assert filed == {2018: 18 * 11, 2019: 18 * 11, 2020: 18 * 10 - 3}
    december = monthly_by_enterprise(above, 2019, "gross_output", 12)
    yearly = EnterpriseYear.objects.filter(enterprise__in=above, year=2019)
    assert december == dict(yearly.values_list("enterprise_id", "gross_output"))
    october = {y: monthly_by_enterprise(above, y, "gross_output", 10) for y in (2019, 2020)}
    for firm in above:
        rise = october[2020][firm.pk] / october[2019][firm.pk] - 1
        if "中钞信达" in firm.name or "德科斯米尔" in firm.name:
            assert rise > Decimal("0.3"), firm.name
        else:
            assert Decimal("-0.2") < rise < Decimal("0.2"), (firm.name, rise)
    with override_settings(AS_OF=STORY_ENDS):
        staff = User.objects.get(username="staff")
        owed = monthly_calendar.owed(staff.park_id)
        assert (owed.year, owed.month, owed.late) == (2020, 11, True)
        late = monthly_calendar.not_filed(above, owed)
        assert late.count() == 3
        page = page_client(staff).get(reverse("monthly-late-list"))
        assert page.context["page"].paginator.count == 3
        assert all(firm.name in page.text for firm in late)
        for firm in above:
            standing = monthly_calendar.enterprise_returns(firm)
            assert standing.year == 2020
            assert [(o.year, o.month) for o in standing.late] == (
                [(2020, 11)] if firm in late else []
            ), firm.name
        # the enterprise user's own (中钞信达, on time): nothing owed
        home = page_client(User.objects.get(username="enterprise"), "en").get("/", follow=True)
        text = home.content.decode()
        returns = text[text.index('data-testid="enterprise-returns"') :].split("</ul>")[0]
        assert "Monthly returns of 2020" in returns and "10 filed" in returns
        assert 'data-testid="return-late"' not in returns
        assert "Every return owed is filed." in returns


def test_loading_twice_changes_nothing(demo):
    history_before = (
        Enterprise.history.count(),
        EnterpriseYear.history.count(),
        User.objects.count(),
        Campaign.history.count(),
        Team.history.count(),
        Assignment.history.count(),
        SurveyResponse.history.count(),
        Concern.history.count(),
        Result.history.count(),
    )
    again = load_demo()
    for name, counts in again.counts.items():
        assert (counts.created, counts.updated) == (0, 0), name
    assert not any(u.created for u in again.users)
    assert (
        Enterprise.history.count(),
        EnterpriseYear.history.count(),
        User.objects.count(),
        Campaign.history.count(),
        Team.history.count(),
        Assignment.history.count(),
        SurveyResponse.history.count(),
        Concern.history.count(),
        Result.history.count(),
    ) == history_before
