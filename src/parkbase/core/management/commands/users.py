import json

from django.core.management.base import BaseCommand

from parkbase.core.models import User
from parkbase.core.scoping import SYSTEM_WORK


class Command(BaseCommand):
    help = "List users with their role and scope: `parkbase users list [--json]`."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list"])
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action, as_json, **options):
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
