"""The project services: gates, the landed rule, moves and their dates, statuses,
losses, confidentiality, money, activities, blockers and the pipeline settings. Every
refusal names its field and saves nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.core.locking import StaleEdit
from parkbase.projects import services
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    BlockerStatus,
    FundKind,
    FundSource,
    InvestorOrigin,
    LossReason,
    PlaceLevel,
    ProjectStatus,
)
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Investor,
    Loss,
    LossDestination,
    Pipeline,
    Project,
    Stage,
    StageChange,
)
from tests.clients import log_in
from tests.factories import UserFactory

from .conftest import DAY

pytestmark = pytest.mark.django_db


def later(n):
    return DAY + dt.timedelta(days=n)


class Refusal:
    """A service's refusal; messages are worded when raised, in the active language."""

    def __init__(self, exc_info, zh_exc_info=None):
        self.en = " ".join(exc_info.value.messages)
        self.zh = " ".join(zh_exc_info.value.messages) if zh_exc_info else ""


def messages_of(refusal, lang="en"):
    return refusal.zh if lang == "zh-hans" else refusal.en


def refused(call, **kwargs):
    """Call the service in English (and, when it is refused, again in Chinese: the same
    input is refused in both languages, nothing saved either time)."""
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        call(**kwargs)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as zh:
        call(**kwargs)
    return Refusal(exc, zh)


# ---------------------------------------------------------------- gates and moves


def test_a_move_without_the_gate_fields_names_them_in_both_languages_and_saves_nothing(
    pipeline, make_project
):
    project = make_project()
    exc = refused(
        services.project_move,
        project=project,
        stage=pipeline["signed"],
        expected_version=1,
        on=later(3),
    )
    assert "“Contract signed”" in messages_of(exc) and "“Contracted amount”" in messages_of(exc)
    zh = messages_of(exc, "zh-hans")
    assert "签约" in zh
    # the fields are named without the stored unit: users enter amounts in 万元
    assert "（元）" not in zh and "(yuan)" not in messages_of(exc)
    project.refresh_from_db()
    assert (project.stage.code, project.version, project.stage_changes.count()) == ("lead", 1, 1)


def test_a_move_with_the_gate_fields_saves_them_together(pipeline, make_project):
    project = make_project()
    moved = services.project_move(
        project=project,
        stage=pipeline["signed"],
        expected_version=1,
        on=later(20),
        signed_on=later(20),
        contracted_amount=Decimal("50000000"),
        note="签约仪式",
    )
    assert moved.stage.code == "signed" and moved.stage_since == later(20)
    assert moved.contracted_amount == Decimal("50000000")
    assert moved.furthest_order == pipeline["signed"].order
    stays = list(StageChange.objects.filter(project=moved).order_by("id"))
    assert [(s.stage.code, s.entered, s.days) for s in stays] == [
        ("lead", True, 20),
        ("signed", True, None),
    ]
    contract = Funding.objects.get(project=moved, kind=FundKind.CONTRACTED)
    assert (contract.amount, contract.dated_on) == (Decimal("50000000"), later(20))


def test_moving_back_keeps_the_furthest_stage_and_a_pause_is_not_a_new_stay(pipeline, make_project):
    project = make_project()
    project = services.project_move(
        project=project, stage=pipeline["negotiation"], expected_version=1, on=later(5)
    )
    project = services.project_set_status(
        project=project,
        status=ProjectStatus.PAUSED,
        expected_version=project.version,
        note="投资方资金未落实",
        on=later(9),
    )
    project = services.project_move(
        project=project,
        stage=pipeline["lead"],
        expected_version=project.version,
        on=later(30),
        note="退回线索",
    )
    assert project.status == ProjectStatus.ACTIVE  # moving on is progress
    assert project.furthest_order == pipeline["negotiation"].order
    stays = StageChange.objects.filter(project=project, entered=True)
    assert [(s.stage.code, s.days) for s in stays.order_by("id")] == [
        ("lead", 5),
        ("negotiation", 25),
        ("lead", None),
    ]


