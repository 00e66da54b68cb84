"""`parkbase users list | add | set-password`: the site's users from the command line,
written through the user services (checked, in the audit trail)."""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from parkbase.core import services
from parkbase.core.choices import Role
from parkbase.core.firstrun import password_problems
from parkbase.core.management.prompts import Prompter, password_from
from parkbase.core.messages import refusal_in_both
from parkbase.core.models import Department, Park, User
from parkbase.core.scoping import SYSTEM_WORK, survey_team_join

PASSWORD_VARIABLE = "PARKBASE_USER_PASSWORD"
ROLE_NAMES = {
    **{str(role): role for role in Role.values},
    **{name: role for name, role in services.ROLE_ZH.items()},
}


def _refused(zh: str, en: str) -> CommandError:
    return CommandError(f"{zh}\n  {en}")


def _both(refusal) -> CommandError:
    zh, en = refusal
    return CommandError("\n".join(f"{z}\n  {e}" for z, e in zip(zh, en, strict=False)))


def role_of(text: str) -> str:
    """The role ``text`` names: its value (staff), its Chinese name (园区工作人员) or its
    English name (Park staff)."""
    found = ROLE_NAMES.get(text.strip())
    if found is None:
        by_label = {str(label).lower(): value for value, label in Role.choices}
        found = by_label.get(text.strip().lower())
    if found is None:
        zh_names = {v: k for k, v in services.ROLE_ZH.items()}
        zh = "、".join(f"{v}（{zh_names[v]}）" for v in Role.values)
        with translation.override("en"):
            en = ", ".join(f"{v} ({label})" for v, label in Role.choices)
        raise _refused(
            f"角色 {text!r} 不存在；可用：{zh}。", f"No role {text!r}; use one of: {en}."
        )
    return found


def _one_of(rows, text: str, what: tuple[str, str]):
    """The one row matched, or None; several is an error."""
    found = list(rows[:2])
    if len(found) > 1:
        raise _refused(
            f"{what[0]} {text!r} 匹配多条记录，请用代码。",
            f"{what[1]} {text!r} matches more than one; give its code.",
        )
    return found[0] if found else None


def department_of(park: Park, text: str) -> Department:
    departments = Department.objects.unscoped(SYSTEM_WORK).filter(park=park)
    text = text.strip()
    match = _one_of(
        departments.filter(Q(code=text) | Q(name=text)), text, ("主管部门", "Department")
    )
    if match is not None:
        return match
    known = ", ".join(f"{d.code} {d.name}" for d in departments.order_by("code")) or "—"
    raise _refused(
        f"园区 {park.code} 没有代码或名称为 {text!r} 的主管部门（已有：{known}）。",
        f"Park {park.code} has no department with the code or name {text!r} (there are: {known}).",
    )


