"""The administration pages: an administrator manages users (list, new, edit, a new
password), phases and departments of their park (a superuser: every park) through the
core services, in the audit trail; every other role finds nothing there (404). Every
user changes their own password."""

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.core.models import Department, Phase, User
from tests.clients import page_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OTHER_ROLES = (Role.LEADER, Role.STAFF, Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE)
NEW_PASSWORD = "a-new-pass-9"


def pages(world):
    user = world.users[Role.STAFF]
    phase, department = world.phases[0], world.departments[0]
    return [
        ("get", reverse("manage-users")),
        ("get", reverse("manage-users") + "?export=xlsx"),
        ("get", reverse("manage-user-create")),
        ("post", reverse("manage-user-create")),
        ("get", reverse("manage-user-edit", args=[user.pk])),
        ("post", reverse("manage-user-edit", args=[user.pk])),
        ("get", reverse("manage-user-password", args=[user.pk])),
        ("post", reverse("manage-user-password", args=[user.pk])),
        ("get", reverse("manage-phases")),
        ("get", reverse("manage-phase-create")),
        ("post", reverse("manage-phase-create")),
        ("get", reverse("manage-phase-edit", args=[phase.pk])),
        ("get", reverse("manage-departments")),
        ("get", reverse("manage-department-create")),
        ("get", reverse("manage-department-edit", args=[department.pk])),
        ("post", reverse("manage-department-edit", args=[department.pk])),
    ]


@pytest.fixture
def park_admin(world):
    """An administrator of park A (not a superuser)."""
    return UserFactory(username="parkadmin", role=Role.ADMIN, park=world.parks[0])


def test_an_administrator_opens_every_page(world):
    client = page_client(world.users[Role.ADMIN])
    for method, url in pages(world):
        response = getattr(client, method)(url)
        assert response.status_code in (200, 400), (method, url, response.status_code)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_role_finds_nothing(world, role):
    client = page_client(world.users[role])
    for method, url in pages(world):
        assert getattr(client, method)(url).status_code == 404, (role, method, url)
    assert Phase.objects.filter(park=world.parks[0]).count() == 2


