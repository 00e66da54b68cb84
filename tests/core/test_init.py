"""`parkbase init`: a park of one's own (its phases, departments and first
administrator) from a TOML file, from flags or from answers; through the services (the
audit trail has every record); run twice it creates nothing twice; a bad file is refused
naming the key, in Chinese and English, and nothing is written."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parkbase.core.choices import Role
from parkbase.core.firstrun import EXAMPLE
from parkbase.core.models import Department, IndustryCode, Park, Phase, User

pytestmark = pytest.mark.django_db

PASSWORD = "first-admin-pw"

PARK_FILE = """
[park]
code = "hitech"
name = "某某高新区"
name_en = "Some High-tech Zone"

[[phases]]
code = "1"
name = "一期"

[[phases]]
code = 2
name = "二期"
order = 5

[[departments]]
code = "jfj"
name = "经济发展局"

[admin]
username = "chief"
name = "王主任"
"""


def init(*args, stdin: str | None = None) -> str:
    out = StringIO()
    extra = {"stdin": StringIO(stdin)} if stdin is not None else {}
    call_command("init", *args, stdout=out, **extra)
    return out.getvalue()


def park_file(tmp_path: Path, text: str = PARK_FILE) -> str:
    path = tmp_path / "park.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def nothing_written():
    return not (Park.objects.exists() or Phase.objects.exists() or User.objects.exists())


def test_init_from_a_file_creates_the_park_its_records_and_the_administrator(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKBASE_INIT_PASSWORD", PASSWORD)
    out = init("--from", park_file(tmp_path), "--no-input")
    park = Park.objects.get()
    assert (park.code, park.name, park.name_en) == ("hitech", "某某高新区", "Some High-tech Zone")
    phases = list(Phase.objects.filter(park=park).order_by("order"))
    assert [(p.code, p.name, p.order) for p in phases] == [("1", "一期", 1), ("2", "二期", 5)]
    assert [d.name for d in Department.objects.filter(park=park)] == ["经济发展局"]
    chief = User.objects.get(username="chief")
    assert (chief.role, chief.park, chief.first_name) == (Role.ADMIN, park, "王主任")
    assert chief.is_superuser and chief.is_staff and chief.check_password(PASSWORD)
    # every record in the audit trail
    assert park.history.count() == 1 and chief.history.count() == 1
    assert all(p.history.count() == 1 for p in phases)
    assert "phases: 2 created" in out and "created" in out
    # the shipped industry codes, which imports check enterprises against
    assert IndustryCode.objects.filter(code="34").exists() and "industry codes" in out


def test_init_twice_creates_nothing_twice_and_updates_what_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKBASE_INIT_PASSWORD", PASSWORD)
    path = park_file(tmp_path)
    init("--from", path, "--no-input")
    again = init("--from", path, "--no-input")
    assert Park.objects.count() == 1 and Phase.objects.count() == 2
    assert Department.objects.count() == 1 and User.objects.count() == 1
    assert "phases: 0 created, 0 updated, 2 unchanged" in again
    assert "exists, left as it is" in again
    assert "industry codes" not in again  # loaded once
    changed = PARK_FILE.replace('name = "一期"', 'name = "第一期"').replace(
        "[admin]", '[[departments]]\ncode = "kjj"\nname = "科技局"\n\n[admin]'
    )
    out = init("--from", park_file(tmp_path, changed), "--no-input")
    assert Phase.objects.get(code="1").name == "第一期"
    assert Phase.objects.count() == 2 and Department.objects.count() == 2
    assert "phases: 0 created, 1 updated, 1 unchanged" in out
    assert "departments: 1 created, 0 updated, 1 unchanged" in out
    assert Phase.objects.get(code="1").history.count() == 2
    # the administrator's password is left as it is
    assert User.objects.get().check_password(PASSWORD)


def test_init_from_flags_without_questions(monkeypatch):
    monkeypatch.setenv("PARKBASE_INIT_PASSWORD", PASSWORD)
    init(
        "--no-input",
        "--code=east",
        "--name=东部园区",
        "--admin=boss",
        "--phase=1=一期",
        "--phase=2=二期",
        "--department=kjj=科技局",
    )
    park = Park.objects.get(code="east")
    assert [p.name for p in Phase.objects.filter(park=park)] == ["一期", "二期"]
    assert Department.objects.get(park=park).code == "kjj"
    assert User.objects.get(username="boss").check_password(PASSWORD)


def test_init_without_questions_names_the_missing_flags(monkeypatch):
    monkeypatch.delenv("PARKBASE_INIT_PASSWORD", raising=False)
    with pytest.raises(CommandError) as error:
        init("--no-input", "--code=east")
    assert "--name" in str(error.value) and "--admin" in str(error.value)
    with pytest.raises(CommandError) as error:
        init("--no-input", "--code=east", "--name=东部园区", "--admin=boss")
    assert "PARKBASE_INIT_PASSWORD" in str(error.value)
    assert nothing_written()


def test_init_asks_what_it_is_not_given():
    answers = "west\n西部园区\n\n1=一期\n\nd1=经信局\n\nadmin\n系统管理员\n"
    answers += f"{PASSWORD}\n{PASSWORD}\n"
    out = init(stdin=answers)
    park = Park.objects.get(code="west")
    assert park.name == "西部园区"
    assert [p.name for p in Phase.objects.filter(park=park)] == ["一期"]
    assert [d.code for d in Department.objects.filter(park=park)] == ["d1"]
    admin = User.objects.get(username="admin")
    assert admin.first_name == "系统管理员" and admin.check_password(PASSWORD)
    assert "园区代码 / park code" in out


def test_the_example_file_sets_up_a_park(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKBASE_INIT_PASSWORD", PASSWORD)
    printed = init("--example")
    assert printed == EXAMPLE.read_text(encoding="utf-8")
    init("--from", park_file(tmp_path, printed), "--no-input")
    assert Park.objects.get().code == "hitech" and Phase.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "key", "zh"),
    [
        (PARK_FILE.replace('name = "二期"', 'nmae = "二期"'), "phases[2].nmae", "未知的键"),
        (PARK_FILE.replace('code = "hitech"\n', ""), "park.code", "缺少此键"),
        (PARK_FILE.replace("order = 5", 'order = "五"'), "phases[2].order", "整数"),
        (PARK_FILE.replace("code = 2", 'code = "1"'), "phases[2].code", "重复"),
        (PARK_FILE.replace("[park]", "[prak]"), "prak", "未知的键"),
        (PARK_FILE.replace('code = "hitech"', 'code = "高新"'), "park.code", "字母"),
        (
            PARK_FILE.replace('name = "经济发展局"', 'name = ["经济发展局"]'),
            "departments[1].name",
            "文本",
        ),
        (
            PARK_FILE.replace('username = "chief"', 'username = "王 主任"'),
            "admin.username",
            "用户名",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_the_key(tmp_path, monkeypatch, text, key, zh):
    monkeypatch.setenv("PARKBASE_INIT_PASSWORD", PASSWORD)
    with pytest.raises(CommandError) as error:
        init("--from", park_file(tmp_path, text), "--no-input")
    message = str(error.value)
    assert key in message and zh in message
    assert "Nothing was written" in message and "未写入任何数据" in message
    assert nothing_written()


def test_a_file_that_is_not_toml_is_refused_with_the_line(tmp_path):
    with pytest.raises(CommandError) as error:
        init("--from", park_file(tmp_path, "[park\ncode = 1\n"), "--no-input")
    assert "not valid TOML" in str(error.value) and "line 1" in str(error.value)
    with pytest.raises(CommandError) as error:
        init("--from", str(tmp_path / "missing.toml"), "--no-input")
    assert "cannot read" in str(error.value)
    assert nothing_written()


def test_a_short_password_is_refused_in_both_languages(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKBASE_INIT_PASSWORD", "short")
    with pytest.raises(CommandError) as error:
        init("--from", park_file(tmp_path), "--no-input")
    assert "密码" in str(error.value) and "too short" in str(error.value)
    assert nothing_written()


def test_an_import_before_init_says_what_to_run():
    from parkbase.core.services import resolve_park

    with pytest.raises(CommandError) as error:
        resolve_park(None)
    assert "parkbase init" in str(error.value) and "还没有园区" in str(error.value)
