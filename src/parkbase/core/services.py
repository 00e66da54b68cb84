"""Writes of the core app: phases, departments and users. Reference data (parks,
phases, departments, industry codes) is read from files by ``imports.reference``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Role
from parkbase.core.models import Department, Park, Phase, User
from parkbase.core.scoping import FOR_WRITE, RULE_CHECK, SYSTEM_WORK
from parkbase.core.violations import Violation
from parkbase.core.write import acting, refuse

# the shipped GB/T 4754-2017 sections and divisions (data/README.md); imports.reference
# loads it
DATA_DIR = Path(__file__).resolve().parent / "data"
INDUSTRY_TABLE = DATA_DIR / "gbt4754_2017.csv"

ROLE_ZH = {
    "管理员": Role.ADMIN,
    "园区领导": Role.LEADER,
    "园区工作人员": Role.STAFF,
    "调查组成员": Role.SURVEY,
    "主管部门": Role.DEPARTMENT,
    "企业用户": Role.ENTERPRISE,
}


@dataclass
class LoadResult:
    """What a loader did: records created, updated, and found as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def user_ensure(
    *,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    park=None,
    department=None,
    enterprise=None,
) -> tuple[User, bool]:
    """Create the user if missing; an existing user is left as it is (password included)."""
    user = User.objects.unscoped(RULE_CHECK).filter(username=username).first()
    if user is not None:
        return user, False
    user = User(
        username=username,
        role=role,
        first_name=full_name,
        park=park,
        department=department,
        enterprise=enterprise,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    user.save()
    return user, True


def resolve_park(code: str | None) -> Park:
    """The park a command works on: the one named, or the only one there is."""
    from django.core.management.base import CommandError

    parks = Park.objects.unscoped(SYSTEM_WORK)
    if code:
        park = parks.filter(code=code).first()
        if park is None:
            known = ", ".join(parks.values_list("code", flat=True)) or "—"
            raise CommandError(
                f"没有代码为 {code!r} 的园区（已有：{known}）。 / "
                f"No park with code {code!r} (there are: {known})."
            )
        return park
    found = list(parks[:2])
    if not found:
        raise CommandError(
            "还没有园区：先运行 `parkbase init` 建立园区。 / "
            "No park exists yet: create it with `parkbase init` first."
        )
    if len(found) > 1:
        raise CommandError("有多个园区，请用 --park CODE 指明。 / Name the park with --park CODE.")
    return found[0]


# ---------------------------------------------------------------- parks, phases, departments, users
# Edited on the administration pages, in the admin site and by `parkbase init` / `parkbase
# users`; like every other write they are checked here and saved with the acting user in
# the audit trail. Parks, phases, departments and users carry no version.

PARK_FIELDS = ("code", "name", "name_en")
PHASE_FIELDS = ("code", "name", "name_en", "order")
DEPARTMENT_FIELDS = ("code", "name")
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "park",
    "department",
    "enterprise",
    "is_active",
    "is_staff",
    "is_superuser",
)
USER_SETS = ("groups", "user_permissions")
ROLES_OF_NO_PARK = (Role.ADMIN,)
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
USERNAME = re.compile(r"[\w.@+-]+")  # Django's user names: letters, digits and @ . + - _
USERNAME_MAX = 150


def _save(obj, user) -> None:
    """Save with ``user`` in the audit trail; with no user named, the request's (the
    audit trail's middleware) or nobody's (the command line)."""
    if user is not None:
        obj._history_user = acting(user)
    obj.save()


def _values_of(obj, names) -> dict:
    """The record's current values of ``names`` (None for a relation not set yet)."""
    values = {}
    for name in names:
        try:
            values[name] = getattr(obj, name)
        except ObjectDoesNotExist:
            values[name] = None
    return values


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def _assign(obj, fields, values: dict) -> None:
    unknown = sorted(set(values) - set(fields) - {"park"})
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(unknown)}")
    for name in fields:
        if name in values:
            setattr(obj, name, _clean(values[name]))


