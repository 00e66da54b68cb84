"""The admin site: every model of the project is in it (or excluded, with the reason);
users, phases and departments are edited there through their services (checked, in the
audit trail with the acting user, refusals next to their fields); what an admin user
sees goes through ``visible_to``; only staff users open it at all."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from simple_history.models import HistoricalChanges

from parkbase.core import services
from parkbase.core.choices import Role
from parkbase.core.models import Department, Phase, User
from tests.factories import PhaseFactory

pytestmark = pytest.mark.django_db

# Concrete models of the project's apps the admin site does not list, each with its
# reason. (Their audit-trail tables, Historical*, are read on each record's history
# page; many-to-many link tables on the records they link.) A new model must be
# registered in its app's admin.py or named here.
NOT_IN_ADMIN: dict[str, str] = {
    "enterprises.MonthlyTotal": "the park's sums of the monthly figures, computed again from "
    "them whenever they change; the figures themselves are listed",
    "documents.DocumentPage": "the text read from a document's pages, made again from its "
    "file; shown in the document's preview",
    "documents.DocumentLink": "listed (and changed) on the document's page, where the "
    "links to records its reader does not see stay hidden",
    "documents.DocumentAccess": "who opened a confidential project's document: shown to "
    "the project's insiders only, on the document's page",
}


def project_models():
    for config in apps.get_app_configs():
        if not config.name.startswith("parkbase."):
            continue
        for model in config.get_models():  # leaves out the automatic link tables
            if not issubclass(model, HistoricalChanges):
                yield model


def test_every_model_is_in_the_admin_or_excluded_with_its_reason():
    labels = {m._meta.label for m in project_models()}
    registered = {m._meta.label for m in admin.site._registry} & labels
    assert sorted(labels - registered - set(NOT_IN_ADMIN)) == []
    assert registered.isdisjoint(NOT_IN_ADMIN)
    assert all(reason.strip() for reason in NOT_IN_ADMIN.values())
    assert {"enterprises.Enterprise", "imports.ImportJob", "evaluation.Run"} <= registered


@pytest.fixture
def site(client, world):
    client.force_login(world.users[Role.ADMIN])
    return client


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_errors(response, field):
    return [e.code for e in response.context["adminform"].form.errors.as_data().get(field, [])]


# ---------------------------------------------------------------- who opens the admin


def test_only_staff_users_open_the_admin(client, world):
    client.force_login(world.users[Role.LEADER])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_admin_user_of_a_park_sees_that_parks_phases_only(client, world):
    staff = world.users[Role.STAFF]
    staff.is_staff = True
    staff.save()
    for codename in ("view_phase", "change_phase"):
        staff.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(staff)
    listing = client.get(url(Phase, "changelist"))
    assert listing.status_code == 200
    shown = {p.pk for p in listing.context["cl"].result_list}
    assert shown == {p.pk for p in world.phases}
    other = Phase.objects.get(park=world.parks[1])
    assert client.get(url(Phase, "change", other.pk)).status_code == 302  # "does not exist"
    response = client.post(url(Phase, "change", other.pk), {"code": "X9", "name": "改", "order": 1})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.code == "X1"


# ---------------------------------------------------------------- phases and departments


def test_a_phase_is_added_changed_and_deleted_through_the_service(site, world):
    admin_user, park = world.users[Role.ADMIN], world.parks[0]
    added = site.post(
        url(Phase, "add"), {"park": park.pk, "code": "P9", "name": "九期", "order": 9}
    )
    assert added.status_code == 302
    phase = Phase.objects.get(park=park, code="P9")
    assert [(h.history_type, h.history_user) for h in phase.history.all()] == [("+", admin_user)]

    changed = site.post(
        url(Phase, "change", phase.pk), {"code": "P9", "name": "九期扩区", "order": 10}
    )
    assert changed.status_code == 302
    phase.refresh_from_db()
    assert (phase.name, phase.order, phase.park) == ("九期扩区", 10, park)
    latest = phase.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", admin_user)

    deleted = site.post(url(Phase, "delete", phase.pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Phase.objects.filter(pk=phase.pk).exists()
    gone = Phase.history.filter(id=phase.pk).latest()
    assert (gone.history_type, gone.history_user) == ("-", admin_user)


def test_a_phase_refusal_shows_next_to_its_field(site, world):
    park = world.parks[0]
    response = site.post(
        url(Phase, "add"), {"park": park.pk, "code": "P1", "name": "重复", "order": 3}
    )
    assert response.status_code == 200
    assert form_errors(response, "code") == ["duplicate"]
    assert "P1" in response.content.decode()
    assert Phase.objects.filter(park=park).count() == 2


def test_a_phase_keeps_its_park(site, world):
    """The park is shown, not offered, on the change page; posted anyway, it is ignored."""
    phase = world.phases[0]
    page = site.get(url(Phase, "change", phase.pk))
    assert "park" not in page.context["adminform"].form.fields
    site.post(
        url(Phase, "change", phase.pk),
        {"park": world.parks[1].pk, "code": "P1", "name": "一期", "order": 1},
    )
    phase.refresh_from_db()
    assert phase.park == world.parks[0]
    with pytest.raises(ValidationError) as refused:
        services.phase_update(phase=phase, park=world.parks[1])
    assert refused.value.error_dict["park"][0].code == "park_fixed"


def test_a_phase_still_referred_to_is_not_deleted(site, world):
    """A campaign's scope names the phase: deleting it would drop it from the campaign
    outside the campaign's audit trail, so the service refuses and says why."""
    phase = PhaseFactory(park=world.parks[0], code="P3", order=3)
    world.campaign.scope_phases.add(phase)
    response = site.post(url(Phase, "delete", phase.pk), {"post": "yes"}, follow=True)
    assert Phase.objects.filter(pk=phase.pk).exists()
    assert list(world.campaign.scope_phases.all()) == [phase]
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and phase.name in shown[0] and "1" in shown[0]


