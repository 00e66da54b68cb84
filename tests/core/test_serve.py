"""`parkbase serve` keeps its task worker (the huey consumer) running: a worker that
dies, killed by the kernel say, is started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from parkbase.core.management.commands.serve import Supervisor, start_task_worker

ROOT = Path(__file__).resolve().parents[2]


def sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])


def wait_for(condition, seconds: float = 60) -> bool:
    """Poll ``condition`` until it holds (the waiting is no assertion on time)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_killed_worker_is_started_again():
    messages = []
    supervisor = Supervisor(sleeper, interval=3600, log=messages.append)
    supervisor.start()
    try:
        first = supervisor.process
        assert supervisor.check() is False  # running: nothing to do
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        assert supervisor.check() is True
        assert supervisor.process.pid != first.pid and supervisor.process.poll() is None
        assert supervisor.restarts == 1
        assert "-9" in messages[0] and "starting it again" in messages[0]
    finally:
        supervisor.stop()
    assert supervisor.process.poll() is not None  # stopped with the server


def test_the_watcher_thread_notices_by_itself():
    supervisor = Supervisor(sleeper, interval=0.05, log=lambda message: None)
    supervisor.start()
    try:
        first = supervisor.process
        os.kill(first.pid, signal.SIGKILL)
        assert wait_for(lambda: supervisor.process.pid != first.pid)
        assert supervisor.process.poll() is None
    finally:
        supervisor.stop()


def test_a_worker_that_keeps_dying_at_once_is_started_after_a_growing_pause():
    def dies() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])

    messages = []
    supervisor = Supervisor(dies, interval=3600, log=messages.append)
    supervisor.start()
    try:
        supervisor.process.wait()
        assert supervisor.check() is True  # the first quick death: at once
        supervisor.process.wait()
        assert supervisor.check() is False  # the second: after a pause
        assert "starting it in 4 s" in messages[-1]
        assert supervisor.restarts == 1
    finally:
        supervisor.stop()


def test_serve_supervises_the_real_consumer(tmp_path):
    """The huey consumer `parkbase serve` starts, killed with SIGKILL, runs again."""
    env = {
        **os.environ,
        "PARKBASE_DATA_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    supervisor = Supervisor(lambda: start_task_worker(env), interval=3600, log=lambda m: None)
    supervisor.start()
    try:
        first = supervisor.process
        assert wait_for(lambda: (tmp_path / "tasks.sqlite3").exists())  # it is up
        assert first.poll() is None
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        assert supervisor.check() is True
        second = supervisor.process
        assert second.pid != first.pid
        assert "run_huey" in second.args
        assert second.poll() is None
    finally:
        supervisor.stop()
    assert second.poll() is not None
