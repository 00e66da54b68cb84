"""`parkbase init`: a park of one's own, after `parkbase migrate`: the park, its phases,
departments and first administrator (``core.firstrun``), and the shipped GB/T 4754-2017
sections and divisions when no industry codes are loaded yet (imports check enterprises'
industry codes against them). It lives here, above core, because it loads that table
through ``imports.reference``."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from parkbase.core import firstrun
from parkbase.core.management.prompts import Prompter, password_from
from parkbase.core.models import IndustryCode
from parkbase.imports.reference import industry_codes_load

PASSWORD_VARIABLE = "PARKBASE_INIT_PASSWORD"
STATES = {
    "created": "已建立 / created",
    "updated": "已更新 / updated",
    "unchanged": "无变化 / unchanged",
    "exists": "已存在，未改动 / exists, left as it is",
    "exists-not-admin": "已存在但不是管理员，未改动 / exists but is not an administrator, left as it is",
}


def _pair(text: str, flag: str) -> dict:
    code, sep, name = text.partition("=")
    if not sep or not code.strip() or not name.strip():
        raise CommandError(
            f"{flag} {text!r}：请写成 代码=名称。 / {flag} {text!r}: write it as CODE=NAME."
        )
    return {"code": code.strip(), "name": name.strip()}


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = (
        "Create the park (code and name), its phases and departments, and its first "
        "administrator: from a TOML file (--from park.toml; --example prints one), from "
        "flags (--no-input), or by answering questions. Run again, it updates what changed "
        "and creates nothing twice. The administrator's password comes from "
        f"{PASSWORD_VARIABLE} or is asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="path", metavar="FILE", help="a park file (TOML)")
        parser.add_argument(
            "--example", action="store_true", help="print an example park file and stop"
        )
        parser.add_argument("--code", help="the park's code (letters, digits, - and _)")
        parser.add_argument("--name", help="the park's name")
        parser.add_argument("--name-en", dest="name_en", help="the park's English name")
        parser.add_argument(
            "--phase", action="append", default=[], metavar="CODE=NAME", help="a phase (repeat)"
        )
        parser.add_argument(
            "--department",
            action="append",
            default=[],
            metavar="CODE=NAME",
            help="a district department (repeat)",
        )
        parser.add_argument("--admin", metavar="USERNAME", help="the first administrator")
        parser.add_argument("--admin-name", dest="admin_name", help="the administrator's name")
        parser.add_argument("--admin-email", dest="admin_email", help="their e-mail address")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="ask nothing"
        )

    def handle(self, *args, **options):
        if options["example"]:
            self.stdout.write(firstrun.EXAMPLE.read_text(encoding="utf-8"), ending="")
            return
        prompter = Prompter(options.get("stdin") or sys.stdin, self.stdout)
        try:
            spec = self._spec(options, prompter)
            password = None
            firstrun.check(spec)  # a mistake is told before the password is asked for
            if firstrun.admin_needs_password(spec):
                who = (f"管理员 {spec.admin}", f"administrator {spec.admin}")
                no_input = not options["interactive"]
                password = password_from(PASSWORD_VARIABLE, prompter, who, no_input)
            with transaction.atomic():
                result = firstrun.set_up(spec, password=password)
                codes = None if IndustryCode.objects.exists() else industry_codes_load()
        except firstrun.SetupError as exc:
            raise CommandError(f"未写入任何数据。 / Nothing was written.\n{exc}") from None
        self._report(result, codes)

    # ------------------------------------------------------------ what to set up

    def _spec(self, options, prompter: Prompter) -> firstrun.Spec:
        spec = firstrun.read_spec(Path(options["path"])) if options["path"] else firstrun.Spec()
        for name in ("code", "name", "name_en", "admin", "admin_name", "admin_email"):
            if options.get(name):
                setattr(spec, name, options[name].strip())
        if options["phase"]:
            spec.phases = [
                _pair(text, "--phase") | {"order": n} for n, text in enumerate(options["phase"], 1)
            ]
        if options["department"]:
            spec.departments = [_pair(text, "--department") for text in options["department"]]
        if not options["interactive"]:
            missing = [
                flag
                for flag, value in (
                    ("--code", spec.code),
                    ("--name", spec.name),
                    ("--admin", spec.admin or firstrun.has_administrator()),
                )
                if not value
            ]
            if missing:
                flags = ", ".join(missing)
                raise CommandError(
                    f"没有交互时须给出 {flags}（或 --from 文件）。 / "
                    f"Without questions, give {flags} (or --from FILE)."
                )
            return spec
        asked_for_lists = not (options["path"] or options["phase"] or options["department"])
        self._ask(spec, prompter, asked_for_lists)
        return spec

    def _ask(self, spec: firstrun.Spec, prompter: Prompter, lists: bool) -> None:
        write = self.stdout.write
        spec.code = spec.code or prompter.ask("园区代码 / park code (a–z, 0–9, - _)")
        spec.name = spec.name or prompter.ask("园区名称 / park name")
        spec.name_en = spec.name_en or prompter.ask("英文名称 / English name (optional)")
        if lists:
            write("分期，每行 代码=名称，空行结束 / phases, one CODE=NAME a line, empty to end:")
            spec.phases = [
                r | {"order": n} for n, r in enumerate(self._pairs(prompter, "--phase"), 1)
            ]
            write("主管部门，每行 代码=名称，空行结束 / departments, one CODE=NAME a line:")
            spec.departments = self._pairs(prompter, "--department")
        if not spec.admin:
            spec.admin = prompter.ask("管理员用户名 / administrator's user name", "admin")
            spec.admin_name = spec.admin_name or prompter.ask("姓名 / full name (optional)")

    def _pairs(self, prompter: Prompter, flag: str) -> list[dict]:
        found = []
        while line := prompter.line("  > ").strip():
            found.append(_pair(line, flag))
        return found

    # ------------------------------------------------------------ what was done

    def _report(self, result: firstrun.SetupResult, codes) -> None:
        park = result.park
        self.stdout.write(f"园区 / park {park.code} ({park.name}): {STATES[result.park_state]}")
        self.stdout.write(f"分期 / phases: {result.phases.text()}")
        self.stdout.write(f"主管部门 / departments: {result.departments.text()}")
        if result.admin is not None:
            name = result.admin.username
            self.stdout.write(f"管理员 / administrator {name}: {STATES[result.admin_state]}")
        if codes is not None:
            self.stdout.write(
                f"行业代码 / industry codes (GB/T 4754-2017): {codes.created} created "
                "(`parkbase industry load FILE` loads the full table)"
            )
        self.stdout.write(
            "下一步 / next: parkbase users add USERNAME --role ROLE ...; parkbase serve"
        )
