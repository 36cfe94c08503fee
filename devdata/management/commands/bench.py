import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from accounts.security_log import logger as security_log
from branches.models import Organization
from devdata.scale.load import Result, hammer, one_at_a_time
from devdata.scale.memory import PeakRss, children
from devdata.scale.pages import admin_user, bench_pages, count_queries, uncount_this_year
from devdata.scale.seeding import COMMITTEE, Sizes
from devdata.scale.workers import bulk_reports

PORT = 8765
RESULTS = Path(settings.BASE_DIR) / "docs" / "benchmark.md"
COLD_RUNS = 10
RSS_LIMIT_MB = 250  # the bound on any worker's resident memory


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
        parser.add_argument(
            "--branches",
            type=int,
            default=Sizes().branches,
            help="branches to generate when the database has no seed_scale data yet",
        )

    def handle(self, *args, users, seconds, workers, reports, branches, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL (set DATABASE_URL).")
        if Organization.objects.filter(name=COMMITTEE).exists():
            self.stdout.write("Using the headquarters seeded before (drop the database to reseed).")
        else:
            call_command("seed_scale", branches=branches, stdout=self.stdout)
        admin_user()
        pages = bench_pages()
        with _quiet(security_log):  # the logins below are nobody's
            counts = {page: count_queries(page, Client(HTTP_HOST="127.0.0.1"))[0] for page in pages}
        env = self._production_env()
        server = self._gunicorn(workers, env)
        with server, PeakRss(server.worker_pids) as memory:
            results = []
            for page in pages:
                self.stdout.write(f"… {page.name}")
                if page.cold:
                    first_request, result = self._cold(page)
                else:
                    sessions = [self._session(page.username) for _ in range(users)]
                    result = hammer(PORT, page.path, sessions, seconds=seconds)
                if result.errors or not result.requests:
                    raise CommandError(f"{page.name}: {result.errors} failed requests")
                results.append((page, result, counts[page], memory.take()))
        text = self._report(results, first_request, users, seconds, workers)
        if reports:
            text += "\n" + bulk_reports(reports, self.stdout, env)
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(text)
        self.stdout.write(f"Written to {RESULTS.relative_to(settings.BASE_DIR)}")

    def _cold(self, page):
        """The board of a year not counted yet (scale.pages.uncount_this_year), each time.
        The first request is the new server's first board request (its templates and code
        not yet loaded); it is reported on its own, and the timed ones follow on the same
        worker."""
        first, *latencies = one_at_a_time(
            PORT, page.path, self._session(page.username), COLD_RUNS + 1, uncount_this_year
        )
        return first, Result(len(latencies), 0, sum(latencies), latencies)

    def _session(self, username):
        """A logged-in session the server will recognise (same database, same secret),
        made without a login the security log would record."""
        client = Client(HTTP_HOST="127.0.0.1")
        with _quiet(security_log):
            client.force_login(get_user_model().objects.get(username=username))
        return client.cookies["sessionid"].value

    def _production_env(self):
        """What gunicorn and the Celery workers run with: the production settings, on
        this command's database and broker."""
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "DJANGO_LOG_LEVEL": "WARNING",
        }

    def _gunicorn(self, workers, env):
        env = {**env, "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="bench-static-")}
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        return _Server(workers, env)

    def _report(self, results, first_request, users, seconds, workers):
        peer_p95 = next(result.p95 for page, result, *_rest in results if page.key == "admin")
        largest_rss = max(rss for *_rest, rss in results)
        lines = [
            f"Measured {date.today():%Y-%m-%d} on {_machine()}; PostgreSQL "
            f"{connection.pg_version // 10000}, gunicorn with {workers} workers and the "
            f"production settings; {users} concurrent logged-in users on loopback, "
            f"{seconds:g} s per page after a 2 s warm-up. The cold board is {COLD_RUNS} "
            "requests by one user, each for a year not counted yet (as on New Year's "
            "morning before Celery beat counts it); the first board request of the newly "
            "started server, "
            f"before them, took {first_request * 1000:.0f} ms.",
            "",
            "| page | requests/s | p50 ms | p95 ms | SQL queries | p95 ÷ admin | worker RSS |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for page, result, queries, rss in results:
            rate = "—" if page.cold else f"{result.rate:.0f}"
            lines.append(
                f"| {page.name} | {rate} | {result.p50 * 1000:.0f} | "
                f"{result.p95 * 1000:.0f} | {queries} | {result.p95 / peer_p95:.2f} | "
                f"{rss:.0f} MB |"
            )
        lines += [
            "",
            f"Worker RSS is the largest resident memory of a gunicorn worker while the page "
            f"was loaded; the largest of all: {largest_rss:.0f} MB (bound: {RSS_LIMIT_MB} MB).",
        ]
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

    def worker_pids(self):
        return children(self.process.pid)

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.env["DJANGO_STATIC_ROOT"], ignore_errors=True)


@contextmanager
def _quiet(logger):
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _machine():
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), "?")
    return f"{os.cpu_count()} cores ({cpu}), {os.uname().sysname} {os.uname().release}"
