"""The README's "Your own park" section: its commands, run in its order on an empty
database, give a park with its phases, departments, first administrator and users,
ready for an import (which then finds the park)."""

from __future__ import annotations

import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from parkbase.core.choices import Role
from parkbase.core.models import Department, Park, Phase, User

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
PASSWORD = "first-admin-pw"


def own_park_commands() -> list[str]:
    """The section's command block, one command a line."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Your own park.*?$(.*?)^## ", text, re.S | re.M)
    assert section, "README: no section 'Your own park'"
    block = re.search(r"\n\n((?:    .+\n)+)", section.group(1))
    assert block, "README: the section has no command block"
    return [line.strip() for line in block.group(1).splitlines()]


def test_the_readme_names_the_steps_in_order():
    steps = [line.split("#")[0].split() for line in own_park_commands()]
    order = [" ".join(words[:3]) for words in steps]
    first = {step: i for i, step in reversed(list(enumerate(order)))}
    assert order[0] == "pip install ."
    assert (
        first["parkbase migrate"]
        < first["parkbase init --example"]
        < first["parkbase init --from"]
        < first["parkbase users add"]
        < first["parkbase serve"]
        < first["parkbase import enterprises"]
    )


def test_the_readmes_commands_set_up_a_park(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PARKBASE_INIT_PASSWORD", PASSWORD)
    monkeypatch.setenv("PARKBASE_USER_PASSWORD", "user-password-1")
    ran = []
    for line in own_park_commands():
        words = shlex.split(line.split("#")[0])
        if words[0] != "parkbase" or words[1] in ("serve", "import"):
            continue  # installing, serving and importing a file are not for a test
        out = StringIO()
        args, target = words[1:], None
        if ">" in args:
            args, target = args[: args.index(">")], args[args.index(">") + 1]
        quiet = {"verbosity": 0} if args[0] == "migrate" else {"stdin": StringIO("")}
        call_command(*args, stdout=out, **quiet)
        if target:
            (tmp_path / target).write_text(out.getvalue(), encoding="utf-8")
        ran.append(" ".join(args[:2]))
    assert ran == ["migrate", "init --example", "init --from", "users add", "users add"]
    park = Park.objects.get()
    assert Phase.objects.filter(park=park).count() >= 1
    assert Department.objects.filter(park=park, name="经济发展局").exists()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(PASSWORD)
    assert User.objects.get(username="zhangsan").role == Role.STAFF
    dept = User.objects.get(username="jfj01")
    assert dept.role == Role.DEPARTMENT and dept.department.name == "经济发展局"
