"""Need-to-know, model by model, on factory data: every record linked to a confidential
project (its land approval, the parcel the approval covers, the parcel's constraint,
a blocker — also one of an open project that waits for the secret approval —, an
activity, a funding record, a move, an investor link, a loss) is secret for the
project's outsiders and not for its insiders, in a list (one query) and as one object;
its revealing fields show the placeholder, the rest as they are. A list marks its rows
in one query however long it is."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parkbase.core import need_to_know
from parkbase.core.choices import Role
from parkbase.land import services as land
from parkbase.land.choices import ApprovalKind, ConstraintKind
from parkbase.land.models import Approval, Constraint, Parcel
from parkbase.land.services import geojson
from parkbase.projects import services
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    FundKind,
    FundSource,
    InvestorOrigin,
    LossReason,
    PlaceLevel,
)
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Loss,
    ProjectInvestor,
    StageChange,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 3, 1)
SECRET = "飞机"
CODE = "鲲鹏项目"


def later(days):
    return DAY + dt.timedelta(days=days)


@pytest.fixture
def linked(world, make_project):
    """A confidential project recorded by staff (an insider) with a record of every
    linked kind, each spelling the project out; an open project with a blocker that
    waits for the secret approval and a record of each kind that is not secret."""
    park, staff = world.parks[0], world.users[Role.STAFF]
    secret = make_project(name="飞机制造基地", confidential=True, code_name=CODE)
    open_project = make_project(name="公开项目")
    lost = make_project(name="飞机维修基地", confidential=True, code_name=CODE)
    parcel = land.parcel_create(
        park=park, user=staff, code="S-1", name="靶场", area=Decimal(4000000), note="飞机跑道"
    )
    approval = land.approval_create(
        park=park,
        user=staff,
        parcels=[parcel],
        kind=ApprovalKind.QUOTA,
        name="飞机基地用地审批",
        note="改作飞机试飞场",
        serves=secret,
    )
    investor = services.investor_create(park=park, name="沈飞集团", origin=InvestorOrigin.LOCAL)
    services.project_investor_add(project=secret, investor=investor, note="飞机主机方")
    StageChange.objects.filter(project=secret).update(note="飞机项目立项")
    blocker_of = {
        "description": "飞机试飞空域待批",
        "category": BlockerCategory.LAND_QUOTA,
        "authority": "省自然资源厅",
        "raised_on": later(5),
        "user": staff,
    }
    records = {
        "approval": approval,
        "parcel": parcel,
        "constraint": land.constraint_add(
            parcel=parcel, kind=ConstraintKind.OTHER, description="飞机试飞须审批", user=staff
        ),
        "blocker": services.blocker_create(project=secret, **blocker_of),
        "blocker-of-approval": services.blocker_create(
            project=open_project, approval=approval, **blocker_of
        ),
        "activity": services.activity_create(
            project=secret,
            kind=ActivityKind.MEETING,
            summary="飞机项目高层谈判",
            participants="飞机总师",
            next_step="报飞机试飞论证",
            occurred_on=later(1),
            user=staff,
        ),
        "funding": services.funding_add(
            project=secret,
            kind=FundKind.PLANNED,
            amount=Decimal(100),
            dated_on=later(2),
            source=FundSource.INVESTOR,
            source_name="飞机集团",
            event="飞机推介会",
            user=staff,
        ),
        "move": StageChange.objects.get(project=secret),
        "investor-link": ProjectInvestor.objects.get(project=secret),
        "loss": services.project_lose(
            project=lost,
            expected_version=lost.version,
            reason=LossReason.LAND,
            lost_on=later(20),
            detail="飞机维修用地未批",
            would_have_kept="飞机维修用地及时获批",
            destinations=[{"place": "东陵区", "level": PlaceLevel.DISTRICT}],
            user=staff,
        ),
    }
    # the same kinds, linked to the open project: secret for no one
    open_parcel = land.parcel_create(
        park=park, user=staff, code="S-2", name="公开地块", area=Decimal(9000), note="公开说明"
    )
    land.approval_create(
        park=park,
        user=staff,
        parcels=[open_parcel],
        kind=ApprovalKind.QUOTA,
        name="公开审批",
        note="公开说明",
        serves=open_project,
    )
    outsider = UserFactory(username="staff2", role=Role.STAFF, park=park)
    return {
        "records": records,
        "insiders": [staff],
        "outsiders": [outsider, world.users[Role.LEADER], world.users[Role.ADMIN]],
        "secret": secret,
    }


KINDS = (
    "approval",
    "parcel",
    "constraint",
    "blocker",
    "blocker-of-approval",
    "activity",
    "funding",
    "move",
    "investor-link",
    "loss",
)


@pytest.mark.parametrize("kind", KINDS)
def test_a_linked_record_is_secret_for_outsiders_only(linked, kind):
    record = linked["records"][kind]
    model, fields = type(record), need_to_know.fields_of(type(record))
    assert fields, f"{model.__name__} declares no revealing fields"
    for outsider in linked["outsiders"]:
        # in a list, through visible_to: the mark comes with the row
        row = model.objects.visible_to(outsider).get(pk=record.pk)
        assert need_to_know.is_secret_for(outsider, row)
        hidden = need_to_know.redact(outsider, row)
        assert set(hidden) == {f for f in fields if getattr(record, f)}
        assert all(SECRET not in v and "保密" in v for v in hidden.values())
        for name in fields:
            assert SECRET not in str(need_to_know.shown(outsider, row, name))
        # one object read elsewhere: one query decides, the same way
        bare = model.objects.get(pk=record.pk)
        assert need_to_know.label_for(outsider, bare) == CODE
    for insider in linked["insiders"]:
        row = model.objects.visible_to(insider).get(pk=record.pk)
        assert not need_to_know.is_secret_for(insider, row)
        assert need_to_know.redact(insider, row) == {}
        assert SECRET in "".join(str(need_to_know.shown(insider, row, f)) for f in fields)


def test_records_of_open_projects_are_secret_for_no_one(linked):
    outsider = linked["outsiders"][0]
    assert (
        not Approval.objects.visible_to(outsider).filter(name="公开审批").get().need_to_know_label
    )
    assert Parcel.objects.visible_to(outsider).get(code="S-2").need_to_know_label is None
    approval = Approval.objects.visible_to(outsider).get(pk=linked["records"]["approval"].pk)
    assert need_to_know.shown(outsider, approval, "name") == f"{CODE}（保密）"


def test_every_declared_path_leads_to_a_registered_rule():
    for model in (Approval, Parcel, Constraint, Blocker, Activity, Funding, StageChange, Loss):
        assert need_to_know.label_expression(model, None) is not None, model


@pytest.mark.parametrize(
    ("kind", "service", "change"),
    [
        ("approval", land.approval_update, {"note": "另行说明"}),
        ("parcel", land.parcel_update, {"note": "另行说明"}),
        ("constraint", land.constraint_update, {"description": "另行说明"}),
        ("blocker", services.blocker_update, {"description": "另行说明"}),
        ("activity", services.activity_update, {"summary": "另行说明"}),
    ],
)
def test_outsiders_may_not_change_revealing_fields(linked, kind, service, change):
    record = linked["records"][kind]
    argument = kind  # each service names its record by its kind
    outsider = linked["outsiders"][0]
    with pytest.raises(PermissionDenied, match="insiders|知情人"):
        service(**{argument: record}, expected_version=record.version, user=outsider, **change)
    # the placeholder sent back is no change; the insider changes it
    placeholder = {name: "（保密）" for name in change}
    service(**{argument: record}, expected_version=record.version, user=outsider, **placeholder)
    record.refresh_from_db()
    assert all(SECRET in getattr(record, name) for name in change)
    service(
        **{argument: record},
        expected_version=record.version,
        user=linked["insiders"][0],
        **change,
    )
    record.refresh_from_db()
    assert all(getattr(record, name) == value for name, value in change.items())


def test_outsiders_may_not_delete_a_secret_approval(linked):
    approval = linked["records"]["approval"]
    with pytest.raises(PermissionDenied):
        land.approval_delete(
            approval=approval, expected_version=approval.version, user=linked["outsiders"][0]
        )
    assert Approval.objects.filter(pk=approval.pk).exists()
    land.approval_delete(
        approval=approval, expected_version=approval.version, user=linked["insiders"][0]
    )
    assert not Approval.objects.filter(pk=approval.pk).exists()


# ---------------------------------------------------------------- one query a list


def _secret_approvals(world, secret, numbers):
    staff = world.users[Role.STAFF]
    for i in numbers:
        parcel = land.parcel_create(
            park=world.parks[0],
            user=staff,
            code=f"N-{i}",
            name=f"地块{i}",
            area=Decimal(1000),
            note="飞机机库",
        )
        land.approval_create(
            park=world.parks[0],
            user=staff,
            parcels=[parcel],
            kind=ApprovalKind.QUOTA,
            name=f"飞机审批{i}",
            note="飞机",
            serves=secret,
        )


@pytest.mark.parametrize(
    "url",
    [
        "/land/approvals/",
        "/land/approvals/?export=xlsx",
        "/api/land-approvals/",
        "/api/land-parcels/",
    ],
)
def test_a_list_costs_the_same_queries_however_many_secret_rows(world, linked, url):
    client = Client()
    client.force_login(linked["outsiders"][0])

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert SECRET.encode() not in response.content
        return len(queries)

    _secret_approvals(world, linked["secret"], range(2))
    few = count()
    _secret_approvals(world, linked["secret"], range(2, 20))
    assert count() == few


def test_a_geojson_import_may_not_change_a_secret_parcels_note(world, linked):
    feature = {"type": "Feature", "geometry": None, "properties": {"code": "S-1", "note": "改"}}
    text = json.dumps({"type": "FeatureCollection", "features": [feature]})
    report = geojson.import_geojson(text, park=world.parks[0], user=linked["outsiders"][0])
    assert [e["rule"] for e in report.errors] == ["need_to_know"]
    assert Parcel.objects.get(code="S-1").note == "飞机跑道"
    report = geojson.import_geojson(text, park=world.parks[0], user=linked["insiders"][0])
    assert report.errors == [] and Parcel.objects.get(code="S-1").note == "改"


def test_a_list_sorted_by_name_follows_the_names_its_reader_sees(linked, world):
    """Sorted by name, an outsider's list places the secret approval by its code name
    (鲲 after 高), an insider's by its real name (飞 before 高): the order tells an
    outsider nothing of the real name."""
    land.approval_create(
        park=world.parks[0], user=linked["insiders"][0], kind=ApprovalKind.QUOTA, name="高新审批"
    )

    def names(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(user)
        response = client.get("/api/land-approvals/?ordering=name")
        assert response.status_code == 200
        return [row["name"] for row in response.json()["results"]]

    outsider, insider = linked["outsiders"][0], linked["insiders"][0]
    assert names(outsider) == ["公开审批", "高新审批", f"{CODE}（保密）"]
    assert names(insider) == ["公开审批", "飞机基地用地审批", "高新审批"]