def test_a_move_dated_before_the_last_move_or_in_the_future_is_refused(pipeline, make_project):
    project = make_project()
    project = services.project_move(
        project=project, stage=pipeline["negotiation"], expected_version=1, on=later(10)
    )
    exc = refused(
        services.project_move,
        project=project,
        stage=pipeline["screening"],
        expected_version=project.version,
        on=later(5),
        screened_on=later(4),
    )
    assert "last move" in messages_of(exc)
    exc = refused(
        services.project_move,
        project=project,
        stage=pipeline["lead"],
        expected_version=project.version,
        on=dt.date.today() + dt.timedelta(days=2),
    )
    assert "future" in messages_of(exc)


def test_a_stale_move_is_refused(pipeline, make_project):
    project = make_project()
    with pytest.raises(StaleEdit):
        services.project_move(project=project, stage=pipeline["negotiation"], expected_version=7)


def test_creating_a_project_in_a_gated_stage_needs_the_gate(world, pipeline, make_project):
    exc = refused(make_project, stage="registered")
    assert "“Company registered”" in messages_of(exc)
    assert not Project.objects.exists()


# ---------------------------------------------------------------- landed


def test_landed_when_the_rule_holds_and_back_to_active_when_a_date_is_cleared(
    pipeline, make_project
):
    project = make_project(
        stage="signed", signed_on=later(10), contracted_amount=Decimal(1), registered_on=later(12)
    )
    assert project.status == ProjectStatus.ACTIVE and project.landed_on is None
    project = services.project_update(
        project=project,
        expected_version=project.version,
        land_paid_on=later(30),
        construction_started_on=later(60),
    )
    assert (project.status, project.landed_on) == (ProjectStatus.LANDED, later(60))
    assert project.stage_changes.filter(status=ProjectStatus.LANDED, entered=False).count() == 1
    project = services.project_update(
        project=project, expected_version=project.version, construction_started_on=None
    )
    assert (project.status, project.landed_on) == (ProjectStatus.ACTIVE, None)


def test_the_landed_rule_is_the_parks(world, pipeline, make_project):
    pipeline_row = Pipeline.objects.get(park=world.parks[0])
    services.pipeline_update(
        pipeline=pipeline_row, expected_version=1, landed_rule=["signed_on", "registered_on"]
    )
    project = make_project(
        stage="signed", signed_on=later(10), contracted_amount=Decimal(1), registered_on=later(12)
    )
    assert project.status == ProjectStatus.LANDED


def test_landed_cannot_be_set_by_hand_nor_lost_without_a_loss(make_project):
    project = make_project()
    for status, words in ((ProjectStatus.LANDED, "landed rule"), (ProjectStatus.LOST, "lost")):
        exc = refused(
            services.project_set_status,
            project=project,
            status=status,
            expected_version=1,
            note="x",
        )
        assert words in messages_of(exc)


def test_pausing_needs_a_note(make_project):
    project = make_project()
    exc = refused(
        services.project_set_status,
        project=project,
        status=ProjectStatus.PAUSED,
        expected_version=1,
        note="  ",
    )
    assert "note" in messages_of(exc)
    assert Project.objects.get().status == ProjectStatus.ACTIVE


# ---------------------------------------------------------------- dates and figures


def test_dates_out_of_order_are_refused_on_create_and_update(make_project):
    exc = refused(make_project, first_contact_on=later(10), screened_on=later(2))
    assert "screened" in messages_of(exc) and "first contact" in messages_of(exc)
    project = make_project()
    exc = refused(
        services.project_update,
        project=project,
        expected_version=1,
        signed_on=DAY - dt.timedelta(days=1),
    )
    assert "contract signed" in messages_of(exc)
    project.refresh_from_db()
    assert project.signed_on is None and project.version == 1


def test_figures_must_be_sane(make_project):
    exc = refused(
        make_project,
        total_investment=Decimal(100),
        fixed_investment=Decimal(200),
        land_area=Decimal(-5),
        industry_code="99",
    )
    text = messages_of(exc)
    assert "may not exceed" in text and "must not be negative" in text and "GB/T 4754" in text


