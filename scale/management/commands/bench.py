import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from activities.models import Meeting
from branches.models import Organization
from scale.load import hammer
from scale.seeding import COMMITTEE
from scale.workers import bulk_reports

PORT = 8765
RESULTS = Path(settings.BASE_DIR) / "docs" / "benchmark.md"


class Command(BaseCommand):
    help = (
        "Benchmark the pages HQ, secretaries and members use against the stock Django "
        "admin changelist, on the seed_scale dataset served by gunicorn with the "
        "production settings (run `make bench`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=4, help="concurrent users")
        parser.add_argument("--seconds", type=float, default=10.0, help="per page")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count(), help="gunicorn workers (one a core)"
        )
        parser.add_argument(
            "--reports",
            type=int,
            default=100,
            help="annual reports to render through Celery workers on Redis (0: skip)",
        )

    def handle(self, *args, users, seconds, workers, reports, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL (set DATABASE_URL).")
        if not Organization.objects.filter(name=COMMITTEE).exists():
            call_command("seed_scale", stdout=self.stdout)
        pages = self._pages()
        counts = {name: self._queries(user, path) for name, user, path in pages}
        with self._gunicorn(workers):
            results = []
            for name, user, path in pages:
                self.stdout.write(f"… {name}")
                sessions = [self._session(user) for _ in range(users)]
                result = hammer(PORT, path, sessions, seconds=seconds)
                if result.errors or not result.requests:
                    raise CommandError(f"{name}: {result.errors} failed requests")
                results.append((name, path, result, counts[name]))
        text = self._report(results, users, seconds, workers)
        if reports:
            text += "\n" + bulk_reports(reports, self.stdout)
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(text)
        self.stdout.write(f"Written to {RESULTS.relative_to(settings.BASE_DIR)}")

    def _pages(self):
        branch = Organization.objects.get(short_name="项目001")
        year = date.today().year - 1
        meeting = Meeting.objects.filter(branch=branch, kind=Meeting.Kind.THEME_DAY).first()
        kind = Meeting.Kind.GROUP
        group_meetings = Meeting.objects.filter(branch=branch, kind=kind).count()
        deep = (group_meetings + 24) // 25  # the last page, 25 to a page
        meetings = f"/branches/{branch.pk}/meetings/"
        return [
            ("HQ board, 500 branches", "scale_hq", "/board/"),
            ("branch dashboard", "scale_secretary_001", f"/branches/{branch.pk}/"),
            (
                "meeting list, kind and year",
                "scale_secretary_001",
                f"{meetings}?kind={kind}&year={year}",
            ),
            (
                "meeting list, deep page",
                "scale_secretary_001",
                f"{meetings}?kind={kind}&page={deep}",
            ),
            ("meeting detail", "scale_secretary_001", f"/meetings/{meeting.pk}/"),
            (
                "rectification items, overdue",
                "scale_secretary_001",
                f"/branches/{branch.pk}/rectification-items/?overdue=on",
            ),
            ("my responsibilities and tasks", "scale_member_001", "/me/"),
            (
                "peer: admin changelist",
                "scale_admin",
                f"/admin/activities/meeting/?branch__id__exact={branch.pk}"
                f"&kind__exact={kind}&held_on__year={year}",
            ),
        ]

    def _user(self, username):
        users = get_user_model()
        if username == "scale_admin":
            admin, _created = users.objects.get_or_create(
                username=username, defaults={"is_superuser": True, "is_staff": True}
            )
            return admin
        return users.objects.get(username=username)

    def _session(self, username):
        """A logged-in session the server will recognise (same database, same secret)."""
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(self._user(username))
        return client.cookies["sessionid"].value

    def _queries(self, username, path):
        """Queries of a warm request, as the timed ones are (the board's rows cached)."""
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(self._user(username))
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}")
        return len(queries)

    def _gunicorn(self, workers):
        static_root = tempfile.mkdtemp(prefix="bench-static-")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "DJANGO_STATIC_ROOT": static_root,
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        return _Server(workers, env)

    def _report(self, results, users, seconds, workers):
        peer_p95 = next(r.p95 for name, _p, r, _q in results if name.startswith("peer"))
        lines = [
            f"Measured {date.today():%Y-%m-%d} on {_machine()}; PostgreSQL "
            f"{connection.pg_version // 10000}, gunicorn with {workers} workers and the "
            f"production settings; {users} concurrent logged-in users on loopback, "
            f"{seconds:g} s per page after a 2 s warm-up.",
            "",
            "| page | requests/s | p50 ms | p95 ms | SQL queries | p95 ÷ admin |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, _path, result, queries in results:
            lines.append(
                f"| {name} | {result.rate:.0f} | {result.p50 * 1000:.0f} | "
                f"{result.p95 * 1000:.0f} | {queries} | {result.p95 / peer_p95:.2f} |"
            )
        text = "\n".join(lines) + "\n"
        self.stdout.write(text)
        return text


class _Server:
    def __init__(self, workers, env):
        self.workers, self.env = workers, env

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603 (a fixed command line)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError("gunicorn exited (is port 8765 taken?)")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.env["DJANGO_STATIC_ROOT"], ignore_errors=True)


def _machine():
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), "?")
    return f"{os.cpu_count()} cores ({cpu}), {os.uname().sysname} {os.uname().release}"
