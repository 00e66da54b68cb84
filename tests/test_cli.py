import json
import os
import subprocess
import sys
from io import StringIO

from django.core.management import call_command
from rest_framework.authtoken.models import Token


def test_help_lists_the_commands():
    out = subprocess.run(
        [sys.executable, "-m", "parkbase.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    ).stdout
    for command in ("demo", "serve", "import", "evaluate", "users", "token", "check"):
        assert f"\n  {command}" in out


def test_users_list_json_gives_role_and_scope(world):
    out = StringIO()
    call_command("users", "list", "--json", stdout=out)
    users = {u["username"]: u for u in json.loads(out.getvalue())}
    assert users["dept"]["role"] == "department"
    assert users["dept"]["scope"] == "department:D1"
    assert users["survey"]["scope"] == "teams:2019年度企业全面调查/调查二组"
    assert users["ent"]["scope"] == f"enterprise:{world.enterprises[3].uscc}"


def test_token_create_prints_the_token_last(world):
    out = StringIO()
    call_command("token", "create", "staff", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert last == Token.objects.get(user__username="staff").key