def test_a_confidential_project_needs_a_code_name(make_project):
    exc = refused(make_project, confidential=True)
    assert "code name" in messages_of(exc)


def test_insiders_see_the_real_name_others_the_code_name(world, make_project):
    staff, leader = world.users[Role.STAFF], world.users[Role.LEADER]
    other_staff = UserFactory(username="staff2", role=Role.STAFF, park=staff.park)
    project = make_project(
        name="飞机制造基地",
        confidential=True,
        code_name="鲲鹏项目",
        user=staff,
        insiders=[leader],
    )
    assert Project.objects.visible_to(leader).get().shown_name == "飞机制造基地"
    assert Project.objects.visible_to(staff).get().shown_name == "飞机制造基地"  # recorded it
    outsider = Project.objects.visible_to(other_staff).get()
    assert outsider.shown_name == "鲲鹏项目" and str(outsider) == "鲲鹏项目"
    assert not Project.objects.visible_to(other_staff).search("飞机").exists()
    assert Project.objects.visible_to(other_staff).search("鲲鹏").exists()
    assert Project.objects.visible_to(leader).search("飞机").exists()
    # a row that did not come through visible_to never shows the real name
    assert str(Project.objects.get()) == "鲲鹏项目"
    activity = services.activity_create(
        project=project, kind=ActivityKind.MEETING, summary="洽谈", occurred_on=later(1)
    )
    assert Activity.objects.visible_to(other_staff).get(pk=activity.pk).project_name == "鲲鹏项目"
    assert Activity.objects.visible_to(leader).get(pk=activity.pk).project_name == "飞机制造基地"


def test_projects_are_the_parks_staffs_and_leaders_only(world, make_project):
    make_project()
    for role in (Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY):
        assert not Project.objects.visible_to(world.users[role]).exists()
    assert Project.objects.visible_to(world.users[Role.LEADER]).count() == 1
    assert not Project.objects.visible_to(world.users[Role.LEADER], "change").exists()


# ---------------------------------------------------------------- losses


def test_a_lost_project_needs_a_reason_and_a_destination(make_project):
    project = make_project()
    exc = refused(
        services.project_lose,
        project=project,
        expected_version=1,
        reason="",
        lost_on=later(40),
        destinations=[{"place": " ", "level": PlaceLevel.DISTRICT}],
    )
    text = messages_of(exc)
    assert "reason" in text and "destination" in text
    assert not Loss.objects.exists()
    assert Project.objects.get().status == ProjectStatus.ACTIVE


