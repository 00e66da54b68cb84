"""Reading across runs on the demo park: class migration, lowest-class streaks, class
policies and their money effect, what-if, redevelopment candidates and decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkbase.core.choices import Role
from parkbase.core.models import User
from parkbase.enterprises.models import EnterpriseYear
from parkbase.evaluation import selectors
from parkbase.evaluation.models import Decision, Result, Run
from tests.clients import page_client


@pytest.fixture
def demo(demo_once, db):
    """The demo park, loaded once for the module; each test's writes are rolled back."""
    return {u.role: u for u in User.objects.filter(username__in=["leader", "staff", "dept"])}


def class_migration_counts_every_enterprise_once(demo):
    leader = demo[Role.LEADER]
    migration = selectors.class_migration(leader, 2019)
    results_2019 = Result.objects.filter(run__year=2019, run__status="published")
    results_2018 = Result.objects.filter(run__year=2018, run__status="published")
    ids = set(results_2019.values_list("enterprise_id", flat=True)) | set(
        results_2018.values_list("enterprise_id", flat=True)
    )
    assert sum(migration.counts.values()) == len(ids)
    d_now = results_2019.filter(klass="D").count()
    assert sum(migration.counts.get((b, "D"), 0) for b in migration.classes) == d_now
    page = page_client(leader).get("/evaluation/analysis/", {"year": 2019})
    assert page.status_code == 200 and 'data-testid="migration"' in page.content.decode()


def lowest_class_streaks_count_consecutive_published_years(demo):
    streaks = selectors.lowest_class_streaks(demo[Role.LEADER], 2019)
    assert streaks
    for result, years in streaks:
        assert result.klass == "D"
        before = (
            Result.objects.all()
            .filter(run__year=2018, run__status="published", enterprise=result.enterprise_id)
            .first()
        )
        assert years == (2 if before is not None and before.klass == "D" else 1)


def policies_cost_surcharge_by_years_and_land_tax_by_class(demo):
    effects = {
        e.result.enterprise.name: e for e in selectors.policy_effects(demo[Role.STAFF], 2019)
    }
    polluter = effects["沈阳华冶耐火材料有限公司"]
    year = EnterpriseYear.objects.get(enterprise__name="沈阳华冶耐火材料有限公司", year=2019)
    rate = {1: Decimal("0.05"), 2: Decimal("0.10")}[polluter.years_in_class]
    assert polluter.surcharge == (rate * year.electricity_kwh).quantize(Decimal("0.01"))
    assert polluter.land_tax == (Decimal("9.6") * year.land_area).quantize(Decimal("0.01"))
    assert "不予新增用地、用能和排放指标" in polluter.quotas
    utility = effects["沈阳市沈东供电服务公司"]
    assert utility.surcharge is None and utility.land_tax_rate == Decimal("6.4")
    client = page_client(demo[Role.STAFF])
    export = client.get("/evaluation/policies/", {"year": 2019, "export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")
    bad = client.post(
        "/evaluation/policies/", {"year": 2019, "klass": "C", "kind": "land_use_tax", "rate": "-1"}
    )
    assert bad.status_code == 302
    assert not selectors.ClassPolicy.objects.filter(klass="C", rate=-1).exists()


def what_if_shows_who_would_change_class_and_saves_nothing(demo):
    run = Run.objects.get(year=2019, status="published")
    client = page_client(demo[Role.LEADER])
    before = Result.objects.filter(run=run).values_list("klass", flat=True)
    before = list(before)
    page = client.get(
        f"/evaluation/runs/{run.pk}/what-if/", {"c|A": "50", "c|B": "70", "c|C": "95", "c|D": "100"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="changes"' in html
    assert "would change class" in html
    assert list(Result.objects.filter(run=run).values_list("klass", flat=True)) == before
    wrong = client.get(f"/evaluation/runs/{run.pk}/what-if/", {"w|above_size|tax_per_mu": "99"})
    assert "not 100" in wrong.content.decode()


def the_institutes_transfer_is_done_and_frees_its_land(demo):
    decision = Decision.objects.get(enterprise__name="沈阳沈东自动化研究所")
    assert decision.kind == "transfer" and decision.status == "done"
    assert decision.land_freed == Decimal("6017.70")
    assert decision.milestones.filter(done_on__isnull=False).count() == 3
    candidates = {
        c.enterprise.name: c for c in selectors.redevelopment_candidates(demo[Role.STAFF], 2019)
    }
    institute = candidates["沈阳沈东自动化研究所"]
    assert "status" in institute.reasons and institute.decisions == [decision]
    page = page_client(demo[Role.STAFF]).get(
        "/evaluation/redevelopment/", {"year": 2019, "reason": "class"}
    )
    html = page.content.decode()
    assert "沈阳天工建材有限公司" in html and "沈阳沈东自动化研究所" not in html


def decision_rules_name_the_field_and_save_nothing(demo):
    client = page_client(demo[Role.STAFF])
    enterprise = Decision.objects.get(kind="convert").enterprise
    answer = client.post(
        "/evaluation/decisions/new/",
        {
            "enterprise": enterprise.pk,
            "kind": "exit",
            "status": "done",
            "decided_on": "2019-05-01",
            "completed_on": "",
            "land_freed": "999999999",
        },
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "completed on" in html.lower() and "may not exceed" in html
    assert not Decision.objects.filter(kind="exit").exists()
    done = client.post(
        "/evaluation/decisions/new/",
        {
            "enterprise": enterprise.pk,
            "kind": "exit",
            "status": "in_progress",
            "decided_on": "2019-05-01",
            "due_on": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert done.status_code == 302
    decision = Decision.objects.get(kind="exit")
    assert decision.history.first().history_user_id == demo[Role.STAFF].pk


def departments_see_decisions_of_their_enterprises_only(demo):
    dept = demo[Role.DEPARTMENT]
    seen = set(
        Decision.objects.visible_to(dept).values_list("enterprise__department__code", flat=True)
    )
    assert seen == {dept.department.code}  # the demo's decisions include one of D01's
    assert page_client(dept).get("/evaluation/decisions/new/").status_code == 403


# The demo park takes seconds to load: each test below reads it for several checks.


def test_reading_across_runs(demo):
    class_migration_counts_every_enterprise_once(demo)
    lowest_class_streaks_count_consecutive_published_years(demo)
    policies_cost_surcharge_by_years_and_land_tax_by_class(demo)


def test_what_if_and_redevelopment(demo):
    what_if_shows_who_would_change_class_and_saves_nothing(demo)
    the_institutes_transfer_is_done_and_frees_its_land(demo)
    departments_see_decisions_of_their_enterprises_only(demo)
    decision_rules_name_the_field_and_save_nothing(demo)
