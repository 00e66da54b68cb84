from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from parkbase.core.clock import fix_as_of
from parkbase.core.management.commands.serve import serve
from parkbase.demo.land import STORY_ENDS
from parkbase.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Create the data directory, migrate the database, load the demo park and one "
        "demo user per role, then serve the site. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="prepare, do not serve")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, no_serve, host, port, workers, **options):
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        # the demo runs as of its story's end: its overdue lists read as they did then
        fix_as_of(STORY_ENDS)
        result = load_demo()
        for name, counts in result.counts.items():
            self.stdout.write(
                f"  {name}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
        self.stdout.write(f"\nThe demo park runs as of {STORY_ENDS.isoformat()} (its story's end).")
        self.stdout.write("\nDemo users (username / password / role / scope):")
        for user in result.users:
            self.stdout.write(
                f"  {user.username:<12} {user.password:<16} {user.role:<11} {user.scope}"
            )
        if no_serve:
            self.stdout.write("\nPrepared. Serve it with: parkbase serve")
            return
        self.stdout.write(f"\nOpen http://{host}:{port}/ and log in as one of the users above.")
        serve(host, port, workers)