def test_the_navbar_shows_administration_to_administrators_only(world):
    admin = page_client(world.users[Role.ADMIN]).get("/enterprises/").content.decode()
    assert 'data-testid="nav-manage"' in admin and reverse("manage-users") in admin
    for role in OTHER_ROLES:
        page = page_client(world.users[role]).get("/enterprises/").content.decode()
        assert 'data-testid="nav-manage"' not in page
        assert reverse("password-change") in page  # the user's name links to it


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(reverse("manage-users"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# ---------------------------------------------------------------- users


def test_creating_a_user_writes_it_through_the_service_with_history(world):
    admin = world.users[Role.ADMIN]
    client = page_client(admin)
    data = {
        "username": "zhangsan",
        "first_name": "张三",
        "email": "zs@example.com",
        "role": Role.DEPARTMENT,
        "park": world.parks[0].pk,
        "department": world.departments[1].pk,
        "is_active": "on",
        "password1": "long-enough-1",
        "password2": "long-enough-1",
    }
    response = client.post(reverse("manage-user-create"), data)
    assert response.status_code == 302
    user = User.objects.get(username="zhangsan")
    assert (user.role, user.department, user.park) == (
        Role.DEPARTMENT,
        world.departments[1],
        world.parks[0],
    )
    assert user.check_password("long-enough-1") and user.is_active
    created = user.history.get()
    assert created.history_type == "+" and created.history_user == admin
    assert response["Location"] == reverse("manage-user-edit", args=[user.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="history"' in page and "admin" in page


def test_a_department_user_without_department_is_refused_next_to_the_field(world):
    client = page_client(world.users[Role.ADMIN])
    data = {
        "username": "lisi",
        "role": Role.DEPARTMENT,
        "park": world.parks[0].pk,
        "password1": "long-enough-1",
        "password2": "long-enough-1",
    }
    response = client.post(reverse("manage-user-create"), data)
    assert response.status_code == 400
    assert "department is required for the role District department." in (response.content.decode())
    assert not User.objects.filter(username="lisi").exists()


def test_a_short_or_mismatched_password_is_refused(world):
    client = page_client(world.users[Role.ADMIN])
    base = {"username": "wangwu", "role": Role.STAFF, "park": world.parks[0].pk}
    short = client.post(reverse("manage-user-create"), base | {"password1": "x", "password2": "x"})
    assert short.status_code == 400 and "password1" in short.context["form"].errors
    differ = {"password1": "long-enough-1", "password2": "long-enough-2"}
    response = client.post(reverse("manage-user-create"), base | differ)
    assert response.status_code == 400 and "password2" in response.context["form"].errors
    assert not User.objects.filter(username="wangwu").exists()


def test_editing_a_user_changes_role_and_active_in_the_audit_trail(world):
    admin, staff = world.users[Role.ADMIN], world.users[Role.STAFF]
    client = page_client(admin)
    data = {
        "username": "staff",
        "first_name": "改名",
        "role": Role.LEADER,
        "park": world.parks[0].pk,
        # is_active left out: unticked
    }
    response = client.post(reverse("manage-user-edit", args=[staff.pk]), data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.role, staff.first_name, staff.is_active) == (Role.LEADER, "改名", False)
    last = staff.history.order_by("-history_id").first()
    assert last.history_type == "~" and last.history_user == admin
    assert staff.check_password("pw-secret-1")  # an edit leaves the password alone


def test_an_administrator_resets_a_password(world):
    admin, staff = world.users[Role.ADMIN], world.users[Role.STAFF]
    client = page_client(admin)
    url = reverse("manage-user-password", args=[staff.pk])
    bad = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": "other-pass-9"})
    assert bad.status_code == 400
    staff.refresh_from_db()
    assert staff.check_password("pw-secret-1")
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert staff.history.order_by("-history_id").first().history_user == admin
    fresh = page_client()
    assert fresh.login(username="staff", password=NEW_PASSWORD)


def test_a_park_administrator_manages_that_parks_users_only(world, park_admin):
    client = page_client(park_admin)
    listing = client.get(reverse("manage-users"))
    shown = {u.username for u in listing.context["page"].object_list}
    assert "staff" in shown and "parkadmin" in shown
    assert "admin" not in shown  # a superuser: managed by superusers only
    other = UserFactory(username="elsewhere", role=Role.STAFF, park=world.parks[1])
    assert "elsewhere" not in {
        u.username for u in client.get(reverse("manage-users")).context["page"].object_list
    }
    for name in ("manage-user-edit", "manage-user-password"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
        superuser = world.users[Role.ADMIN]
        assert client.get(reverse(name, args=[superuser.pk])).status_code == 404
    other_phase = Phase.objects.get(park=world.parks[1])
    assert client.get(reverse("manage-phase-edit", args=[other_phase.pk])).status_code == 404


def test_a_park_administrators_new_users_are_of_that_park(world, park_admin):
    client = page_client(park_admin)
    form = client.get(reverse("manage-user-create")).context["form"]
    assert "park" not in form.fields and "is_superuser" not in form.fields
    data = {"username": "newstaff", "role": Role.STAFF, "is_active": "on"}
    data |= {"password1": "long-enough-1", "password2": "long-enough-1"}
    assert client.post(reverse("manage-user-create"), data).status_code == 302
    assert User.objects.get(username="newstaff").park == world.parks[0]


def test_an_administrator_cannot_switch_themselves_off(world, park_admin):
    form = page_client(park_admin).get(reverse("manage-user-edit", args=[park_admin.pk]))
    fields = form.context["form"].fields
    assert "role" not in fields and "is_active" not in fields and "username" in fields


def test_the_user_list_filters_by_role(world):
    client = page_client(world.users[Role.ADMIN])
    response = client.get(reverse("manage-users"), {"role": Role.DEPARTMENT})
    assert [u.username for u in response.context["page"].object_list] == ["dept"]


# ---------------------------------------------------------------- phases and departments


def test_phases_are_created_and_edited_through_the_service(world):
    admin = world.users[Role.ADMIN]
    client = page_client(admin)
    park = world.parks[0]
    data = {"park": park.pk, "code": "P9", "name": "九期", "order": 9}
    assert client.post(reverse("manage-phase-create"), data).status_code == 302
    phase = Phase.objects.get(park=park, code="P9")
    assert phase.history.get().history_user == admin
    clash = {"park": park.pk, "code": "P1", "name": "重复", "order": 1}
    response = client.post(reverse("manage-phase-create"), clash)
    assert response.status_code == 400 and "code" in response.context["form"].errors
    edit = {"code": "P9", "name": "第九期", "order": 10}
    url = reverse("manage-phase-edit", args=[phase.pk])
    assert client.post(url, edit).status_code == 302
    phase.refresh_from_db()
    assert (phase.name, phase.order) == ("第九期", 10)


def test_departments_are_created_through_the_service(world, park_admin):
    client = page_client(park_admin)
    form = client.get(reverse("manage-department-create")).context["form"]
    assert list(form.fields["park"].queryset) == [world.parks[0]]
    data = {"park": world.parks[0].pk, "code": "D9", "name": "科技局"}
    assert client.post(reverse("manage-department-create"), data).status_code == 302
    department = Department.objects.get(code="D9")
    assert department.park == world.parks[0]
    assert department.history.get().history_user == park_admin
    refused = {"park": world.parks[1].pk, "code": "D8", "name": "外园"}
    assert client.post(reverse("manage-department-create"), refused).status_code == 400
    assert not Department.objects.filter(code="D8").exists()


# ---------------------------------------------------------------- one's own password


@pytest.mark.parametrize("role", [Role.ADMIN, *OTHER_ROLES])
def test_every_user_changes_their_own_password(world, role):
    user = world.users[role]
    client = page_client(user)
    url = reverse("password-change")
    assert client.get(url).status_code == 200
    wrong = {"old_password": "not-it", "new_password1": NEW_PASSWORD}
    wrong["new_password2"] = NEW_PASSWORD
    assert client.post(url, wrong).status_code == 200  # the form again, with its error
    user.refresh_from_db()
    assert user.check_password("pw-secret-1")
    data = {"old_password": "pw-secret-1", "new_password1": NEW_PASSWORD}
    data["new_password2"] = NEW_PASSWORD
    response = client.post(url, data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.history.order_by("-history_id").first().history_user == user
    assert client.get(url).status_code == 200  # still signed in
