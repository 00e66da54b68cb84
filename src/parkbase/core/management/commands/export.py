from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404, HttpResponseForbidden, HttpResponseNotFound, QueryDict
from django.test import RequestFactory
from django.utils import translation

from parkbase.core.choices import Role
from parkbase.core.lists import exporting_lists
from parkbase.core.models import User
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import resolve_park


class Command(BaseCommand):
    help = (
        "Export a list to XLSX, as its page exports it: the same columns (those of its "
        "import template, where it has one) and the same filters (--filter name=value, "
        "the page's query parameters). Without --user, the view of the park's staff "
        "(the whole park); with --user, what that user sees."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(exporting_lists()))
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a filter of the list page (repeat for several, e.g. --filter status=idle)",
        )
        parser.add_argument("--out", help="the file to write (default: KIND.xlsx)")
        parser.add_argument("--user", help="export what this user sees")
        parser.add_argument("--park", help="park code (needed when several parks exist)")

    def handle(self, *args, kind, filter, out, user, park, **options):
        view = exporting_lists()[kind]
        query = QueryDict(mutable=True)
        for item in filter:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise CommandError(f"--filter {item!r}: write it as NAME=VALUE.")
            query.appendlist(name.strip(), value.strip())
        query["export"] = "xlsx"
        reader = self._reader(user, park)
        request = RequestFactory().get("/", data=query)
        request.user = reader
        with translation.override("zh-hans"):
            try:
                response = view.as_view()(request)
            except Http404:
                response = HttpResponseNotFound()
            except PermissionDenied:
                response = HttpResponseForbidden()
        if response.status_code != 200:
            raise CommandError(
                f"{kind}: the list answered {response.status_code} for {reader.username} "
                "(the role may not see this list)."
            )
        target = Path(out or f"{kind}.xlsx")
        target.write_bytes(response.content)
        self.stdout.write(f"{target} ({len(response.content):,} bytes)")

    @staticmethod
    def _reader(username, park_code):
        if username:
            found = User.objects.unscoped(SYSTEM_WORK).filter(username=username).first()
            if found is None or not found.is_active:
                raise CommandError(
                    f"No active user named {username!r} (see `parkbase users list`)."
                )
            return found
        park = resolve_park(park_code)
        # the command line works for the whole park: the view of its staff
        return User(username="command-line", role=Role.STAFF, park=park, is_active=True)
