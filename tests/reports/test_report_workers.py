"""Reports rendered by real Celery workers on Redis: a worker killed in the middle of a
render does not leave the report stuck, and the bundle of all branches is zipped."""

import os
import signal
import time

import pytest

from config.celery_app import app
from reports import rendering
from reports.models import AnnualReport, Render, ReportBundle
from reports.queue import request_bundle, request_render

from ..factories import MeetingFactory
from ..workers import pool_children, running_worker, shared_database_url


def _wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def worker_env(postgres, redis, transactional_db):
    app.control.purge()  # nothing left over from an earlier run
    return {"DATABASE_URL": shared_database_url()}


def test_a_worker_killed_mid_render_hands_the_render_on(worker_env, world):
    import datetime

    # A long meeting ledger, so the render takes long enough to be interrupted.
    for day in range(1, 250):
        MeetingFactory(
            branch=world.branch,
            kind="committee",
            held_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
        )
    report = world.report
    with running_worker("celery", pool="prefork", **worker_env) as worker:
        assert request_render(report) == "queued"
        _wait_for(
            lambda: AnnualReport.objects.get(pk=report.pk).render_status == Render.RENDERING,
            60,
            "the render to start",
        )
        killed = pool_children(worker)
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        # Killed in the middle: nothing was written, the report still says rendering.
        interrupted = AnnualReport.objects.get(pk=report.pk)
        assert interrupted.render_status == Render.RENDERING and not interrupted.pdf
        _wait_for(
            lambda: AnnualReport.objects.get(pk=report.pk).render_status == Render.DONE,
            120,
            "another pool process to finish the render",
        )
    report.refresh_from_db()
    assert report.page_count > 5 and rendering.is_current(report)


def test_all_branches_are_rendered_by_workers_and_zipped(worker_env, world):
    with running_worker("celery", pool="prefork", **worker_env):
        bundle = request_bundle(world.users["hq"], 2024, [world.branch, world.sibling])
        _wait_for(
            lambda: ReportBundle.objects.get(pk=bundle.pk).render_status == Render.DONE,
            120,
            "the bundle",
        )
    bundle.refresh_from_db()
    assert bundle.zip and bundle.reports.filter(render_status=Render.DONE).count() == 2
