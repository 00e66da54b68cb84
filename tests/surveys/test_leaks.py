"""Scope leaks found in review: a campaign's page and API show only what the caller
may see; handler fields on create; reassigning; a concern's enterprise is fixed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.surveys import services
from parkbase.surveys.models import Assignment
from tests.clients import api_client, log_in
from tests.surveys.test_api import CAMPAIGNS, CONCERNS, detail

pytestmark = pytest.mark.django_db


def test_enterprise_user_campaign_page_shows_no_other_enterprise(survey, client):
    campaign = survey.campaign
    campaign.scope_enterprises.set(survey.enterprises)
    log_in(client, survey.users[Role.ENTERPRISE])
    for tab in ("overview", "history"):
        response = client.get(reverse("campaign-detail", args=[campaign.pk]), {"tab": tab})
        assert response.status_code == 200
        page = response.content.decode()
        assert survey.enterprises[3].name in page
        for other in survey.enterprises[:3]:
            assert other.name not in page
        assert response.context["in_scope"] == 1
        assert sum(n for _label, n in response.context["status_counts"]) == 1
        assert sum(t.assigned for t in response.context["teams"]) == 1
        assert response.context["tab"] == "overview"  # no history for readers


def test_enterprise_user_campaign_api_is_limited(survey):
    campaign = survey.campaign
    campaign.scope_enterprises.set(survey.enterprises)
    user = survey.users[Role.ENTERPRISE]
    response = api_client(user).get(detail(CAMPAIGNS, campaign.pk))
    assert response.status_code == 200
    own = {survey.enterprises[3].pk}
    assert set(response.data["scope_enterprises"]) <= own
    visible = Assignment.objects.visible_to(user).filter(campaign=campaign).count()
    assert response.data["assignment_count"] == visible == 1
    assert all(team["members"] == [] for team in response.data["teams"])
    staff = api_client(survey.users[Role.STAFF]).get(detail(CAMPAIGNS, campaign.pk))
    assert staff.data["assignment_count"] == 4
    assert any(team["members"] for team in staff.data["teams"])


def test_enterprise_user_may_not_create_a_closed_concern(survey):
    response = api_client(survey.users[Role.ENTERPRISE]).post(
        CONCERNS,
        {"category": "hiring", "description": "招工难", "status": "closed"},
        format="json",
    )
    assert response.status_code == 400 and "status" in response.data


def test_survey_member_may_not_reassign(survey):
    assignment = next(a for a in survey.assignments if a.team == survey.teams[1])
    with pytest.raises(PermissionDenied):
        services.assignment_reassign(
            user=survey.users[Role.SURVEY],
            assignment=assignment,
            team=survey.teams[0],
            expected_version=assignment.version,
        )


def test_concern_enterprise_is_fixed(survey):
    concern = survey.concerns[0]
    with pytest.raises(ValidationError) as exc:
        services.concern_update(
            user=survey.users[Role.STAFF],
            concern=concern,
            data={"enterprise": survey.enterprises[1]},
            expected_version=concern.version,
        )
    assert "enterprise" in exc.value.message_dict
