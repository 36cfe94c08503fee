"""Real servers for the reliability tests: the app under gunicorn, a Redis and a
PostgreSQL of the test's own that it may stop and start, and a browser-like client."""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")


def stop(process, timeout=30):
    """Terminate, and kill what does not stop in time, the pool's children included."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not start on port {port}")


@contextmanager
def running_web(workers=2, **env):
    """The app under gunicorn (base settings, DEBUG off) on a port of its own."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.development",
             "DJANGO_DEBUG": "False", "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT), **env},
        start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for_port(port, "gunicorn")
        assert process.poll() is None, "gunicorn exited"
        yield port
    finally:
        stop(process)


class Redis:
    """A Redis server of the test's own, on a free port, that it can stop and start."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        _wait_for_port(self.port, "redis-server")

    def stop(self):
        if self.process is not None:
            stop(self.process, timeout=10)


class Postgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder), so that the
    test may restart it without touching the server the other tests use."""

    def __init__(self):
        from .conftest import needs

        needs(
            "postgres",
            POSTGRES_BIN.exists() and os.geteuid() == 0,
            "a cluster of its own needs PostgreSQL's binaries and root (to run as postgres)",
        )
        self.folder = Path(tempfile.mkdtemp(prefix="ledger-pg-"))
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/ledger"
        shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(POSTGRES_BIN / "initdb", "-D", self.folder / "data", "--auth=trust",
                          "-U", "postgres", "--no-sync")  # fmt: skip

    def _as_postgres(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True)

    def ctl(self, action, *extra):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(POSTGRES_BIN / "pg_ctl", "-D", self.folder / "data", "-o", options,
                          "-w", "-l", self.folder / "log", action, *extra)  # fmt: skip

    def remove(self):
        try:
            self.ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def manage(*args, **env):
    """Run a manage.py command against another database (DATABASE_URL in env)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.development", **env},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class Browser:
    """Just enough of a browser for forms: cookies, the CSRF token, no redirects followed."""

    def __init__(self, port, session_key):
        self.port = port
        self.cookies = {"sessionid": session_key}

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, response.getheader("Location"), text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        """Post `data` with the CSRF token of the form page at `path`."""
        _status, _location, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no form at {path}"
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token[1]})