def _park_record_violations(model, fields, values: dict, current, other) -> list[Violation]:
    """A phase's or a department's rules: a park, a code unique in it, a name; the park
    stays what it was (its enterprises and parcels are that park's)."""
    if current is not None:
        values = _values_of(current, (*fields, "park")) | values
    found = [Violation(n, "required") for n in ("code", "name") if not _clean(values.get(n))]
    park = values.get("park")
    if park is None:
        found.append(Violation("park", "required"))
    elif current is not None and park.pk != current.park_id:
        found.append(Violation("park", "park_fixed", {"value": current.park}))
    code = _clean(values.get("code"))
    if code and park is not None:
        clash = model.objects.unscoped(RULE_CHECK).filter(park=park, code=code)
        if current is not None:
            clash = clash.exclude(pk=current.pk)
        if clash.exists():
            found.append(Violation("code", "duplicate", {"value": code, "other": other}))
    return found


def _references(obj) -> dict[str, int]:
    """How many records of each kind point at ``obj`` (their audit trail aside)."""
    from simple_history.models import HistoricalChanges

    found: dict[str, int] = {}
    for rel in obj._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete):
            continue
        model = rel.related_model
        if issubclass(model, HistoricalChanges) or model._meta.auto_created:
            continue
        count = model._base_manager.filter(**{rel.field.name: obj}).count()
        if count:
            key = str(model._meta.verbose_name_plural)
            found[key] = found.get(key, 0) + count
    return found


def _delete_unreferenced(obj, user) -> None:
    """Delete ``obj`` unless a record still points at it: deleting would leave those
    records without it (or empty their field) outside their own audit trail."""
    references = _references(obj)
    if references:
        params = {"value": str(obj), "count": sum(references.values())}
        params["kinds"] = ", ".join(references)
        refuse([Violation("__all__", "still_referenced", params)], type(obj))
    if user is not None:
        obj._history_user = acting(user)
    obj.delete()


def _write(model, fields, check, current, values: dict, user):
    """Create (``current`` unsaved) or update a record of ``model`` under ``check``."""
    with transaction.atomic():
        if current.pk is not None:
            current = model.objects.unscoped(FOR_WRITE).select_for_update().get(pk=current.pk)
        check(values, None if current.pk is None else current)
        if current.pk is None:
            current.park = values["park"]
        _assign(current, fields, values)
        _save(current, user)
    return current


def park_check(values: dict, current: Park | None = None) -> None:
    """A park's rules: a code (letters, digits, ``-`` and ``_``; it names the park on the
    command line and in files) unique among parks, and a name."""
    if current is not None:
        values = _values_of(current, PARK_FIELDS) | values
    found = [Violation(n, "required") for n in ("code", "name") if not _clean(values.get(n))]
    code = _clean(values.get("code"))
    limits = {n: Park._meta.get_field(n).max_length for n in PARK_FIELDS}
    for name, limit in limits.items():
        text = _clean(values.get(name)) or ""
        if len(text) > limit:
            found.append(Violation(name, "text_too_long", {"value": text, "limit": limit}))
    if code and not SLUG.fullmatch(code):
        found.append(Violation("code", "slug_format", {"value": code}))
    elif code:
        clash = Park.objects.unscoped(RULE_CHECK).filter(code=code)
        if current is not None:
            clash = clash.exclude(pk=current.pk)
        if clash.exists():
            found.append(
                Violation("code", "duplicate", {"value": code, "other": _("another park")})
            )
    refuse(found, Park)


def park_create(*, user=None, **values) -> Park:
    with transaction.atomic():
        park_check(values)
        park = Park()
        _assign(park, PARK_FIELDS, values)
        _save(park, user)
    return park


def park_update(*, park: Park, user=None, **values) -> Park:
    with transaction.atomic():
        current = Park.objects.unscoped(FOR_WRITE).select_for_update().get(pk=park.pk)
        park_check(values, current)
        _assign(current, PARK_FIELDS, values)
        _save(current, user)
    return current


def phase_check(values: dict, current: Phase | None = None) -> None:
    """Raise the phase's refusals (field-keyed) for ``values`` (``park`` included)."""
    found = _park_record_violations(
        Phase, PHASE_FIELDS, values, current, _("another phase of this park")
    )
    order = values.get("order")
    if isinstance(order, int) and order < 0:
        found.append(Violation("order", "negative", {"value": order}))
    refuse(found, Phase)


