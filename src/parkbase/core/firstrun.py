"""A park of one's own (`parkbase init`): the park, its phases and departments and its
first administrator, described in a small TOML file (``data/park.example.toml`` shows
every key) or given on the command line. Every record is written through the services
(checked, in the audit trail); running it again updates what changed and creates
nothing twice.

    spec = read_spec(Path("park.toml"))      # SetupError names the key that is wrong
    result = set_up(spec, password="…")
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from parkbase.core import services
from parkbase.core.choices import Role
from parkbase.core.messages import refusal_in_both
from parkbase.core.models import Department, Park, Phase, User
from parkbase.core.scoping import SYSTEM_WORK

EXAMPLE = services.DATA_DIR / "park.example.toml"

# the keys of each table of the file; the first ones of each are required
KEYS = {
    "park": (("code", "name"), ("name_en",)),
    "phases": (("code", "name"), ("name_en", "order")),
    "departments": (("code", "name"), ()),
    "admin": (("username",), ("name", "email")),
}
TABLES = {"park": "table", "phases": "list", "departments": "list", "admin": "table"}


class SetupError(Exception):
    """Input ``init`` cannot use: each problem in Chinese and in English."""

    def __init__(self, zh: list[str] | str, en: list[str] | str):
        self.zh = [zh] if isinstance(zh, str) else list(zh)
        self.en = [en] if isinstance(en, str) else list(en)
        super().__init__(str(self))

    def __str__(self):
        return "\n".join(f"{z}\n  {e}" for z, e in zip(self.zh, self.en, strict=False))


@dataclass
class Spec:
    """What ``init`` sets up."""

    code: str = ""
    name: str = ""
    name_en: str = ""
    phases: list[dict] = field(default_factory=list)  # code, name, name_en, order
    departments: list[dict] = field(default_factory=list)  # code, name
    admin: str = ""  # the first administrator's user name
    admin_name: str = ""
    admin_email: str = ""


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def text(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class SetupResult:
    park: Park
    park_state: str  # created, updated, unchanged
    phases: Outcome
    departments: Outcome
    admin: User | None
    admin_state: str  # created, exists, exists-not-admin, none


# ---------------------------------------------------------------- reading the file


def _problem(source: str, key: str, zh: str, en: str) -> SetupError:
    return SetupError(f"{source}：{key}：{zh}", f"{source}: {key}: {en}")


def _text(source, key, value, *, required: bool) -> str:
    if value is None:
        if required:
            raise _problem(source, key, "缺少此键（必填）", "this key is missing (required)")
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # code = 1
    if not isinstance(value, str):
        raise _problem(
            source,
            key,
            f"应为文本（用引号括起），而不是 {value!r}",
            f"must be text (in quotes), not {value!r}",
        )
    value = value.strip()
    if required and not value:
        raise _problem(source, key, "不能为空", "must not be empty")
    return value


def _table(source: str, key: str, value, known: tuple) -> dict:
    if not isinstance(value, dict):
        raise _problem(
            source,
            key,
            "应为一个表（[表名] 及其下的 键 = 值）",
            "must be a table (key = value lines)",
        )
    required, optional = known
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        names = ", ".join((*required, *optional))
        raise _problem(
            source,
            f"{key}.{unknown[0]}",
            f"未知的键（可用的键：{names}）",
            f"unknown key (the keys are: {names})",
        )
    return {
        name: _text(source, f"{key}.{name}", value.get(name), required=name in required)
        for name in (*required, *optional)
        if name != "order"
    }


def _records(source: str, key: str, value, *, ordered: bool) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _problem(
            source,
            key,
            f"应写成 [[{key}]] 表的列表",
            f"must be a list of tables, each starting with [[{key}]]",
        )
    records, seen = [], {}
    for number, item in enumerate(value, 1):
        where = f"{key}[{number}]"
        record = _table(source, where, item, KEYS[key])
        if ordered:
            order = item.get("order", number)
            if isinstance(order, bool) or not isinstance(order, int) or order < 0:
                raise _problem(
                    source,
                    f"{where}.order",
                    f"应为 0 或更大的整数，而不是 {order!r}",
                    f"must be a whole number of 0 or more, not {order!r}",
                )
            record["order"] = order
        if record["code"] in seen:
            first = seen[record["code"]]
            raise _problem(
                source,
                f"{where}.code",
                f"代码 {record['code']!r} 与 {key}[{first}] 重复",
                f"the code {record['code']!r} repeats {key}[{first}]",
            )
        seen[record["code"]] = number
        records.append(record)
    return records


def spec_from(data: dict, source: str = "park.toml") -> Spec:
    """The spec of a parsed TOML document; a wrong, missing or unknown key is a
    ``SetupError`` that names it."""
    unknown = sorted(set(data) - set(TABLES))
    if unknown:
        names = ", ".join(TABLES)
        raise _problem(
            source,
            unknown[0],
            f"未知的键（可用的表：{names}）",
            f"unknown key (the tables are: {names})",
        )
    if "park" not in data:
        raise _problem(
            source, "park", "缺少 [park] 表（必填）", "the table [park] is missing (required)"
        )
    park = _table(source, "park", data["park"], KEYS["park"])
    spec = Spec(code=park["code"], name=park["name"], name_en=park["name_en"])
    spec.phases = _records(source, "phases", data.get("phases"), ordered=True)
    spec.departments = _records(source, "departments", data.get("departments"), ordered=False)
    if "admin" in data:
        admin = _table(source, "admin", data["admin"], KEYS["admin"])
        spec.admin, spec.admin_name, spec.admin_email = (
            admin["username"],
            admin["name"],
            admin["email"],
        )
    return spec


def read_spec(path: Path) -> Spec:
    """The spec in the TOML file at ``path``."""
    source = Path(path).name
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SetupError(
            f"不能读取 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}"
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SetupError(
            f"{source} 不是 UTF-8 文本：请另存为 UTF-8。",
            f"{source} is not UTF-8 text: save it as UTF-8.",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SetupError(
            f"{source} 不是有效的 TOML：{exc}", f"{source} is not valid TOML: {exc}"
        ) from None
    return spec_from(data, source)


# ---------------------------------------------------------------- checks in both languages


def _field_messages(check, args) -> list[tuple[str, str]] | None:
    try:
        check(*args)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return [("", m) for m in exc.messages]
        return [
            (name, m) for name, errors in exc.error_dict.items() for e in errors for m in e.messages
        ]
    return None


def refuse_in_both(key: str, check, *args) -> None:
    """Run a service's check; its refusal becomes a ``SetupError`` naming each key
    (``phases[2].code``), in Chinese and English."""
    with translation.override("zh-hans"):
        zh = _field_messages(check, args)
    if zh is None:
        return
    with translation.override("en"):
        en = _field_messages(check, args) or zh

    def keyed(name):
        return f"{key}.{name}" if name and name != "__all__" else key

    raise SetupError(
        [f"{keyed(name)}：{m}" for name, m in zh], [f"{keyed(name)}: {m}" for name, m in en]
    )


def password_problems(password: str, user: User | None = None) -> SetupError | None:
    """The password validators' refusal of ``password`` in both languages, or None."""
    refusal = refusal_in_both(validate_password, password, user)
    return None if refusal is None else SetupError(*refusal)


