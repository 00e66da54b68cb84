"""The survey pages: a permission matrix (role × object × action), list counts and
exports per role, the survey form with its changes and flags, verification, progress,
concerns, and no query per row.

Status codes (as on the enterprise pages): anonymous → 302 to the login; a role that
may not do the action at all → 403 before anything is looked up; an object out of the
user's scope → 404."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.enterprises.models import EnterpriseYear
from parkbase.surveys.engine import FlagThresholds
from parkbase.surveys.messages import field_label
from parkbase.surveys.models import Assignment, Campaign, Concern, SurveyResponse
from tests.clients import log_in
from tests.factories import EnterpriseFactory, EnterpriseYearFactory
from tests.surveys.conftest import ROLES, WRITERS

pytestmark = pytest.mark.django_db


def result_count(response) -> int:
    match = re.search(r'data-testid="result-count">\s*(\d+)\s+records?', response.text)
    assert match, "no result count on the page"
    return int(match[1])


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def mine(world):
    """企业22's assignment: the survey user's team, the enterprise user's firm."""
    return next(a for a in world.assignments if a.enterprise == world.enterprises[3])


# ---------------------------------------------------------------- anonymous


@pytest.mark.parametrize(
    "name",
    [
        "campaign-list",
        "campaign-create",
        "assignment-list",
        "concern-list",
        "concern-create",
        "concern-summary",
    ],
)
def test_anonymous_is_sent_to_login(client, survey, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_anonymous_post_changes_nothing(client, survey):
    a = mine(survey)
    response = client.post(reverse("survey-form", args=[a.pk]), {"version": 1, "gross_output": "1"})
    assert response["Location"].startswith("/login/")
    assert not SurveyResponse.objects.exists()


# ---------------------------------------------------------------- lists and exports


@pytest.mark.parametrize("role", ROLES)
def test_campaign_list_is_the_scope(en, survey, role):
    log_in(en, survey.users[role])
    response = en.get(reverse("campaign-list"))
    assert response.status_code == 200
    assert {c.pk for c in response.context["page"].object_list} == survey.expected_campaigns[role]
    assert result_count(response) == len(survey.expected_campaigns[role])
    rows = xlsx_rows(en.get(reverse("campaign-list"), {"export": "xlsx"}))
    assert len(rows) - 1 == len(survey.expected_campaigns[role])
    assert ("New campaign" in response.text) == (role in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_assignment_list_and_export_are_the_scope(en, survey, role):
    log_in(en, survey.users[role])
    response = en.get(reverse("assignment-list"), {"page_size": 200})
    assert response.status_code == 200
    shown = {a.pk for a in response.context["page"].object_list}
    assert shown == survey.expected_assignments[role]
    assert result_count(response) == len(shown)
    rows = xlsx_rows(en.get(reverse("assignment-list"), {"export": "xlsx"}))
    assert rows[0][:3] == ["Campaign", "Team", "Enterprise"]
    assert len(rows) - 1 == len(shown)
    names = set(Assignment.objects.filter(pk__in=shown).values_list("enterprise__name", flat=True))
    assert {r[2] for r in rows[1:]} == names


def test_assignment_filters_and_export_use_the_same_filter(en, survey):
    log_in(en, survey.users[Role.STAFF])
    url = reverse("assignment-list")
    team_2 = survey.teams[1]
    response = en.get(url, {"team": team_2.pk})
    assert {a.team_id for a in response.context["page"].object_list} == {team_2.pk}
    response = en.get(url, {"campaign": survey.campaign.pk, "phase": survey.phases[0].pk})
    assert {a.enterprise.phase_id for a in response.context["page"].object_list} == {
        survey.phases[0].pk
    }
    assert result_count(response) == 2
    response = en.get(url, {"department": survey.departments[1].pk, "status": "not_visited"})
    assert result_count(response) == 3  # 企业12 twice (two campaigns), 企业22
    rows = xlsx_rows(
        en.get(
            url, {"department": survey.departments[1].pk, "status": "not_visited", "export": "xlsx"}
        )
    )
    assert len(rows) - 1 == 3
    response = en.get(url, {"status": "bogus"})
    assert result_count(response) == 0 and response.context["filterset"].errors


@pytest.mark.parametrize("role", ROLES)
def test_concern_list_export_and_summary_are_the_scope(en, survey, role):
    log_in(en, survey.users[role])
    response = en.get(reverse("concern-list"))
    assert response.status_code == 200
    assert {c.pk for c in response.context["page"].object_list} == survey.expected_concerns[role]
    rows = xlsx_rows(en.get(reverse("concern-list"), {"export": "xlsx"}))
    assert len(rows) - 1 == len(survey.expected_concerns[role])
    summary = en.get(reverse("concern-summary"))
    assert summary.status_code == 200
    assert summary.context["total"] == len(survey.expected_concerns[role])
    overdue = {c.pk for c in summary.context["overdue"]}
    # only c0 is open and past due
    assert overdue == survey.expected_concerns[role] & {survey.concerns[0].pk}


def test_overdue_filter_and_summary_counts(en, survey):
    log_in(en, survey.users[Role.STAFF])
    response = en.get(reverse("concern-list"), {"overdue": "true"})
    assert [c.pk for c in response.context["page"].object_list] == [survey.concerns[0].pk]
    assert "⚠" in response.text
    response = en.get(reverse("concern-list"), {"overdue": "false"})
    assert result_count(response) == 2
    response = en.get(reverse("concern-list"), {"overdue": "maybe"})
    assert result_count(response) == 0
    summary = en.get(reverse("concern-summary"))
    assert summary.context["overdue_count"] == 1
    by_category = {r["category"]: r["total"] for r in summary.context["by_category"]}
    assert by_category == {"orders": 2, "land": 1}
    assert 'data-testid="by-department"' in summary.text


# ---------------------------------------------------------------- the permission matrix


# page → (role → expected status) for an object in the role's scope
def _expect(allowed: set, other: int = 403) -> dict:
    return {role: (200 if role in allowed else other) for role in ROLES}


EVERYONE = set(ROLES)
PAGES = {
    "campaign-detail": _expect(EVERYONE),
    "campaign-progress": _expect(EVERYONE),
    "campaign-edit": _expect(WRITERS),
    "team-create": _expect(WRITERS),
    "team-edit": _expect(WRITERS),
    "campaign-create": _expect(WRITERS),
    "assignment-detail": _expect(EVERYONE),
    "survey-form": _expect(WRITERS | {Role.SURVEY, Role.ENTERPRISE}),
    "concern-detail": _expect(EVERYONE),
    "concern-create": _expect(WRITERS | {Role.SURVEY, Role.ENTERPRISE}),
    "concern-edit": _expect(WRITERS | {Role.DEPARTMENT}),
}


def _target(world, page, role, where):
    """The object id a page is opened on: one in the role's scope, or one out of it
    (in park A if the role has such a thing hidden, else park B's)."""
    if page in ("campaign-create", "concern-create"):
        return None
    if page.startswith("campaign") or page == "team-create":
        inside, outside = world.campaign.pk, world.campaign_b.pk
    elif page == "team-edit":
        inside, outside = world.teams[1].pk, world.campaign_b.teams.get().pk
    elif page in ("assignment-detail", "survey-form"):
        allowed = world.changeable_assignments.get(role) or world.expected_assignments[role]
        inside = min(allowed)
        hidden = {a.pk for a in Assignment.objects.all()} - allowed
        outside = min(hidden) if hidden else 10**6
    else:
        allowed = world.changeable_concerns.get(role) if page == "concern-edit" else None
        allowed = allowed or world.expected_concerns[role]
        inside = min(allowed)
        hidden = {c.pk for c in Concern.objects.all()} - allowed
        outside = min(hidden) if hidden else 10**6
    if role == Role.ADMIN and (page.startswith("campaign") or page.startswith("team")):
        outside = 10**6  # the admin sees park B's too: one that does not exist
    return inside if where == "in" else outside


CASES = [
    (page, where)
    for page in PAGES
    for where in ("in", "out")
    if not (where == "out" and page in ("campaign-create", "concern-create"))
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("page", "where"), CASES)
def test_page_permission_matrix(en, survey, page, role, where):
    log_in(en, survey.users[role])
    pk = _target(survey, page, role, where)
    url = reverse(page, args=[pk] if pk is not None else [])
    expected = PAGES[page][role]
    if where == "out" and expected == 200:
        expected = 404
    if page == "survey-form" and role in (Role.SURVEY, Role.ENTERPRISE) and where == "in":
        expected = 200
    response = en.get(url)
    assert response.status_code == expected, (page, role, where)


@pytest.mark.parametrize("role", [r for r in ROLES if r not in WRITERS])
def test_read_only_roles_cannot_write_campaigns(en, survey, role):
    log_in(en, survey.users[role])
    before = Campaign.objects.count()
    assert en.post(reverse("campaign-create"), {"name": "x", "year": 2019}).status_code == 403
    c = survey.campaign
    assert (
        en.post(
            reverse("campaign-edit", args=[c.pk]), {"name": "x", "year": 2019, "version": 1}
        ).status_code
        == 403
    )
    assert en.post(reverse("campaign-detail", args=[c.pk]), {"do": "balance"}).status_code == 403
    assert en.post(reverse("team-create", args=[c.pk]), {"name": "新组"}).status_code == 403
    assert Campaign.objects.count() == before
    assert Campaign.objects.get(pk=c.pk).version == 1


@pytest.mark.parametrize("role", [Role.LEADER, Role.DEPARTMENT])
def test_read_only_roles_cannot_work_on_assignments(en, survey, role):
    log_in(en, survey.users[role])
    a = min(survey.expected_assignments[role])
    for do in ("visit", "transition", "verify", "reassign"):
        assert (
            en.post(reverse("assignment-detail", args=[a]), {"do": do, "version": 1}).status_code
            == 403
        )
    assert en.post(reverse("survey-form", args=[a]), {"version": 1}).status_code == 403
    assert Assignment.objects.get(pk=a).version == 1


# ---------------------------------------------------------------- campaigns and teams


def test_staff_creates_a_campaign_with_teams_and_balances(en, survey):
    staff = log_in(en, survey.users[Role.STAFF])
    page = en.get(reverse("campaign-create"))
    assert page.status_code == 200
    response = en.post(
        reverse("campaign-create"),
        {
            "name": "2020年度企业全面调查",
            "year": 2020,
            "status": "draft",
            "scope_phases": [survey.phases[1].pk],
            "threshold_jump_ratio": "5",
            # the figures checked for jumps: the defaults, but one
            "threshold_jump_fields": list(FlagThresholds().jump_fields[1:]),
            # the defaults (a browser posts the ticked boxes)
            "threshold_land_fields": list(FlagThresholds().land_fields),
            "threshold_cleared_fields": list(FlagThresholds().cleared_fields),
        },
    )
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    campaign = Campaign.objects.get(name="2020年度企业全面调查")
    assert campaign.thresholds.keys() == {"jump_ratio", "jump_fields"}
    assert campaign.thresholds["jump_ratio"] == 5
    assert set(campaign.thresholds["jump_fields"]) == set(FlagThresholds().jump_fields[1:])
    assert campaign.park == survey.parks[0]
    member = survey.users[Role.SURVEY]
    response = en.post(
        reverse("team-create", args=[campaign.pk]), {"name": "甲组", "leader": member.pk}
    )
    assert response.status_code == 302
    response = en.post(reverse("campaign-detail", args=[campaign.pk]), {"do": "balance"})
    assert response.status_code == 302
    assert set(campaign.assignments.values_list("enterprise_id", flat=True)) == {
        e.pk for e in survey.enterprises if e.phase == survey.phases[1]
    }
    detail = en.get(reverse("campaign-detail", args=[campaign.pk]))
    assert "Balanced: 2 assigned" in detail.text
    # the thresholds by their labels, the figures they watch by theirs
    thresholds = detail.text.split('data-testid="thresholds"')[1].split("</dl>")[0]
    assert 'title="jump_ratio">Jump: times last year&#x27;s figure</dt>' in thresholds
    assert field_label("gross_output") in thresholds and "gross_output," not in thresholds
    assert detail.context["in_scope"] == 2
    history = en.get(reverse("campaign-detail", args=[campaign.pk]), {"tab": "history"})
    assert history.status_code == 200 and staff.username in history.text


def test_campaign_form_errors_name_the_field(en, survey):
    log_in(en, survey.users[Role.STAFF])
    response = en.post(
        reverse("campaign-create"),
        {"name": "新调查", "year": 2019, "threshold_jump_ratio": "ten"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Enter a number" in errors["threshold_jump_ratio"][0]
    response = en.post(
        reverse("campaign-create"), {"name": "新调查", "year": 2019, "threshold_drop_ratio": "-1"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "greater than or equal to 0" in errors["threshold_drop_ratio"][0]
    response = en.post(reverse("campaign-create"), {"name": survey.campaign.name, "year": 2019})
    assert response.status_code == 400
    assert "already used by" in response.context["form"].errors["name"][0]


def test_the_campaign_form_names_each_threshold_in_words(en, survey):
    """GIVEN a campaign that overrides a threshold WHEN its form is opened THEN each
    threshold has a field labelled in words (no setting names, no JSON), the override
    filled in, the defaults as placeholders and the watched figures by their labels."""
    log_in(en, survey.users[Role.STAFF])
    campaign = survey.campaign
    Campaign.objects.filter(pk=campaign.pk).update(thresholds={"drop_ratio": 0.2})
    page = en.get(reverse("campaign-edit", args=[campaign.pk])).content.decode()
    assert "Drop: share of last year&#x27;s figure or less" in page
    assert 'name="threshold_drop_ratio"' in page and 'value="0.2"' in page
    assert 'placeholder="10"' in page  # the jump ratio's default
    assert field_label("gross_output") in page
    shown = re.sub(r"<[^>]+>", " ", page.split('data-testid="thresholds"')[1])  # the text
    for internal in ("jump_ratio", "land_tolerance_m2", "gross_output", "JSON", "{"):
        assert internal not in shown, internal


def test_duplicate_assignment_on_the_page_says_why(en, survey):
    log_in(en, survey.users[Role.STAFF])
    e = survey.enterprises[0]
    response = en.post(
        reverse("campaign-detail", args=[survey.campaign.pk]),
        {"do": "add", "enterprise": e.pk, "team": survey.teams[1].pk},
    )
    assert response.status_code == 400
    assert f"{e.name} is already assigned to 调查一组 in this campaign" in response.text


def test_team_delete_refused_when_it_has_assignments(en, survey):
    log_in(en, survey.users[Role.STAFF])
    team = survey.teams[0]
    response = en.post(reverse("team-edit", args=[team.pk]), {"delete": "1"}, follow=True)
    assert "still has 2 assignments" in response.text
    assert team.__class__.objects.filter(pk=team.pk).exists()


# ---------------------------------------------------------------- the survey form


def test_form_opens_prefilled_from_last_year(en, survey):
    log_in(en, survey.users[Role.SURVEY])
    a = mine(survey)
    response = en.get(reverse("survey-form", args=[a.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["gross_output"].value() == "8000"  # 80,000,000 yuan shown in 万元
    assert form["staff_year_end"].value() == "120"
    assert response.context["baseline_year"] == 2018
    assert "Pre-filled with the figures of 2018" in response.text


def test_form_preview_shows_changes_and_flags_without_saving(en, survey):
    log_in(en, survey.users[Role.SURVEY])
    a = mine(survey)
    page = en.get(reverse("survey-form", args=[a.pk]))
    data = {
        name: ("" if v is None else v)
        for name, v in ((b.name, b.value()) for b in page.context["form"])
    }
    data.update(gross_output="80000", staff_year_end="50", preview="1")
    response = en.post(reverse("survey-form", args=[a.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="chg-gross_output" hx-swap-oob="true"' in response.text
    assert "+72,000" in response.text and "+900.0%" in response.text
    assert "10.0 times last year" in response.text
    assert "fell by 58.3%" in response.text
    assert not SurveyResponse.objects.exists()


def test_form_save_then_verify_on_the_pages(en, survey):
    member = log_in(en, survey.users[Role.SURVEY])
    a = mine(survey)
    page = en.get(reverse("survey-form", args=[a.pk]))
    data = {b.name: ("" if b.value() is None else b.value()) for b in page.context["form"]}
    data.update(land_area="25000", staff_year_end="118")
    response = en.post(reverse("survey-form", args=[a.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("assignment-detail", args=[a.pk])
    detail = en.get(response["Location"])
    assert detail.context["can_verify"]
    assert "land area changed from 20,000 m² to 25,000 m²" in detail.text
    response = en.post(reverse("assignment-detail", args=[a.pk]), {"do": "verify", "version": 2})
    assert response.status_code == 302
    year = EnterpriseYear.objects.get(enterprise=a.enterprise, year=2019)
    assert (year.source, year.land_area, year.history.get().history_user) == (
        "survey",
        25000,
        member,
    )
    # verified: the form is no longer offered; stale verification is refused
    detail = en.get(reverse("assignment-detail", args=[a.pk]))
    assert not detail.context["can_fill"] and not detail.context["can_verify"]
    response = en.post(reverse("assignment-detail", args=[a.pk]), {"do": "verify", "version": 2})
    assert response.status_code == 400
    assert "changed by someone else" in response.text


@pytest.mark.parametrize(
    ("language", "notice"), [("en", "The form is verified"), ("zh-hans", "调查表已核实")]
)
def test_a_verified_form_reads_as_it_stands_and_offers_no_save(en, survey, language, notice):
    member = log_in(en, survey.users[Role.SURVEY])
    a = mine(survey)
    url = reverse("survey-form", args=[a.pk])
    page = en.get(url)
    data = {b.name: ("" if b.value() is None else b.value()) for b in page.context["form"]}

    def figures(html):
        return re.findall(r"<input [^>]*>", html.split('data-testid="survey-form"')[1])

    assert 'accesskey="s"' in page.text  # open and not verified: editable
    assert not any(" disabled" in tag for tag in figures(page.text))
    assert en.post(url, data).status_code == 302
    detail = reverse("assignment-detail", args=[a.pk])
    assert en.post(detail, {"do": "verify", "version": 2}).status_code == 302
    log_in(en, member, language)
    page = en.get(url)
    assert page.status_code == 200
    html = page.text
    assert notice in html and 'data-testid="form-verified"' in html
    assert 'accesskey="s"' not in html and "hx-post" not in html  # nothing to save
    inputs = figures(html)
    assert inputs and all(" disabled" in tag for tag in inputs)


def test_form_bad_figure_is_400_next_to_its_field(en, survey):
    log_in(en, survey.users[Role.ENTERPRISE])
    a = mine(survey)
    page = en.get(reverse("survey-form", args=[a.pk]))
    data = {b.name: ("" if b.value() is None else b.value()) for b in page.context["form"]}
    response = en.post(reverse("survey-form", args=[a.pk]), {**data, "gross_output": "很多"})
    assert response.status_code == 400
    assert "is not a number" in response.context["form"].errors["gross_output"][0]
    response = en.post(reverse("survey-form", args=[a.pk]), {**data, "tax_total": "-5"})
    assert response.status_code == 400
    assert "must not be negative" in response.context["form"].errors["tax_total"][0]
    assert 'data-field="tax_total"' in response.text
    assert Assignment.objects.get(pk=a.pk).status == "not_visited"


def test_enterprise_user_fills_but_cannot_verify(en, survey):
    log_in(en, survey.users[Role.ENTERPRISE])
    a = mine(survey)
    page = en.get(reverse("survey-form", args=[a.pk]))
    data = {b.name: ("" if b.value() is None else b.value()) for b in page.context["form"]}
    assert en.post(reverse("survey-form", args=[a.pk]), data).status_code == 302
    detail = en.get(reverse("assignment-detail", args=[a.pk]))
    assert detail.context["can_fill"] and not detail.context["can_verify"]
    assert detail.context["visit_form"] is None
    assert (
        en.post(
            reverse("assignment-detail", args=[a.pk]), {"do": "verify", "version": 2}
        ).status_code
        == 403
    )
    assert SurveyResponse.objects.get().filled_by_enterprise


def test_visit_and_moving_back_on_the_page(en, survey):
    member = log_in(en, survey.users[Role.SURVEY])
    a = mine(survey)
    url = reverse("assignment-detail", args=[a.pk])
    response = en.post(
        url,
        {
            "do": "visit",
            "version": 1,
            "visited_on": "2019-04-02",
            "visitors": [member.pk],
            "notes": "开工不足",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.get(pk=a.pk).status == "visited"
    response = en.post(url, {"do": "transition", "version": 2, "to": "not_visited"})
    assert response.status_code == 400
    assert "reason is required to move back" in response.text
    response = en.post(
        url, {"do": "transition", "version": 2, "to": "not_visited", "reason": "走错企业"}
    )
    assert response.status_code == 302
    history = en.get(url, {"tab": "history"})
    assert "走错企业" in history.text


def test_staff_reassigns_survey_member_cannot(en, survey):
    a = mine(survey)
    url = reverse("assignment-detail", args=[a.pk])
    log_in(en, survey.users[Role.SURVEY])
    assert (
        en.post(url, {"do": "reassign", "version": 1, "team": survey.teams[0].pk}).status_code
        == 403
    )
    log_in(en, survey.users[Role.STAFF])
    assert (
        en.post(url, {"do": "reassign", "version": 1, "team": survey.teams[0].pk}).status_code
        == 302
    )
    assert Assignment.objects.get(pk=a.pk).team == survey.teams[0]


def test_progress_page(en, survey):
    log_in(en, survey.users[Role.STAFF])
    response = en.get(reverse("campaign-progress", args=[survey.campaign.pk]))
    assert response.status_code == 200
    assert response.context["progress"]["total"] == 4
    assert '"stack": "total"' in response.context["chart_option"]
    assert 'data-testid="missing"' in response.text
    for e in survey.enterprises:
        assert e.name in response.text


# ---------------------------------------------------------------- concerns


def test_concern_raised_in_a_visit(en, survey):
    member = log_in(en, survey.users[Role.SURVEY])
    a = mine(survey)
    page = en.get(reverse("concern-create"), {"assignment": a.pk})
    assert page.context["form"]["enterprise"].value() == a.enterprise_id
    response = en.post(
        reverse("concern-create"),
        {
            "enterprise": a.enterprise_id,
            "assignment": a.pk,
            "category": "financing",
            "description": "流动资金紧张",
            "department": survey.departments[0].pk,
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get(description="流动资金紧张")
    assert (concern.raised_by, concern.assignment, concern.status) == (member, a, "open")
    # an enterprise out of the member's scope is not offered
    response = en.post(
        reverse("concern-create"),
        {"enterprise": survey.enterprises[0].pk, "category": "land", "description": "x"},
    )
    assert response.status_code == 400 and "enterprise" in response.context["form"].errors


def test_enterprise_user_raises_its_own_concern(en, survey):
    user = log_in(en, survey.users[Role.ENTERPRISE])
    response = en.post(
        reverse("concern-create"),
        {"enterprise": survey.enterprises[0].pk, "category": "hiring", "description": "招工难"},
    )
    assert response.status_code == 302
    concern = Concern.objects.get(description="招工难")
    assert concern.enterprise_id == user.enterprise_id  # the field is fixed to its own


def test_department_resolves_a_routed_concern(en, survey):
    log_in(en, survey.users[Role.DEPARTMENT])
    routed = survey.concerns[1]
    page = en.get(reverse("concern-edit", args=[routed.pk]))
    assert set(page.context["form"].fields) == {
        "status",
        "resolution",
        "resolved_on",
        "version",
        "reason",
    }
    response = en.post(
        reverse("concern-edit", args=[routed.pk]), {"status": "resolved", "version": 1}
    )
    assert response.status_code == 400
    assert "resolution is required" in response.text
    response = en.post(
        reverse("concern-edit", args=[routed.pk]),
        {"status": "resolved", "resolution": "已协调", "version": 1},
    )
    assert response.status_code == 302
    assert Concern.objects.get(pk=routed.pk).status == "resolved"
    # a concern of its enterprises routed elsewhere: visible, not editable
    other = survey.concerns[0]
    assert en.get(reverse("concern-detail", args=[other.pk])).status_code == 200
    assert en.get(reverse("concern-edit", args=[other.pk])).status_code == 404


def test_concern_stale_edit_is_refused(en, survey):
    log_in(en, survey.users[Role.STAFF])
    c = survey.concerns[0]
    page = en.get(reverse("concern-edit", args=[c.pk]))
    data = {b.name: ("" if b.value() is None else b.value()) for b in page.context["form"]}
    assert (
        en.post(reverse("concern-edit", args=[c.pk]), {**data, "status": "in_progress"}).status_code
        == 302
    )
    response = en.post(
        reverse("concern-edit", args=[c.pk]), {**data, "status": "closed", "resolution": "x"}
    )
    assert response.status_code == 400 and "changed by someone else" in response.text


# ---------------------------------------------------------------- query counts


def _queries(client, url, params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("role", [Role.STAFF, Role.SURVEY, Role.DEPARTMENT])
def test_list_pages_do_not_query_per_row(en, survey, role):
    park = survey.parks[0]
    team = survey.teams[1]
    for i in range(60):
        e = EnterpriseFactory(park=park, phase=survey.phases[1], department=survey.departments[0])
        EnterpriseYearFactory(enterprise=e, year=2018)
        a = Assignment.objects.create(campaign=survey.campaign, team=team, enterprise=e)
        SurveyResponse.objects.create(
            assignment=a, flags=[{"code": "jump", "field": "gross_output", "params": {}}]
        )
        Concern.objects.create(
            enterprise=e,
            category="orders",
            description=f"订单{i}",
            raised_on="2019-05-01",
            department=survey.departments[0],
        )
    log_in(en, survey.users[role])
    for name in ("assignment-list", "concern-list", "campaign-list"):
        url = reverse(name)
        small, response = _queries(en, url, {"page_size": 25})
        big, response = _queries(en, url, {"page_size": 100})
        assert small == big, name
        ordered, _ = _queries(en, url, {"page_size": 100, "ordering": "-status"})
        assert ordered == big, name
    # the progress page: the missing list grows, the query count does not
    before, _ = _queries(en, reverse("campaign-progress", args=[survey.campaign.pk]), {})
    Assignment.objects.create(
        campaign=survey.campaign,
        team=team,
        enterprise=EnterpriseFactory(
            park=park, phase=survey.phases[1], department=survey.departments[0]
        ),
    )
    after, _ = _queries(en, reverse("campaign-progress", args=[survey.campaign.pk]), {})
    assert before == after
