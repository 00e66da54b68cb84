"""Load the demo park (the park of the 2019 summary) from the CSV files beside this
module, through the same import services a user's spreadsheets go through."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from parkbase.core.models import Department, Park, Phase
from parkbase.core.services import (
    ROLE_ZH,
    industry_codes_load,
    read_records,
    reference_load,
    user_ensure,
)
from parkbase.enterprises.choices import Source
from parkbase.enterprises.models import Enterprise
from parkbase.enterprises.services import import_enterprises, import_years
from parkbase.imports.engine import Column
from parkbase.imports.reader import UnreadableFile, read_table

DATA = Path(__file__).resolve().parent / "data"
USER_COLUMNS = (
    Column("username", ("用户名",), required=True),
    Column("password", ("密码",), required=True),
    Column("role", ("角色",), kind="choice", choices=ROLE_ZH, required=True),
    Column("full_name", ("姓名",)),
    Column("scope", ("范围",)),
)


class DemoDataError(RuntimeError):
    pass


@dataclass
class DemoUser:
    username: str
    password: str
    role: str
    scope: str
    created: bool


@dataclass
class DemoResult:
    counts: dict = field(default_factory=dict)
    users: list[DemoUser] = field(default_factory=list)


@transaction.atomic
def load_demo(data_dir: Path = DATA) -> DemoResult:
    result = DemoResult()
    result.counts["industry_codes"] = industry_codes_load()
    result.counts.update(reference_load(data_dir))
    park = Park.objects.unscoped().get(code=_only_park_code(data_dir))
    for name, loader, kwargs in (
        ("enterprises", import_enterprises, {}),
        ("enterprise_years", import_years, {"default_source": Source.IMPORT}),
    ):
        report = loader(data_dir / f"{name}.csv", park=park, **kwargs)
        if report.errors or report.unusable:
            first = report.errors[0]["message_en"] if report.errors else report.unusable
            raise DemoDataError(f"demo file {name}.csv is invalid: {first}")
        result.counts[name] = report
    result.users = _users(data_dir / "users.csv", park)
    return result


def _only_park_code(data_dir: Path) -> str:
    _sheet, rows = read_table(data_dir / "parks.csv")
    return str(rows[1][0]).strip()


def _users(path: Path, park: Park) -> list[DemoUser]:
    users = []
    for rec in read_records(path, USER_COLUMNS):
        scope = (rec["scope"] or "").strip()
        kwargs = {"park": park}
        if scope:
            if rec["role"] == "department":
                kwargs["department"] = Department.objects.unscoped().get(park=park, code=scope)
            elif rec["role"] == "enterprise":
                kwargs["enterprise"] = Enterprise.objects.unscoped().get(uscc=scope)
            elif rec["role"] == "survey":
                codes = [c.strip() for c in scope.replace("；", ";").split(";") if c.strip()]
                kwargs["phases"] = list(Phase.objects.unscoped().filter(park=park, code__in=codes))
                if len(kwargs["phases"]) != len(codes):
                    raise UnreadableFile(f"users.csv: unknown phase in {scope!r}")
        user, created = user_ensure(
            username=rec["username"],
            password=rec["password"],
            role=rec["role"],
            full_name=rec["full_name"] or "",
            **kwargs,
        )
        users.append(
            DemoUser(user.username, rec["password"], user.role, user.scope_description(), created)
        )
    return users