def test_the_medical_parks_loss_to_two_districts(make_project):
    project = make_project(name="沈阳医药产业园")
    loss = services.project_lose(
        project=project,
        expected_version=1,
        reason=LossReason.LAND,
        lost_on=later(200),
        detail="区征地计划未获批复",
        would_have_kept="征地计划及时获批",
        destinations=[
            {"place": "东陵区", "level": PlaceLevel.DISTRICT},
            {"place": "新城子区", "level": PlaceLevel.DISTRICT, "winner": "新城子区医药园"},
        ],
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.LOST
    assert set(loss.destinations.values_list("place", flat=True)) == {"东陵区", "新城子区"}
    assert LossDestination.objects.get(place="新城子区").winner == "新城子区医药园"
    # reopened: the loss goes (kept in the history) and the project is active again
    services.project_set_status(
        project=project,
        status=ProjectStatus.ACTIVE,
        expected_version=project.version,
        note="投资方回流",
        on=later(300),
    )
    assert not Loss.objects.exists()
    assert Loss.history.count() == 2  # created, deleted


# ---------------------------------------------------------------- money


def test_in_place_above_the_contracted_amount_needs_a_confirmation(make_project):
    project = make_project(contracted_amount=Decimal(100))
    add = {"kind": FundKind.IN_PLACE, "dated_on": later(5), "source": FundSource.INVESTOR}
    services.funding_add(project=project, amount=Decimal(80), **add)
    exc = refused(services.funding_add, project=project, amount=Decimal(30), **add)
    assert "above the contracted amount" in messages_of(exc)
    assert Funding.objects.filter(kind=FundKind.IN_PLACE).count() == 1
    record = services.funding_add(
        project=project, amount=Decimal(30), confirm_over_contract=True, **add
    )
    assert record.over_contract_confirmed
    assert services.in_place_so_far(project) == Decimal(110)


def test_a_later_contracted_statement_becomes_the_projects_amount(make_project):
    project = make_project(stage="signed", signed_on=later(2), contracted_amount=Decimal(100))
    services.funding_add(
        project=project,
        kind=FundKind.CONTRACTED,
        amount=Decimal(150),
        dated_on=later(30),
        source=FundSource.INVESTOR,
        event="2019年沈阳招商周",
    )
    project.refresh_from_db()
    assert project.contracted_amount == Decimal(150) and project.version == 2


def test_funding_dates_and_amounts_are_checked(make_project):
    project = make_project()
    exc = refused(
        services.funding_add,
        project=project,
        kind=FundKind.PLANNED,
        amount=Decimal(-1),
        dated_on=DAY - dt.timedelta(days=3),
        source="lottery",
    )
    text = messages_of(exc)
    assert "negative" in text and "first contact" in text and "source" in text


# ---------------------------------------------------------------- activities, blockers


def test_an_activity_with_a_due_date_needs_a_next_step_and_its_recorder_owns_it(
    world, make_project
):
    project = make_project()
    exc = refused(
        services.activity_create,
        project=project,
        kind=ActivityKind.VISIT,
        summary="走访",
        occurred_on=later(3),
        due_on=later(1),
    )
    text = messages_of(exc)
    assert "next step" in text and "may not be earlier" in text
    staff = world.users[Role.STAFF]
    activity = services.activity_create(
        project=project,
        kind=ActivityKind.REQUEST,
        summary="向区政府请示用地",
        occurred_on=later(3),
        next_step="跟踪批复",
        due_on=later(17),
        user=staff,
    )
    assert activity.owner == staff
    done = services.activity_done(activity=activity, expected_version=1, done_on=later(10))
    assert done.done_on == later(10) and done.version == 2


def test_a_resolved_blocker_needs_its_resolution(make_project):
    project = make_project()
    blocker = services.blocker_create(
        project=project,
        category=BlockerCategory.LAND_QUOTA,
        description="征地计划未获批",
        authority="市自然资源局",
        raised_on=later(5),
        deadline=later(60),
        escalation=3,
    )
    exc = refused(
        services.blocker_update,
        blocker=blocker,
        expected_version=1,
        status=BlockerStatus.RESOLVED,
    )
    assert "resolution" in messages_of(exc)
    exc = refused(
        services.blocker_create,
        project=project,
        category="weather",
        description="",
        authority="",
        raised_on=later(5),
        deadline=later(1),
    )
    text = messages_of(exc)
    assert "category" in text and "description" in text and "authority" in text
    assert Blocker.objects.count() == 1


# ---------------------------------------------------------------- investors, pipeline


def test_investors_are_unique_by_name_and_their_credit_code_is_checked(world, make_project):
    park = world.parks[0]
    investor = services.investor_create(
        park=park, name="亚泰集团", origin=InvestorOrigin.OUT_OF_CITY
    )
    exc = refused(
        services.investor_create,
        park=park,
        name="亚泰集团",
        origin="mars",
        uscc="91210100ABCDEFGHIJ",
    )
    text = messages_of(exc)
    assert "used twice" in text and "origin" in text and "credit code" in text.lower()
    project = make_project()
    services.project_investor_add(project=project, investor=investor)
    exc = refused(services.project_investor_add, project=project, investor=investor)
    assert project.investor_links.count() == 1


def test_a_stage_gate_names_only_project_fields_and_a_used_stage_stays(
    world, pipeline, make_project
):
    park = world.parks[0]
    exc = refused(
        services.stage_save, park=park, code="permit", name="许可", required_fields=["password"]
    )
    assert "password" in messages_of(exc)
    stage = services.stage_save(
        park=park, code="permit", name="许可", required_fields=["approved_on"]
    )
    assert stage.order == max(s.order for s in pipeline.values()) + 1
    make_project()
    exc = refused(services.stage_delete, stage=pipeline["lead"])
    assert "1" in messages_of(exc)
    services.stage_delete(stage=stage)
    assert not Stage.objects.filter(code="permit").exists()


def test_dropping_comes_after_the_talk(world, pipeline):
    row = Pipeline.objects.get(park=world.parks[0])
    exc = refused(
        services.pipeline_update,
        pipeline=row,
        expected_version=1,
        talk_after_days=100,
        drop_after_days=90,
        answer_days=0,
    )
    text = messages_of(exc)
    assert "must be more than" in text and "above 0" in text
    row.refresh_from_db()
    assert (row.talk_after_days, row.version) == (91, 1)


def test_an_investor_only_confidential_projects_name_is_hidden_from_outsiders(
    world, make_project, client
):
    park, staff, leader = world.parks[0], world.users[Role.STAFF], world.users[Role.LEADER]
    outsider = UserFactory(username="staff3", role=Role.STAFF, park=park)
    secret = make_project(name="飞机制造基地", confidential=True, code_name="雏鹰", user=staff)
    open_project = make_project(name="物流园")
    both = services.investor_create(park=park, name="东基集团", origin=InvestorOrigin.LOCAL)
    only_secret = services.investor_create(park=park, name="沈飞集团", origin=InvestorOrigin.LOCAL)
    services.investor_create(park=park, name="尚无项目的投资方", origin=InvestorOrigin.LOCAL)
    for project, investor in ((secret, both), (open_project, both), (secret, only_secret)):
        services.project_investor_add(project=project, investor=investor)
    names = set(Investor.objects.visible_to(outsider).values_list("name", flat=True))
    assert names == {"东基集团", "尚无项目的投资方"}
    assert "沈飞集团" in set(Investor.objects.visible_to(staff).values_list("name", flat=True))
    assert not Investor.objects.visible_to(leader).filter(name="沈飞集团").exists()
    log_in(client, outsider)
    page = client.get(reverse("investors")).content.decode()
    export = client.get(reverse("investors"), {"export": "xlsx"}).content
    assert "东基集团" in page and "沈飞集团" not in page
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export)).get_sheet_by_index(0).to_python()
    assert not any("沈飞集团" in str(cell) for row in rows for cell in row)
    assert client.get(reverse("investor-edit", args=[only_secret.pk])).status_code == 404


