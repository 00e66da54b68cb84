"""Filing monthly returns: one transaction, history, the derived figures refreshed,
corrections shown, statistics reconciled, scope enforced, and the two selectors."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from parkbase.core.choices import Role
from parkbase.core.locking import StaleEdit
from parkbase.enterprises import monthly_services as services
from parkbase.enterprises.models import Enterprise, MonthlyFigure, MonthlyReturn
from parkbase.enterprises.selectors import monthly_by_enterprise, monthly_totals


@pytest.fixture(autouse=True)
def as_of(settings):
    settings.AS_OF = dt.date(2019, 7, 10)


def file(user, enterprise, end, basis, output, start=None, **kw):
    kw.setdefault("confirm_jumps", True)  # the jumps' own test says False
    return services.monthly_return_file(
        user=user,
        enterprise=enterprise,
        year=kw.pop("year", 2019),
        period_start=start or end,
        period_end=end,
        basis=basis,
        values={"gross_output": output, **kw.pop("values", {})},
        **kw,
    )


def figures(enterprise, year=2019):
    return [
        (f.period_start, f.period_end, f.gross_output, f.gross_output_ytd, f.source)
        for f in MonthlyFigure.objects.filter(enterprise=enterprise, year=year).order_by(
            "period_end"
        )
    ]


def test_the_enterprise_files_its_months_and_the_figures_follow(world):
    """GIVEN the enterprise user WHEN it files 1–2月 当月 300万 and 3月 当月 200万
    THEN the figures hold 1–2月 (300, 300) and 3月 (200, 500), filed from the portal."""
    user, mine = world.users[Role.ENTERPRISE], world.enterprises[3]
    first = file(user, mine, 2, "period", D(3_000_000), start=1)
    assert first.created and first.monthly_return.source == "portal"
    assert first.monthly_return.filed_by == user
    file(user, mine, 3, "period", D(2_000_000))
    assert figures(mine) == [
        (1, 2, D(3_000_000), D(3_000_000), "portal"),
        (3, 3, D(2_000_000), D(5_000_000), "portal"),
    ]


def test_a_second_filing_of_a_month_updates_it_with_history_and_shows_the_changes(world):
    user, mine = world.users[Role.ENTERPRISE], world.enterprises[3]
    file(user, mine, 2, "ytd", D(300), start=1)
    file(user, mine, 3, "ytd", D(520))
    file(user, mine, 4, "ytd", D(800))
    again = file(user, mine, 3, "ytd", D(560))
    assert not again.created
    ret = again.monthly_return
    assert ret.version == 2 and ret.history.count() == 2
    assert MonthlyReturn.objects.filter(enterprise=mine).count() == 3
    moved = {(c["period_end"], c["kind"]): (c["before"], c["after"]) for c in again.changes}
    assert moved == {
        (3, "period"): (D(220), D(260)),
        (3, "ytd"): (D(520), D(560)),
        (4, "period"): (D(280), D(240)),
    }
    assert figures(mine)[2][:4] == (4, 4, D(240), D(800))


def test_a_stale_version_is_refused(world):
    user, mine = world.users[Role.ENTERPRISE], world.enterprises[3]
    file(user, mine, 3, "ytd", D(500))
    file(user, mine, 3, "ytd", D(510))
    with pytest.raises(StaleEdit):
        file(user, mine, 3, "ytd", D(520), expected_version=1)
    assert MonthlyReturn.objects.get(enterprise=mine).gross_output == D(510)


def test_bad_returns_are_refused_naming_the_enterprise_month_and_figure_and_nothing_is_saved(
    world,
):
    user, mine = world.users[Role.ENTERPRISE], world.enterprises[3]
    file(user, mine, 3, "ytd", D(500))
    with pytest.raises(ValidationError) as refused:
        file(user, mine, 4, "ytd", D(450))
    message = " ".join(refused.value.message_dict["gross_output"])
    assert "企业22" in message and "2019" in message and "4月" in message and "3月" in message
    with pytest.raises(ValidationError) as refused:
        file(user, mine, 7, "period", D(-5))  # July is not over on 10 July
    assert set(refused.value.message_dict) == {"period_end", "gross_output"}
    assert MonthlyReturn.objects.filter(enterprise=mine).count() == 1
    assert len(figures(mine)) == 1


def test_a_jump_needs_the_filers_confirmation(world):
    user, mine = world.users[Role.ENTERPRISE], world.enterprises[3]
    file(user, mine, 2, "period", D(300), start=1)
    with pytest.raises(services.JumpsToConfirm) as jumped:
        file(user, mine, 3, "period", D(600), confirm_jumps=False)
    assert jumped.value.jumps[0]["against"] == "last_month"
    assert "300" in jumped.value.jumps[0]["percent"]
    assert not MonthlyReturn.objects.filter(enterprise=mine, period_end=3).exists()
    filing = file(user, mine, 3, "period", D(600), confirm_jumps=True)
    assert filing.monthly_return.confirmed_jumps == ["gross_output"]
    row = MonthlyFigure.objects.get(enterprise=mine, period_end=3)
    assert row.flags[0]["code"] == "jump" and row.flags[0]["confirmed"] is True
    assert row.flagged is False


def test_statistics_wins_over_the_portal_and_the_difference_is_flagged(world):
    user, staff = world.users[Role.ENTERPRISE], world.users[Role.STAFF]
    mine = world.enterprises[3]
    file(user, mine, 2, "ytd", D(300), start=1)
    file(user, mine, 3, "period", D(210))
    file(staff, mine, 3, "ytd", D(500), source="statistics", confirm_jumps=True)
    assert figures(mine)[1] == (3, 3, D(200), D(500), "statistics")
    row = MonthlyFigure.objects.get(enterprise=mine, period_end=3)
    assert row.flagged
    assert row.flags[0] | {} == {
        "code": "source_difference",
        "field": "gross_output",
        "source": "portal",
        "value": "500.00",
        "other_value": "510.00",
        "basis": "ytd",
    }


def test_scope_an_enterprise_user_cannot_file_for_another_and_a_department_cannot_file(world):
    user = world.users[Role.ENTERPRISE]
    with pytest.raises(Http404):
        file(user, world.enterprises[0], 3, "ytd", D(1))
    with pytest.raises(Http404):
        file(world.users[Role.STAFF], world.other, 3, "ytd", D(1))
    with pytest.raises(PermissionDenied):
        file(world.users[Role.DEPARTMENT], world.enterprises[0], 3, "ytd", D(1))
    with pytest.raises(PermissionDenied):
        file(user, world.enterprises[3], 3, "ytd", D(1), source="statistics")
    assert not MonthlyReturn.objects.exists()


def test_deleting_a_return_derives_the_figures_again(world):
    staff, mine = world.users[Role.STAFF], world.enterprises[0]
    file(staff, mine, 2, "ytd", D(300), start=1)
    third = file(staff, mine, 3, "ytd", D(450)).monthly_return
    file(staff, mine, 4, "ytd", D(800))
    services.monthly_return_delete(user=staff, monthly_return=third, expected_version=1)
    assert [f[:4] for f in figures(mine)] == [(1, 2, D(300), D(300)), (3, 4, D(500), D(800))]


def test_the_selectors_sum_over_the_enterprises_given(world):
    staff = world.users[Role.STAFF]
    a, b = world.enterprises[0], world.enterprises[2]
    for enterprise, outputs in ((a, (300, 500, 800)), (b, (100, 150, 210))):
        file(staff, enterprise, 2, "ytd", D(outputs[0]), start=1, confirm_jumps=True)
        file(staff, enterprise, 3, "ytd", D(outputs[1]), confirm_jumps=True)
        file(staff, enterprise, 4, "ytd", D(outputs[2]), confirm_jumps=True)
    everyone = Enterprise.objects.visible_to(staff)
    assert monthly_totals(everyone, 2019, "gross_output") == {
        2: (D(400), D(400)),
        3: (D(250), D(650)),
        4: (D(360), D(1010)),
    }
    assert monthly_totals(everyone, 2019, "gross_output", through_month=3) == {
        2: (D(400), D(400)),
        3: (D(250), D(650)),
    }
    dept = Enterprise.objects.visible_to(world.users[Role.DEPARTMENT])
    assert monthly_by_enterprise(dept, 2019, "gross_output", 4) == {a.pk: D(800), b.pk: D(210)}
    mine = Enterprise.objects.visible_to(world.users[Role.ENTERPRISE])
    assert monthly_by_enterprise(mine, 2019, "gross_output", 4) == {}
    assert monthly_totals(everyone, 2018, "revenue") == {}