# ---------------------------------------------------------------- writing


def _park(spec: Spec, user) -> tuple[Park, str]:
    values = {"code": spec.code, "name": spec.name, "name_en": spec.name_en}
    park = Park.objects.unscoped(SYSTEM_WORK).filter(code=spec.code).first()
    if park is None:
        refuse_in_both("park", services.park_check, values)
        return services.park_create(user=user, **values), "created"
    changed = {k: v for k, v in values.items() if k != "code" and v and getattr(park, k) != v}
    if not changed:
        return park, "unchanged"
    refuse_in_both("park", services.park_check, changed, park)
    return services.park_update(park=park, user=user, **changed), "updated"


def _park_records(park, model, records, key, check, create, update, user) -> Outcome:
    outcome = Outcome()
    existing = {r.code: r for r in model.objects.unscoped(SYSTEM_WORK).filter(park=park)}
    for number, record in enumerate(records, 1):
        where = f"{key}[{number}]"
        current = existing.get(record["code"])
        if current is None:
            refuse_in_both(where, check, {"park": park} | record)
            create(park=park, user=user, **record)
            outcome.created += 1
            continue
        changed = {k: v for k, v in record.items() if getattr(current, k) != v}
        if not changed:
            outcome.unchanged += 1
            continue
        refuse_in_both(where, check, changed, current)
        update(current, user=user, **changed)
        outcome.updated += 1
    return outcome