def enterprise_of(park: Park, text: str):
    # core names enterprises only through the user's relation (User.enterprise)
    enterprise_model = User._meta.get_field("enterprise").related_model
    rows = enterprise_model.objects.unscoped(SYSTEM_WORK).filter(park=park)
    text = text.strip()
    match = _one_of(rows.filter(Q(uscc=text.upper()) | Q(name=text)), text, ("企业", "Enterprise"))
    if match is None:
        raise _refused(
            f"园区 {park.code} 没有统一社会信用代码或名称为 {text!r} 的企业。",
            f"Park {park.code} has no enterprise with the credit code or name {text!r}.",
        )
    return match


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = (
        "The site's users. list [--json]: role and scope. add USERNAME --role ROLE "
        "[--park CODE] [--department CODE_OR_NAME] [--enterprise USCC_OR_NAME] [--team TEAM] "
        "[--name NAME]: a new user (password from PARKBASE_USER_PASSWORD or asked for). "
        "set-password USERNAME: a new password (the same way)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="users with their role and scope")
        listing.add_argument("--json", action="store_true", dest="as_json")
        add = sub.add_parser("add", help="add a user")
        add.add_argument("username")
        roles = ", ".join(Role.values)
        add.add_argument("--role", required=True, help=f"one of {roles} (or its Chinese name)")
        add.add_argument("--park", help="park code (needed when several parks exist)")
        add.add_argument("--department", help="a department user's department: code or name")
        add.add_argument("--enterprise", help="an enterprise user's enterprise: USCC or name")
        add.add_argument("--team", help="a survey team to join: TEAM or CAMPAIGN/TEAM")
        add.add_argument("--name", default="", help="the full name shown on the site")
        add.add_argument("--email", default="")
        add.add_argument("--no-input", action="store_false", dest="interactive")
        password = sub.add_parser("set-password", help="set a user's password")
        password.add_argument("username")
        password.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, *args, action, **options):
        self.prompter = Prompter(options.get("stdin") or sys.stdin, self.stdout)
        if action == "add":
            return self._add(**options)
        if action == "set-password":
            return self._set_password(options["username"], options["interactive"])
        return self._list(options["as_json"])

    # ------------------------------------------------------------ list

    def _list(self, as_json):
        users = (
            User.objects.unscoped(SYSTEM_WORK)
            .select_related("park", "department", "enterprise")
            .order_by("username")
        )
        rows = [
            {
                "username": u.username,
                "role": u.role,
                "scope": u.scope_description(),
                "name": u.get_full_name() or u.first_name,
                "active": u.is_active,
            }
            for u in users
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['username']:<16} {row['role']:<11} {row['scope']}")

    # ------------------------------------------------------------ add

    def _add(self, *, username, role, interactive, **options):
        role = role_of(role)
        park = None
        if role not in services.ROLES_OF_NO_PARK or options.get("park"):
            park = services.resolve_park(options.get("park"))
        values = {
            "username": username.strip(),
            "first_name": options.get("name") or "",
            "email": options.get("email") or "",
            "role": role,
            "park": park,
            "department": department_of(park, options["department"])
            if options.get("department") and park
            else None,
            "enterprise": enterprise_of(park, options["enterprise"])
            if options.get("enterprise") and park
            else None,
            "is_staff": role == Role.ADMIN,  # administrators open the admin site too
        }
        refusal = refusal_in_both(services.user_check, values)
        if refusal is not None:
            raise _both(refusal)
        if options.get("team") and park is None:
            raise _refused("加入调查组须指明园区（--park）。", "A team needs the park (--park).")
        who = (f"用户 {username}", f"user {username}")
        password = password_from(PASSWORD_VARIABLE, self.prompter, who, not interactive)
        problems = password_problems(password, User(username=values["username"]))
        if problems is not None:
            raise CommandError(str(problems))
        try:
            with transaction.atomic():
                account = services.user_create(password=password, **values)
                team = None
                if options.get("team"):
                    team = survey_team_join(member=account, text=options["team"])
        except ValidationError:
            # the same refusal in both languages (nothing was written)
            refusal = refusal_in_both(self._check_team, values, options["team"])
            if refusal is None:
                raise
            raise _both(refusal) from None
        scope = account.scope_description() if team is None else f"team:{team.name}"
        self.stdout.write(f"已建立用户 / created user {account.username} ({account.role}, {scope})")

    @staticmethod
    def _check_team(values, team):
        with transaction.atomic():
            account = services.user_create(password=None, **values)
            survey_team_join(member=account, text=team)
            transaction.set_rollback(True)

    # ------------------------------------------------------------ set-password

    def _set_password(self, username, interactive):
        account = User.objects.unscoped(SYSTEM_WORK).filter(username__iexact=username).first()
        if account is None:
            raise _refused(
                f"没有用户 {username!r}（见 `parkbase users list`）。",
                f"No user named {username!r} (see `parkbase users list`).",
            )
        who = (f"用户 {account.username}", f"user {account.username}")
        password = password_from(PASSWORD_VARIABLE, self.prompter, who, not interactive)
        problems = password_problems(password, account)
        if problems is not None:
            raise CommandError(str(problems))
        services.user_set_password(account=account, password=password)
        self.stdout.write(f"密码已更改 / password changed: {account.username}")
