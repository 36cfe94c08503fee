"""A real Celery worker, started from our configuration, for tests that need one."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from config.celery_app import app

from .servers import stop


def shared_database_url():
    """DATABASE_URL of the database this test runs on, for a worker to use the same."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def running_worker(queue, pool="solo", **env):
    """A worker consuming only `queue`, answering pings before the block starts. With the
    prefork pool the task runs in a child process that a test may kill."""
    name = f"test-{os.getpid()}-{queue}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--without-mingle",
            "--without-gossip",
            "-Q",
            queue,
            "-n",
            f"{name}@%h",
            "-l",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **env,
        },
        start_new_session=True,
    )
    node = f"{name}@{os.uname().nodename}"
    try:
        deadline = time.monotonic() + 30
        while not _answers(node, env.get("CELERY_BROKER_URL")):
            assert worker.poll() is None, "the worker exited"
            assert time.monotonic() < deadline, "the worker did not answer within 30 s"
        yield worker
    finally:
        stop(worker)


def _answers(node, broker=None):
    """Whether the worker answers a ping, on our broker or on another one."""
    if broker is None:
        return bool(app.control.ping(destination=[node], timeout=1))
    command = [sys.executable, "-m", "celery", "-A", "config", "-b", broker]
    command += ["inspect", "ping", "--destination", node, "--timeout", "1"]
    return subprocess.run(command, cwd=settings.BASE_DIR, capture_output=True).returncode == 0


def pool_children(worker):
    """The process ids of a prefork worker's pool."""
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
    return [int(pid) for pid in children.read_text().split()]
