"""Asking for renders: one report, or every branch's report of a year as one zip.

The web process only queues; workers render (in the embedded set-up Celery runs the
task in-process). When the queue cannot be reached, nothing is left half-asked: the
report goes back to how it was and the caller is told to try again.
"""

from celery import chord
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from . import tasks
from .defaults import report_for
from .models import AnnualReport, Render, ReportBundle
from .rendering import is_current

CURRENT, BUSY, QUEUED = "current", "busy", "queued"


QUEUE_DOWN = (OperationalError, RedisError)


class QueueUnavailable(Exception):
    """The task queue (Redis) cannot be reached; nothing was queued."""


def request_render(report):
    """Queue a render of `report`, unless its PDF is current or a render is under way."""
    report.give_up_if_stale()
    if is_current(report):
        AnnualReport.objects.filter(pk=report.pk).update(render_status=Render.DONE)
        return CURRENT
    before = _states([report])
    # Claim the report in one statement: of two clicks at once, one queues a render.
    if not _queue([report.pk]):
        return BUSY
    try:
        # No result to keep: the report itself records how the render went.
        tasks.render_report.apply_async((report.pk,), ignore_result=True)
    except QUEUE_DOWN:
        _restore(before)
        raise QueueUnavailable from None
    return QUEUED


def request_bundle(user, year, branches):
    """Render every branch's report of `year` (one task each) and zip them at the end.
    Branches without a report get one with the default text and the ledger's figures."""
    with transaction.atomic():
        reports = [report_for(branch, year) for branch in branches]
        bundle = ReportBundle.objects.create(
            requested_by=user,
            year=year,
            render_status=Render.QUEUED,
            render_requested_at=timezone.now(),
        )
        bundle.reports.set(reports)
        before = _states(reports)
        _queue([report.pk for report in reports])
    try:
        chord(tasks.render_report.si(report.pk) for report in reports)(
            tasks.build_bundle.si(bundle.pk)
        )
    # A chord also counts its parts in the result backend, whose client gives up with a
    # RuntimeError of its own when Redis stays away.
    except (*QUEUE_DOWN, RuntimeError):
        _restore(before)
        ReportBundle.objects.filter(pk=bundle.pk).update(
            render_status=Render.FAILED, render_error=_("The task queue is unavailable.")
        )
        raise QueueUnavailable from None
    return bundle


def _states(reports):
    return {report.pk: (report.render_status, report.render_error) for report in reports}


def _restore(states):
    """Put reports back as they were before they were queued."""
    for pk, (status, error) in states.items():
        AnnualReport.objects.filter(pk=pk).update(render_status=status, render_error=error)


def _queue(report_ids):
    """Mark the reports not already queued or rendering as queued; how many were."""
    busy = [Render.QUEUED, Render.RENDERING]
    return (
        AnnualReport.objects.filter(pk__in=report_ids)
        .exclude(render_status__in=busy)
        .update(
            render_status=Render.QUEUED,
            render_progress=0,
            render_requested_at=timezone.now(),
            render_error="",
        )
    )


def bundle_progress(bundle):
    """(finished, total) reports of the bundle."""
    states = list(bundle.reports.values_list("render_status", flat=True))
    return sum(1 for state in states if state in (Render.DONE, Render.FAILED)), len(states)
