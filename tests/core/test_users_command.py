"""`parkbase users add | set-password | list`: users from the command line, written
through the user services (in the audit trail), refused in Chinese and English."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parkbase.core.choices import Role
from parkbase.core.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "user-pass-123"


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("PARKBASE_USER_PASSWORD", PASSWORD)


def users(*args, stdin: str | None = None) -> str:
    out = StringIO()
    extra = {"stdin": StringIO(stdin)} if stdin is not None else {}
    call_command("users", *args, stdout=out, **extra)
    return out.getvalue()


def refusal(*args) -> str:
    with pytest.raises(CommandError) as error:
        users(*args)
    return str(error.value)


def test_add_a_department_user_by_the_departments_name(world, password):
    department = world.departments[1]
    out = users(
        "add", "zhangsan", "--role", "department", "--park", "a",
        "--department", department.name, "--name", "张三", "--no-input",
    )  # fmt: skip
    user = User.objects.get(username="zhangsan")
    assert (user.role, user.park, user.department) == (Role.DEPARTMENT, world.parks[0], department)
    assert user.first_name == "张三" and user.check_password(PASSWORD)
    assert user.history.get().history_type == "+"
    assert f"department:{department.code}" in out


def test_add_an_enterprise_user_by_credit_code_and_a_role_in_chinese(world, password):
    enterprise = world.enterprises[2]
    users(
        "add", "ent2", "--role", "企业用户", "--park", "a",
        "--enterprise", enterprise.uscc.lower(), "--no-input",
    )  # fmt: skip
    user = User.objects.get(username="ent2")
    assert (user.role, user.enterprise) == (Role.ENTERPRISE, enterprise)


def test_add_a_survey_member_to_a_team(world, password):
    team = world.teams[0]  # 调查一组 of the open campaign (the closed one has one too)
    users("add", "survey2", "--role", "survey", "--park", "a", "--team", "调查一组", "--no-input")
    user = User.objects.get(username="survey2")
    assert list(user.survey_teams.all()) == [team]
    assert user.scope_description() == f"teams:{world.campaign.name}/调查一组"


def test_an_unknown_team_writes_nothing(world, password):
    message = refusal(
        "add", "survey3", "--role", "survey", "--park", "a", "--team", "调查九组", "--no-input"
    )
    assert "调查九组" in message and "does not exist" in message and "调查一组" in message
    assert not User.objects.filter(username="survey3").exists()


def test_an_administrator_needs_no_park_and_opens_the_admin_site(world, password):
    users("add", "admin2", "--role", "admin", "--no-input")
    user = User.objects.get(username="admin2")
    assert user.park is None and user.is_staff and not user.is_superuser


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ["--role", "boss", "--park", "a"],
            "角色 'boss' 不存在",
            "No role 'boss'; use one of: admin",
        ),
        (["--role", "department", "--park", "a"], "部门", "department is required for the role"),
        (["--role", "enterprise", "--park", "a"], "企业", "enterprise is required for the role"),
        (
            ["--role", "department", "--park", "a", "--department", "nope"],
            "没有代码或名称为 'nope' 的主管部门",
            "has no department with the code or name 'nope' (there are: D1",
        ),
        (
            ["--role", "enterprise", "--park", "a", "--enterprise", "无此企业"],
            "没有统一社会信用代码或名称为",
            "has no enterprise",
        ),
        (["--role", "staff", "--park", "zz"], "没有代码为 'zz' 的园区", "No park with code 'zz'"),
        (["--role", "staff"], "有多个园区", "Name the park with --park CODE"),
    ],
)
def test_bad_input_is_refused_in_both_languages(world, password, args, zh, en):
    message = refusal("add", "newbie", *args, "--no-input")
    assert zh in message and en in message
    assert not User.objects.filter(username="newbie").exists()


def test_a_department_of_another_park_is_not_found(world, password):
    message = refusal(
        "add", "x", "--role", "department", "--park", "a", "--department", "X1", "--no-input"
    )
    assert "'X1'" in message and not User.objects.filter(username="x").exists()


def test_a_taken_or_malformed_user_name_is_refused(world, password):
    assert "already used by another user" in refusal(
        "add", "STAFF", "--role", "staff", "--park", "a", "--no-input"
    )
    message = refusal("add", "张 三", "--role", "staff", "--park", "a", "--no-input")
    assert "只能包含字母" in message and "may hold only letters" in message


def test_the_password_comes_from_the_environment_or_a_question(world, monkeypatch):
    monkeypatch.delenv("PARKBASE_USER_PASSWORD", raising=False)
    message = refusal("add", "li", "--role", "staff", "--park", "a", "--no-input")
    assert "PARKBASE_USER_PASSWORD" in message
    users("add", "li", "--role", "staff", "--park", "a", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert User.objects.get(username="li").check_password(PASSWORD)
    with pytest.raises(CommandError):
        users("add", "wu", "--role", "staff", "--park", "a", stdin="short\nshort\n")
    assert not User.objects.filter(username="wu").exists()


def test_set_password(world, monkeypatch):
    monkeypatch.setenv("PARKBASE_USER_PASSWORD", "another-pass-456")
    out = users("set-password", "staff", "--no-input")
    staff = User.objects.get(username="staff")
    assert staff.check_password("another-pass-456") and "staff" in out
    assert staff.history.order_by("-history_id").first().history_type == "~"
    message = refusal("set-password", "nobody", "--no-input")
    assert "没有用户 'nobody'" in message and "No user named 'nobody'" in message
    monkeypatch.setenv("PARKBASE_USER_PASSWORD", "short")
    assert "too short" in refusal("set-password", "staff", "--no-input")
    assert User.objects.get(username="staff").check_password("another-pass-456")


def test_list_shows_the_added_user(world, password):
    users("add", "zhao", "--role", "leader", "--park", "a", "--no-input")
    rows = {r["username"]: r for r in json.loads(users("list", "--json"))}
    assert rows["zhao"]["role"] == "leader" and rows["zhao"]["scope"] == "park:a"
