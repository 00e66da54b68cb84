"""``parkbase export KIND``: the list page's export from the command line, with the
page's filters, as the park's staff see it or as a named user sees it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.core.lists import exporting_lists

pytestmark = pytest.mark.django_db


def rows_of(path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_every_exporting_list_is_a_kind():
    kinds = exporting_lists()
    for kind in ("enterprises", "enterprise-years", "projects", "parcels", "concerns"):
        assert kind in kinds


def test_enterprises_as_the_park_staff_see_them(world, tmp_path):
    out = tmp_path / "e.xlsx"
    call_command("export", "enterprises", "--out", str(out), "--park", "a")
    names = {row[0] for row in rows_of(out)[1:]}
    assert names == {e.name for e in world.enterprises}  # park A's, not park B's


def test_filters_are_the_page_filters(world, tmp_path):
    out = tmp_path / "e.xlsx"
    phase = world.phases[1]
    call_command(
        "export", "enterprises", "--out", str(out), "--park", "a", "--filter", f"phase={phase.pk}"
    )
    names = {row[0] for row in rows_of(out)[1:]}
    assert names == {e.name for e in world.enterprises if e.phase == phase}


def test_as_a_user_the_export_is_what_they_see(world, tmp_path):
    out = tmp_path / "e.xlsx"
    dept = world.users[Role.DEPARTMENT]
    call_command("export", "enterprises", "--out", str(out), "--user", dept.username)
    names = {row[0] for row in rows_of(out)[1:]}
    assert names == {e.name for e in world.enterprises if e.pk in world.expected[Role.DEPARTMENT]}


def test_a_list_the_user_may_not_see_is_refused(world, tmp_path):
    enterprise_user = world.users[Role.ENTERPRISE]
    with pytest.raises(CommandError, match="404"):
        call_command(
            "export",
            "parcels",
            "--out",
            str(tmp_path / "p.xlsx"),
            "--user",
            enterprise_user.username,
        )
    assert not (tmp_path / "p.xlsx").exists()


def test_bad_arguments_are_named(world, tmp_path):
    with pytest.raises(CommandError, match="NAME=VALUE"):
        call_command("export", "enterprises", "--park", "a", "--filter", "phase")
    with pytest.raises(CommandError, match="nobody"):
        call_command("export", "enterprises", "--user", "nobody")
