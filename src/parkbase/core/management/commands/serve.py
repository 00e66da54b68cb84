import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def start_task_worker(env: dict | None = None) -> subprocess.Popen:
    """The background-task consumer (huey) for long imports and builds, as a child
    process that ends with the server (``Supervisor`` starts it again if it dies).
    Production runs it as its own service, under systemd or the like."""
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
        env=env if env is not None else os.environ.copy(),
    )


class Supervisor:
    """Keeps a child process running: ``start()`` starts it, and a watcher thread
    checks every ``interval`` seconds that it still runs and starts it again if it
    exited or was killed (the kernel's out-of-memory killer, say). A child that dies
    again soon after each start is started again after a pause that doubles, up to a
    minute, so a consumer that cannot start does not spin. ``stop()`` ends both.

    A job the dead consumer was working on is not resumed: its heartbeat stops and
    it is ended as failed when the jobs are next read (imports/endings.py)."""

    QUICK_DEATH = 30.0  # seconds: a child that dies sooner counts as failing to start

    def __init__(self, launch: Callable[[], subprocess.Popen], interval: float = 2.0, log=None):
        self.launch = launch
        self.interval = interval
        self.log = log or (lambda message: print(message, file=sys.stderr, flush=True))
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self._quick_deaths = 0
        self._started_at = 0.0
        self._not_before = 0.0
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._spawn()
        self._thread = threading.Thread(target=self._watch, name="task-worker", daemon=True)
        self._thread.start()

    def _spawn(self) -> None:
        self.process = self.launch()
        self._started_at = time.monotonic()

    def check(self) -> bool:
        """Start the child again if it is no longer running; True when it was."""
        if self._stopping.is_set() or self.process is None or self.process.poll() is None:
            return False
        now = time.monotonic()
        if now < self._not_before:
            return False
        code = self.process.returncode
        if now - self._started_at < self.QUICK_DEATH:
            self._quick_deaths += 1
        else:
            self._quick_deaths = 0
        pause = min(60.0, 2.0**self._quick_deaths) if self._quick_deaths > 1 else 0.0
        if pause and not self._not_before:
            self._not_before = now + pause
            self.log(f"parkbase: the task worker exited ({code}); starting it in {pause:.0f} s")
            return False
        self._not_before = 0.0
        self.log(f"parkbase: the task worker exited ({code}); starting it again")
        self._spawn()
        self.restarts += 1
        return True

    def _watch(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                self.check()
            except OSError as exc:  # could not start it: try again next time
                self.log(f"parkbase: could not start the task worker: {exc}")

    def stop(self, timeout: float = 10) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


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

    worker = Supervisor(start_task_worker) if task_worker else None
    if worker is not None:
        worker.start()
    try:
        _Server().run()
    finally:
        if worker is not None:
            worker.stop()


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
