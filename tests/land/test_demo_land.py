"""The demo park's land tells the seed's stories: 东基集团's 40余万平方米 of idle
state-owned land held up by the transfer policy, double taxation and the missing
land-use certificate; the 4 km² range the aircraft base waits for; the medical park's
land acquisition plan that was not approved; the land 沈东自动化研究所's transfer freed.
Around them, the parcels of phases 1–4 (outlines that match their areas and do not
overlap), firms renting land from others, and standard factory units to let."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from decimal import Decimal

import numpy as np
import pytest
from django.db import transaction

from parkbase.core.models import Park
from parkbase.demo import land as demo_land
from parkbase.demo import loader
from parkbase.demo.loader import DemoDataError, load_demo
from parkbase.evaluation import population
from parkbase.evaluation.choices import DecisionKind, DecisionStatus
from parkbase.evaluation.models import Decision
from parkbase.land import engine
from parkbase.land.choices import (
    ApprovalKind,
    ApprovalStatus,
    CertificateStatus,
    ConstraintKind,
    Ownership,
    ParcelStatus,
    UnitStatus,
)
from parkbase.land.models import Approval, Building, Parcel, Tenancy, Unit
from parkbase.projects.choices import BlockerCategory
from parkbase.projects.models import Blocker, Project
from tests.factories import served_project

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_once):
    return demo_once


LAND_COUNTS = (
    "land_parcels",
    "land_constraints",
    "land_tenancies",
    "land_approvals",
    "land_buildings",
    "land_units",
)


def _parcel(code: str) -> Parcel:
    return Parcel.objects.select_related("owner_enterprise", "phase").get(code=code)


def _dongji() -> Parcel:
    return Parcel.objects.get(owner_name="东基集团", area=Decimal("400000.00"))


# ---------------------------------------------------------------- the seed's stories


def test_dongji_groups_400000_m2_are_idle_by_the_rule_with_three_constraints(demo):
    parcel = _dongji()
    assert parcel.ownership == Ownership.STATE
    assert parcel.area == Decimal("400000.00")
    assert parcel.certificate_status == CertificateStatus.NONE
    # idle by the national rule: not started more than a year after the agreed start
    assert parcel.status == ParcelStatus.IDLE and parcel.idle_reason == "not_started"
    assert parcel.started_on is None
    assert parcel.agreed_start_on + dt.timedelta(days=365) < demo_land.STORY_ENDS
    assert parcel.idle_since is not None and parcel.idle_since < dt.date(2019, 1, 1)
    kinds = sorted(
        parcel.constraints.filter(resolved_on__isnull=True).values_list("kind", flat=True)
    )
    assert kinds == sorted(
        [
            ConstraintKind.TRANSFER_RESTRICTION,
            ConstraintKind.DOUBLE_TAXATION,
            ConstraintKind.NO_CERTIFICATE,
        ]
    )
    # the only idle parcel of the demo is this one
    idle = Parcel.objects.filter(status=ParcelStatus.IDLE)
    assert list(idle.values_list("pk", flat=True)) == [parcel.pk]


def test_the_aircraft_base_range_of_4_km2_waits_for_a_submitted_approval(demo):
    project = Project.objects.get(name="小飞机制造与试飞基地项目")
    assert project.confidential
    approval = Approval.objects.get(project_link__project=project)
    assert approval.status == ApprovalStatus.SUBMITTED and approval.decided_on is None
    assert approval.requested_area == Decimal("4000000.00")
    # the approval is named by the project's code name, not its name
    assert project.code_name in approval.name and project.name not in approval.name
    (parcel,) = approval.parcels.all()
    assert parcel.status == ParcelStatus.PLANNED and parcel.owner_name == "东基集团"
    assert abs(parcel.geometry_area - Decimal(4_000_000)) < Decimal(40_000)  # ~4 km²
    blocker = Blocker.objects.get(project=project, category=BlockerCategory.LAND_QUOTA)
    assert blocker.approval_id == approval.pk


def test_the_medical_parks_acquisition_plan_was_not_approved(demo):
    """Submitted early in 2019 for the medical park, not approved in time: the project
    was lost (its dropped blocker says the land approval moved on), and the project
    that carries the medical park on waits for the plan: its open land blocker points
    to it."""
    lost = Project.objects.get(name="医疗产业园项目")
    project = Project.objects.get(name="医疗产业园续建项目")
    approval = Approval.objects.get(kind=ApprovalKind.ACQUISITION_PLAN)
    assert served_project(approval) == project
    assert approval.status not in (ApprovalStatus.APPROVED, ApprovalStatus.PARTLY_APPROVED)
    assert approval.status == ApprovalStatus.SUBMITTED
    assert approval.approved_area is None and approval.decided_on is None
    assert approval.submitted_on < lost.loss.lost_on and approval.submitted_on.year == 2019
    assert approval.requested_area == project.land_area == lost.land_area  # 300 亩
    (parcel,) = approval.parcels.all()
    assert parcel.ownership == Ownership.COLLECTIVE and parcel.status == ParcelStatus.PLANNED
    blocker = Blocker.objects.get(project=project, category=BlockerCategory.LAND_QUOTA)
    assert blocker.approval_id == approval.pk
    assert "土地征用计划" in approval.note or "征收计划" in approval.name
    linked = blocker.history.first()  # the link is in the audit trail, with its reason
    assert linked.approval_id == approval.pk and linked.history_change_reason
    assert "续建" in lost.blockers.get(category=BlockerCategory.LAND_QUOTA).resolution


def test_the_institutes_transfer_names_the_parcel_it_freed(demo):
    decision = Decision.objects.get(
        enterprise__name="沈阳沈东自动化研究所", kind=DecisionKind.TRANSFER
    )
    assert decision.status == DecisionStatus.DONE
    assert decision.parcel is not None
    assert decision.parcel.area == decision.land_freed
    assert decision.parcel.status == ParcelStatus.TRANSFERRED
    assert decision.history.count() == 2  # recorded, then linked to its parcel


# ---------------------------------------------------------------- the parcels


def test_every_parcel_matches_its_outline_and_none_overlap(demo):
    parcels = list(Parcel.objects.order_by("code"))
    assert len(parcels) >= 20
    for parcel in parcels:
        assert parcel.geometry is not None, parcel.code
        shape, problems = engine.read_geometry(parcel.geometry)
        assert not problems, parcel.code
        assert not parcel.area_mismatch, parcel.code
        assert abs(shape.area - float(parcel.area)) <= 0.05 * shape.area, parcel.code
        assert abs(float(parcel.geometry_area) - shape.area) < 1, parcel.code
        # around the park, east of Shenyang
        assert 123.45 < parcel.min_lon < parcel.max_lon < 123.65, parcel.code
        assert 41.78 < parcel.min_lat < parcel.max_lat < 41.88, parcel.code
    for parcel in parcels:
        others = ((p.code, p.geometry) for p in parcels if p.pk != parcel.pk)
        assert engine.overlaps(parcel.geometry, others) == [], parcel.code
    for a, b in itertools.combinations(parcels, 2):  # and not one inside another either
        apart = (
            a.max_lon <= b.min_lon
            or b.max_lon <= a.min_lon
            or a.max_lat <= b.min_lat
            or b.max_lat <= a.min_lat
        )
        assert apart, (a.code, b.code)


def test_phase_parcels_are_the_enterprises_surveyed_land(demo):
    phases = set(Parcel.objects.filter(phase__isnull=False).values_list("phase__code", flat=True))
    assert phases == {"P1", "P2", "P3", "P4"}
    owned = Parcel.objects.filter(owner_enterprise__isnull=False)
    assert owned.count() >= 10
    for parcel in owned.select_related("owner_enterprise"):
        year = parcel.owner_enterprise.years.get(year=2019)
        assert parcel.area == year.land_area, parcel.code
        assert parcel.phase_id == parcel.owner_enterprise.phase_id, parcel.code
        assert parcel.code.startswith(f"沈东-{parcel.phase.code}-"), parcel.code


def test_tenants_rent_land_from_other_park_firms_and_the_evaluation_sees_it(demo):
    tenancies = list(Tenancy.objects.select_related("enterprise", "parcel__owner_enterprise"))
    assert len(tenancies) >= 3
    for tenancy in tenancies:
        landlord = tenancy.parcel.owner_enterprise
        assert landlord is not None and landlord != tenancy.enterprise
        assert tenancy.area <= tenancy.parcel.area
        # the tenant's surveyed 租入土地面积 is the land it rents
        year = tenancy.enterprise.years.get(year=2019)
        assert tenancy.area == year.land_leased_in, tenancy.enterprise.name
    park = tenancies[0].parcel.park
    data = population.load_year(park, 2019)
    owner = data.population.owner
    assert owner is not None
    ids = data.population.ids.tolist()
    expected = {
        ids.index(t.enterprise_id): ids.index(t.parcel.owner_enterprise_id) for t in tenancies
    }
    assert {i: owner[i] for i in expected} == expected
    assert int((owner >= 0).sum()) == len(expected)
    assert np.all(owner[[i for i in range(len(owner)) if i not in expected]] == -1)


def test_the_letting_table_has_occupied_vacant_and_reserved_units(demo):
    buildings = Building.objects.filter(parcel__isnull=False)
    assert buildings.count() >= 1
    units = Unit.objects.filter(building__in=buildings)
    statuses = set(units.values_list("status", flat=True))
    assert statuses == {UnitStatus.OCCUPIED, UnitStatus.VACANT, UnitStatus.RESERVED}
    for unit in units.filter(status=UnitStatus.OCCUPIED).select_related("tenant"):
        assert unit.tenant is not None and unit.tenant.park_id == unit.building.park_id
    table = engine.letting_table(
        units.values_list("floor", "code", "area", "status").order_by("floor", "code")
    )
    assert table.totals[UnitStatus.OCCUPIED] > 0 and table.totals[UnitStatus.VACANT] > 0


def test_loading_twice_changes_nothing(demo):
    for name in LAND_COUNTS:
        assert demo.counts[name].created > 0, name
    assert demo.counts["land_freed_by_decisions"].updated == 1
    again = load_demo()
    for name in (*LAND_COUNTS, "land_freed_by_decisions"):
        counts = again.counts[name]
        assert (counts.created, counts.updated) == (0, 0), name
    for name in LAND_COUNTS:
        assert again.counts[name].unchanged == demo.counts[name].created, name


# ---------------------------------------------------------------- bad files


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(demo_land.Path(demo_land.__file__).parent / "data", target)
    return target


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "land_parcels.csv",
            "沈东-P1-002,东联机床附件厂厂区,沈东二路24号,P1,36918.24",
            "沈东-P1-002,东联机床附件厂厂区,沈东二路24号,P1,56918.24",
            "land_parcels.csv row 3 (沈东-P1-002): area 56918.24 m² differs from its outline",
        ),
        (
            "land_parcels.csv",
            "第0208号,在用",
            "第0208号,闲置",
            "land_parcels.csv row 3 column 登记状态: unknown_choice",
        ),
        (
            "land_parcels.csv",
            "沈东-P1-003,盛京铸造厂厂区,兴园街13号,P1,26399.28,国有",
            "沈东-P1-003,盛京铸造厂厂区,兴园街13号,P9,26399.28,国有",
            "land_parcels.csv row 4 (沈东-P1-003): unknown phase 'P9'",
        ),
        (
            "land_parcels.geojson",
            '"code": "沈东-P1-002"',
            '"code": "沈东-P1-001"',
            "land_parcels.geojson feature 2: parcel '沈东-P1-001' twice",
        ),
        (
            "land_tenancies.csv",
            "沈东-P2-003,91210104117759803D",
            "沈东-P2-099,91210104117759803D",
            "land_tenancies.csv row 2 (沈东-P2-099): no parcel",
        ),
        (
            "land_units.csv",
            "沈东-B-01,202,2,1800.00,空置",
            "沈东-B-01,202,2,1800.00,已出租",
            "land_units.csv row 5 (沈东-B-01-202): tenant",
        ),
        (
            "land_approvals.csv",
            "医疗产业园续建项目:用地指标或审批",
            "医疗产业园续建项目:资金",
            "land_approvals.csv row 2 (医疗产业园土地征收计划（300亩）): 关联问题",
        ),
    ],
)
def test_a_bad_row_fails_loudly_naming_file_and_row(demo, data_copy, file, old, new, message):
    """The land files again, one of them broken, into the demo park with its land taken
    away (inside a savepoint the failure rolls back): the loader stops at the bad row
    and names the file, the row and the rule."""
    _edit(data_copy / file, old, new)
    park = Park.objects.get(code="shendong")
    with pytest.raises(demo_land.LandFileError) as caught, transaction.atomic():
        Unit.objects.all().delete()
        Building.objects.all().delete()
        Approval.objects.all().delete()
        Parcel.objects.all().delete()
        demo_land.load_land(data_copy, park)
    assert message in str(caught.value)
    assert Parcel.objects.count() == demo.counts["land_parcels"].created


def test_the_demo_loader_names_the_land_files(data_copy, monkeypatch):
    """A land file error reaches the demo command as a demo data error."""

    def broken(data_dir, park):
        raise demo_land.LandFileError("land_units.csv row 9 (沈东-B-01-999): tenant")

    monkeypatch.setattr(loader, "load_land", broken)
    with pytest.raises(DemoDataError, match="demo land files: land_units.csv row 9"):
        loader._land(data_copy, park=None)
