"""Rendering many annual reports through Celery workers on Redis: seconds per report with
one worker and with two, and the workers' largest resident memory."""

import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import CommandError

from branches.models import Organization
from config.celery_app import app
from devdata.scale.memory import PeakRss, children
from devdata.scale.seeding import COMMITTEE
from reports.defaults import report_for
from reports.models import AnnualReport, Render
from reports.tasks import render_report


def bulk_reports(count, out, env, year=None):
    """Time `count` reports through one and then two workers started with `env`."""
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        raise CommandError("Set CELERY_BROKER_URL to a Redis URL to time the reports.")
    year = year or time.localtime().tm_year - 1
    committee = Organization.objects.get(name=COMMITTEE)
    branches = list(Organization.objects.within(committee).branches().order_by("path")[:count])
    lines = [
        "",
        f"Annual reports of {len(branches)} branches ({year}) rendered through Celery workers "
        "on Redis with the production settings, one task each (prefork, one process per "
        "worker):",
        "",
        "| workers | seconds in all | seconds per report | largest worker RSS |",
        "|---:|---:|---:|---:|",
    ]
    for workers in (1, 2):
        out.write(f"… {len(branches)} reports with {workers} worker(s)")
        for old in AnnualReport.objects.filter(branch__in=branches, year=year):
            old.pdf.delete(save=False)
            old.delete()
        reports = [report_for(branch, year) for branch in branches]
        app.control.purge()  # nothing an interrupted earlier run left on the queue
        with _Workers(workers, env) as pool, PeakRss(pool.pids) as memory:
            started = time.monotonic()
            for report in reports:
                render_report.delay(report.pk)
            _wait_until_done([report.pk for report in reports])
            took = time.monotonic() - started
        lines.append(
            f"| {workers} | {took:.1f} | {took / len(reports):.2f} | {memory.peak_mb:.0f} MB |"
        )
    text = "\n".join(lines) + "\n"
    out.write(text)
    return text


def _wait_until_done(report_ids, timeout=1800):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = AnnualReport.objects.filter(pk__in=report_ids).values_list(
            "render_status", flat=True
        )
        if all(state in (Render.DONE, Render.FAILED) for state in states):
            failed = sum(state == Render.FAILED for state in states)
            if failed:
                raise CommandError(f"{failed} reports failed to render")
            return
        time.sleep(0.5)
    raise CommandError("the reports did not finish in time")


class _Workers:
    """Celery workers started from our configuration, with the environment `env`."""

    def __init__(self, count, env):
        self.count, self.env = count, env

    def pids(self):
        """Each worker's main process and its pool process."""
        return [pid for process in self.processes for pid in [process.pid, *children(process.pid)]]

    def __enter__(self):
        self.processes = [
            subprocess.Popen(  # noqa: S603 (a fixed command line)
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--concurrency=1",
                    "-n",
                    f"bench{number}@%h",
                    "-l",
                    "WARNING",
                ],
                cwd=settings.BASE_DIR,
                env=self.env,
            )
            for number in range(self.count)
        ]
        # The clock starts once every worker answers, not while they boot.
        deadline = time.monotonic() + 60
        while len(app.control.ping(timeout=1)) < self.count:
            if time.monotonic() > deadline:
                raise CommandError("the workers did not start")
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=60)
