import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parkbase.core.choices import Role
from parkbase.projects import services
from parkbase.projects.choices import FundKind, FundSource, ProjectStatus
from parkbase.projects.models import Project

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_gate_names_the_missing_fields(world, pipeline, make_project):
    project = make_project()
    with pytest.raises(ValidationError) as exc:
        services.project_move(
            project=project, stage=pipeline["signed"], expected_version=1, on=DAY
        )
    text = " ".join(exc.value.messages)
    assert "contract signed" in text or "签约" in text
    project.refresh_from_db()
    assert project.stage.code == "lead"


def test_landed_by_rule(world, pipeline, make_project):
    project = make_project()
    d = DAY + dt.timedelta(days=10)
    project = services.project_move(
        project=project,
        stage=pipeline["signed"],
        expected_version=1,
        on=d,
        signed_on=d,
        contracted_amount=Decimal("1000"),
    )
    assert project.status == ProjectStatus.ACTIVE
    project = services.project_update(
        project=project,
        expected_version=project.version,
        registered_on=d,
        land_paid_on=d,
        construction_started_on=d + dt.timedelta(days=5),
    )
    assert project.status == ProjectStatus.LANDED
    assert project.landed_on == d + dt.timedelta(days=5)


def test_confidential_name_hidden(world, make_project):
    make_project(name="真实名称", confidential=True, code_name="代号甲", user=world.users[Role.ADMIN])
    leader = world.users[Role.LEADER]
    row = Project.objects.visible_to(leader).get()
    assert row.shown_name == "代号甲"
    assert not Project.objects.visible_to(leader).search("真实").exists()
    assert Project.objects.visible_to(world.users[Role.ADMIN]).get().shown_name == "真实名称"


def test_in_place_over_contract_needs_confirmation(world, make_project):
    project = make_project(contracted_amount=Decimal("100"))
    services.funding_add(
        project=project, kind=FundKind.IN_PLACE, amount=Decimal("80"), dated_on=DAY,
        source=FundSource.INVESTOR,
    )
    with pytest.raises(ValidationError):
        services.funding_add(
            project=project, kind=FundKind.IN_PLACE, amount=Decimal("30"), dated_on=DAY,
            source=FundSource.INVESTOR,
        )
    record = services.funding_add(
        project=project, kind=FundKind.IN_PLACE, amount=Decimal("30"), dated_on=DAY,
        source=FundSource.INVESTOR, confirm_over_contract=True,
    )
    assert record.over_contract_confirmed