def test_a_past_version_of_a_phase_is_not_posted_back(site, world):
    phase = world.phases[0]
    record = phase.history.latest()
    response = site.post(url(Phase, "simple_history", phase.pk, record.history_id), {})
    assert response.status_code == 403


def test_a_department_is_added_and_changed_through_the_service(site, world):
    admin_user, park = world.users[Role.ADMIN], world.parks[0]
    response = site.post(url(Department, "add"), {"park": park.pk, "code": "D9", "name": "科技局"})
    assert response.status_code == 302
    department = Department.objects.get(park=park, code="D9")
    response = site.post(url(Department, "change", department.pk), {"code": "D1", "name": "科技局"})
    assert response.status_code == 200 and form_errors(response, "code") == ["duplicate"]
    response = site.post(url(Department, "change", department.pk), {"code": "D9", "name": "工信局"})
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == "工信局"
    assert [
        (h.history_type, h.history_user) for h in department.history.order_by("history_id")
    ] == [
        ("+", admin_user),
        ("~", admin_user),
    ]


# ---------------------------------------------------------------- users


def new_user(**values):
    data = {
        "username": "zhangsan",
        "usable_password": "true",
        "password1": "a-long-pass-9",
        "password2": "a-long-pass-9",
        "first_name": "三",
        "last_name": "张",
        "email": "",
        "role": Role.STAFF,
        "park": "",
        "department": "",
        "enterprise": "",
    }
    return data | values


def test_a_user_is_added_through_the_service(site, world):
    admin_user = world.users[Role.ADMIN]
    response = site.post(url(User, "add"), new_user(park=world.parks[0].pk))
    assert response.status_code == 302
    user = User.objects.get(username="zhangsan")
    assert (user.role, user.park, user.first_name) == (Role.STAFF, world.parks[0], "三")
    assert user.check_password("a-long-pass-9")
    assert [(h.history_type, h.history_user) for h in user.history.all()] == [("+", admin_user)]


def test_a_user_without_a_password_login_is_added(site, world):
    data = new_user(park=world.parks[0].pk, usable_password="false", password1="", password2="")
    assert site.post(url(User, "add"), data).status_code == 302
    assert not User.objects.get(username="zhangsan").has_usable_password()


@pytest.mark.parametrize(
    "values, field, code",
    [
        ({"role": Role.STAFF}, "park", "required_for_role"),
        ({"role": Role.DEPARTMENT, "park": "A"}, "department", "required_for_role"),
        ({"role": Role.ENTERPRISE, "park": "A"}, "enterprise", "required_for_role"),
        ({"role": Role.DEPARTMENT, "park": "A", "department": "other"}, "department", "other_park"),
    ],
)
def test_a_user_the_role_cannot_work_with_is_refused(site, world, values, field, code):
    """The role's scope is read from the user's park, department or enterprise: a
    user missing them (or with another park's) would see nothing, or the wrong park."""
    other = Department.objects.get(park=world.parks[1])
    lookup = {"A": world.parks[0].pk, "other": other.pk}
    data = new_user(**{k: lookup.get(v, v) for k, v in values.items()})
    response = site.post(url(User, "add"), data)
    assert response.status_code == 200
    assert form_errors(response, field) == [code]
    assert not User.objects.filter(username="zhangsan").exists()


def change_data(user, **values):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "role": user.role,
        "park": user.park_id or "",
        "department": user.department_id or "",
        "enterprise": user.enterprise_id or "",
    }
    return {k: v for k, v in (data | values).items() if v is not None}


def test_a_user_is_changed_through_the_service(site, world):
    admin_user, staff = world.users[Role.ADMIN], world.users[Role.STAFF]
    response = site.post(url(User, "change", staff.pk), change_data(staff, role=Role.LEADER))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == Role.LEADER
    latest = staff.history.latest()
    assert (latest.history_type, latest.history_user, latest.role) == ("~", admin_user, Role.LEADER)

    response = site.post(url(User, "change", staff.pk), change_data(staff, username="LEADER"))
    assert response.status_code == 200 and form_errors(response, "username") == ["duplicate"]
    staff.refresh_from_db()
    assert staff.username == "staff"


def test_a_password_is_set_through_the_service(site, world):
    admin_user, staff = world.users[Role.ADMIN], world.users[Role.STAFF]
    count = staff.history.count()
    response = site.post(
        reverse("admin:auth_user_password_change", args=[staff.pk]),
        {"usable_password": "true", "password1": "new-pass-123", "password2": "new-pass-123"},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("new-pass-123")
    assert staff.history.count() == count + 1
    assert staff.history.latest().history_user == admin_user


def test_users_are_not_deleted_in_the_admin(site, world):
    staff = world.users[Role.STAFF]
    assert site.get(url(User, "delete", staff.pk)).status_code == 403
    assert site.post(url(User, "delete", staff.pk), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=staff.pk).exists()


def test_the_user_service_applies_the_rules_outside_the_admin(world):
    with pytest.raises(ValidationError) as refused:
        services.user_create(username="Admin", role=Role.ADMIN)
    assert refused.value.error_dict["username"][0].code == "duplicate"
    made = services.user_create(
        username="wangwu", role=Role.SURVEY, park=world.parks[0], user=world.users[Role.ADMIN]
    )
    assert not made.has_usable_password()
    assert made.history.get().history_user == world.users[Role.ADMIN]
