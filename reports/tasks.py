from celery import shared_task
from django.utils import timezone

from . import rendering
from .models import Render, ReportBundle


@shared_task
def render_report(report_id):
    """Idempotent: a current PDF is not rendered again. A worker killed mid-render has
    the task handed to another one (acks_late, reject_on_worker_lost in settings)."""
    return rendering.render(report_id)


@shared_task
def build_bundle(bundle_id):
    """After every report of the bundle is rendered: zip them."""
    bundle = ReportBundle.objects.get(pk=bundle_id)
    if bundle.render_status == Render.DONE and bundle.zip:
        return bundle.zip.name
    ReportBundle.objects.filter(pk=bundle_id).update(
        render_status=Render.RENDERING, render_started_at=timezone.now()
    )
    bundle.zip.save(
        f"reports-{bundle.year}-{bundle.pk}.zip",
        rendering.zip_reports(bundle.reports.select_related("branch").order_by("branch__path")),
        save=False,
    )
    ReportBundle.objects.filter(pk=bundle_id).update(
        zip=bundle.zip.name, render_status=Render.DONE, render_progress=100
    )
    return bundle.zip.name