def _admin(spec: Spec, park: Park, password: str | None, user) -> tuple[User | None, str]:
    if not spec.admin:
        return None, "none"
    found = User.objects.unscoped(SYSTEM_WORK).filter(username__iexact=spec.admin).first()
    if found is not None:
        is_admin = found.is_superuser or found.role == Role.ADMIN
        return found, "exists" if is_admin else "exists-not-admin"
    values = {
        "username": spec.admin,
        "first_name": spec.admin_name,
        "email": spec.admin_email,
        "role": Role.ADMIN,
        "park": park,
        "is_staff": True,  # the admin site too
        "is_superuser": True,  # every park, every record
    }
    refuse_in_both("admin", services.user_check, values)
    if password is CHECK_ONLY:
        return None, "created"
    if not password:
        raise SetupError(
            f"管理员 {spec.admin} 需要密码。", f"The administrator {spec.admin} needs a password."
        )
    problems = password_problems(password, User(**{k: values[k] for k in ("username", "email")}))
    if problems is not None:
        raise problems
    return services.user_create(password=password, user=user, **values), "created"


CHECK_ONLY = object()  # set_up's password when it only checks

# What the apps above core give a park set up by ``init`` (the indicator library…):
# each a callable (park, user) registered in its AppConfig.ready.
_park_set_up: list = []


def register_park_set_up(step) -> None:
    """Run ``step(park, user)`` for every park ``set_up`` creates or updates."""
    if step not in _park_set_up:
        _park_set_up.append(step)


def check(spec: Spec) -> None:
    """Raise what ``set_up`` would refuse (the password aside); write nothing."""
    with transaction.atomic():
        set_up(spec, password=CHECK_ONLY)
        transaction.set_rollback(True)


@transaction.atomic
def set_up(spec: Spec, password=None, user=None) -> SetupResult:
    """Create or update the park, its phases and departments, and create its first
    administrator (an existing user of that name is left as it is); all or nothing."""
    park, park_state = _park(spec, user)
    phases = _park_records(
        park,
        Phase,
        spec.phases,
        "phases",
        services.phase_check,
        services.phase_create,
        lambda phase, **v: services.phase_update(phase=phase, **v),
        user,
    )
    departments = _park_records(
        park,
        Department,
        spec.departments,
        "departments",
        services.department_check,
        services.department_create,
        lambda department, **v: services.department_update(department=department, **v),
        user,
    )
    admin, admin_state = _admin(spec, park, password, user)
    for step in _park_set_up:
        step(park, user)
    return SetupResult(park, park_state, phases, departments, admin, admin_state)


def admin_needs_password(spec: Spec) -> bool:
    """Whether ``set_up`` will create the administrator (and so needs a password)."""
    if not spec.admin:
        return False
    return not User.objects.unscoped(SYSTEM_WORK).filter(username__iexact=spec.admin).exists()


def has_administrator() -> bool:
    """Whether someone can administer the site already (an active administrator)."""
    users = User.objects.unscoped(SYSTEM_WORK).filter(is_active=True)
    return users.filter(Q(is_superuser=True) | Q(role=Role.ADMIN)).exists()