def phase_create(*, park, user=None, **values) -> Phase:
    return _write(Phase, PHASE_FIELDS, phase_check, Phase(), {"park": park} | values, user)


def phase_update(*, phase: Phase, user=None, **values) -> Phase:
    return _write(Phase, PHASE_FIELDS, phase_check, phase, values, user)


def phase_delete(*, phase: Phase, user=None) -> None:
    with transaction.atomic():
        _delete_unreferenced(
            Phase.objects.unscoped(FOR_WRITE).select_for_update().get(pk=phase.pk), user
        )


def department_check(values: dict, current: Department | None = None) -> None:
    """Raise the department's refusals (field-keyed) for ``values``."""
    other = _("another department of this park")
    found = _park_record_violations(Department, DEPARTMENT_FIELDS, values, current, other)
    refuse(found, Department)


def department_create(*, park, user=None, **values) -> Department:
    return _write(
        Department, DEPARTMENT_FIELDS, department_check, Department(), {"park": park} | values, user
    )


def department_update(*, department: Department, user=None, **values) -> Department:
    return _write(Department, DEPARTMENT_FIELDS, department_check, department, values, user)


def department_delete(*, department: Department, user=None) -> None:
    with transaction.atomic():
        current = Department.objects.unscoped(FOR_WRITE).select_for_update().get(pk=department.pk)
        _delete_unreferenced(current, user)


def user_check(values: dict, current: User | None = None) -> None:
    """A user's rules: a unique user name (whatever its case), a known role, and what
    the role's scope is read from: a park for every role but the administrator's, the
    department of a department user, the enterprise of an enterprise user, both of
    the user's park."""
    if current is not None:
        values = _values_of(current, USER_FIELDS) | values
    found = []
    username = _clean(values.get("username"))
    if not username:
        found.append(Violation("username", "required"))
    elif len(username) > USERNAME_MAX or not USERNAME.fullmatch(username):
        found.append(Violation("username", "username_format", {"value": username}))
    else:
        clash = User.objects.unscoped(RULE_CHECK).filter(username__iexact=username)
        if current is not None:
            clash = clash.exclude(pk=current.pk)
        if clash.exists():
            found.append(
                Violation("username", "duplicate", {"value": username, "other": _("another user")})
            )
    role = values.get("role")
    if role not in Role.values:
        choices = ", ".join(str(label) for label in Role.labels)
        found.append(Violation("role", "unknown_choice", {"value": role, "choices": choices}))
        role = None
    park = values.get("park")
    label = Role(role).label if role else ""
    needs = {"park": role not in (None, *ROLES_OF_NO_PARK)}
    needs["department"] = role == Role.DEPARTMENT
    needs["enterprise"] = role == Role.ENTERPRISE
    for name, needed in needs.items():
        if needed and values.get(name) is None:
            found.append(Violation(name, "required_for_role", {"value": label}))
    for name in ("department", "enterprise"):
        linked = values.get(name)
        if linked is not None and park is not None and linked.park_id != park.pk:
            found.append(Violation(name, "other_park", {"value": str(linked)}))
    refuse(found, User)


def _user_write(account: User, values: dict, user, password=None, set_password=False):
    sets = {name: values.pop(name) for name in USER_SETS if name in values}
    with transaction.atomic():
        if account.pk is not None:
            account = User.objects.unscoped(FOR_WRITE).select_for_update().get(pk=account.pk)
        user_check(values, None if account.pk is None else account)
        _assign(account, USER_FIELDS, values)
        if set_password:
            if password:
                account.set_password(password)
            else:
                account.set_unusable_password()
        _save(account, user)
        for name, items in sets.items():
            getattr(account, name).set(items)
    return account


def user_create(*, password: str | None = None, user=None, **values) -> User:
    """A new user; no ``password`` makes one that cannot log in with a password."""
    return _user_write(User(), values, user, password, set_password=True)


def user_update(*, account: User, user=None, **values) -> User:
    return _user_write(account, values, user)


def user_set_password(*, account: User, password: str | None, user=None) -> User:
    """Set (or, with None, disable) the user's password; the audit trail records who
    did it (never the password)."""
    return _user_write(account, {}, user, password, set_password=True)
