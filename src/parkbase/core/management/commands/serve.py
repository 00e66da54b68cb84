from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def serve(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from parkbase.wsgi import application

    class _Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 120)

        def load(self):
            return application

    _Server().run()


class Command(BaseCommand):
    help = "Serve an existing data directory with gunicorn (static files by whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host, port, workers, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                "The database is not up to date: run `parkbase migrate` "
                "(or `parkbase demo --no-serve` for the demo park). "
                f"Data directory: {settings.DATA_DIR}"
            )
        self.stdout.write(f"parkbase: serving http://{host}:{port}/ (data: {settings.DATA_DIR})")
        serve(host, port, workers)
