"""A land approval serves a project through the project's own link (land names nothing
of projects): the link moved out of the approval with its data, is written with the
approval under the approval's version, and keeps need-to-know."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parkbase.core import contributions
from parkbase.core.choices import Role
from parkbase.land import services as land
from parkbase.land.choices import ApprovalKind
from parkbase.projects.models import ApprovalLink
from tests.factories import served_project

BEFORE = [
    ("land", "0002_constraint_tenancy_version"),
    ("projects", "0003_blocker_approval_historicalblocker_approval"),
]
AFTER = [("land", "0003_approval_project_moved"), ("projects", "0004_approvallink")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_approvals_project_into_a_link_with_its_history():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Park = old.get_model("core", "Park")
    park = Park.objects.create(code="p", name="园区")
    Project = old.get_model("projects", "Project")
    Stage = old.get_model("projects", "Stage")
    stage = Stage.objects.create(park=park, code="lead", name="线索", order=1)
    project = Project.objects.create(
        park=park,
        name="甲项目",
        code_name="甲",
        stage=stage,
        stage_since=dt.date(2019, 1, 1),
        first_contact_on=dt.date(2019, 1, 1),
    )
    Approval = old.get_model("land", "Approval")
    linked = Approval.objects.create(park=park, kind="quota", name="甲审批", project=project)
    alone = Approval.objects.create(park=park, kind="quota", name="乙审批")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    links = new.get_model("projects", "ApprovalLink").objects.values_list(
        "approval_id", "project_id"
    )
    assert list(links) == [(linked.pk, project.pk)]
    history = new.get_model("projects", "HistoricalApprovalLink").objects.get()
    assert (history.approval_id, history.project_id, history.history_type) == (
        linked.pk,
        project.pk,
        "+",
    )
    assert alone.pk not in [a for a, _ in links]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_land_asks_projects_for_the_link(world, make_project):
    link = contributions.APPROVAL_SERVES()
    assert (link.name, link.model) == ("project", type(make_project()))
    assert contributions.APPROVAL_PANELS.provided


def test_the_link_is_written_with_the_approval_and_under_its_version(world, make_project):
    project = make_project()
    approval = land.approval_create(
        park=world.parks[0],
        user=world.users[Role.STAFF],
        kind=ApprovalKind.QUOTA,
        name="用地指标",
        serves=project,
    )
    assert served_project(approval) == project
    assert approval.version == 1
    changed = land.approval_update(
        approval=approval, expected_version=1, user=world.users[Role.STAFF], serves=None
    )
    assert served_project(changed) is None and changed.version == 2
    assert ApprovalLink.history.filter(approval_id=approval.pk).count() == 2  # + and -
    untouched = land.approval_update(
        approval=changed, expected_version=2, user=world.users[Role.STAFF], note="只改说明"
    )
    assert served_project(untouched) is None


def test_a_project_of_another_park_is_refused_naming_the_field(world, make_project):
    project = make_project()
    with pytest.raises(ValidationError) as refused:
        land.approval_create(
            park=world.parks[1],
            user=None,
            kind=ApprovalKind.QUOTA,
            name="乙园指标",
            serves=project,
        )
    assert "project" in refused.value.message_dict
    assert not ApprovalLink.objects.exists()


def test_an_outsider_may_not_delete_an_approval_of_a_confidential_project(world, make_project):
    secret = make_project(name="飞机基地", confidential=True, code_name="雏鹰项目")
    approval = land.approval_create(
        park=world.parks[0],
        user=world.users[Role.STAFF],
        kind=ApprovalKind.QUOTA,
        name="保密审批",
        serves=secret,
    )
    with pytest.raises(PermissionDenied):
        land.approval_delete(approval=approval, expected_version=1, user=world.users[Role.ADMIN])
    assert served_project(approval) == secret
    land.approval_delete(approval=approval, expected_version=1, user=world.users[Role.STAFF])
    assert not ApprovalLink.objects.filter(approval_id=approval.pk).exists()
