import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def start_task_worker() -> subprocess.Popen:
    """The background-task consumer (huey) for long imports and builds, as a child
    process that ends with the server. Production runs it as its own service."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "parkbase.cli",
            "run_huey",
            "--workers",
            "2",
            "--worker-type",
            "thread",
            "--quiet",
        ],
        env=os.environ.copy(),
    )


def serve(host: str, port: int, workers: int, task_worker: bool = True) -> None:
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

    worker = start_task_worker() if task_worker else None
    try:
        _Server().run()
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


class Command(BaseCommand):
    help = "Serve an existing data directory with gunicorn (static files by whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-task-worker",
            action="store_true",
            help="do not start the background-task worker (run `parkbase run_huey` elsewhere)",
        )

    def handle(self, *args, host, port, workers, no_task_worker, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                "The database is not up to date: run `parkbase migrate` "
                "(or `parkbase demo --no-serve` for the demo park). "
                f"Data directory: {settings.DATA_DIR}"
            )
        self.stdout.write(f"parkbase: serving http://{host}:{port}/ (data: {settings.DATA_DIR})")
        serve(host, port, workers, task_worker=not no_task_worker)