def test_only_insiders_change_what_only_insiders_see(world, make_project):
    """Pages, API and import all reach the services: the rule holds there."""
    park, staff = world.parks[0], world.users[Role.STAFF]
    outsider = UserFactory(username="staff4", role=Role.STAFF, park=park)
    secret = make_project(name="飞机制造基地", confidential=True, code_name="雏鹰", user=staff)
    investor = services.investor_create(park=park, name="沈飞集团", origin=InvestorOrigin.LOCAL)
    for change in ({"name": "别的名字"}, {"description": "泄露"}, {"confidential": False}):
        with pytest.raises(PermissionDenied):
            services.project_update(project=secret, expected_version=1, user=outsider, **change)
    with pytest.raises(PermissionDenied):
        services.project_investor_add(project=secret, investor=investor, user=outsider)
    # what the outsider may see they may change, and the name given back unchanged is fine
    services.project_update(
        project=secret, expected_version=1, user=outsider, name="飞机制造基地", issues="用地审批"
    )
    link = services.project_investor_add(project=secret, investor=investor, user=staff)
    with pytest.raises(PermissionDenied):
        services.project_investor_remove(link=link, user=outsider)
    secret.refresh_from_db()
    assert (secret.name, secret.issues, secret.investor_links.count()) == (
        "飞机制造基地",
        "用地审批",
        1,
    )
