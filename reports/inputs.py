"""Whether a stored PDF is still current, told the same way on every page that shows a
report: the digest of the report as it would render now, against the one its PDF was
made from (reports.rendering).

Working out that digest builds the whole document (some 30 ms), too slow for a list of
hundreds of branches on every request. So it is cached under everything that can change
it: the branch's `ledger_version`, raised in the same transaction by every write to a
record the report draws on, the report's own text, sections and photos included (the
signal handlers below, besides those of activities.ledger_cache), and, for the year
under way, the day: its figures stand as of today. Storing a rendered PDF writes by
UPDATE, which raises nothing: a render does not make itself out of date.
"""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from activities.ledger_cache import raise_versions
from activities.models import Activity, Honour, StudyPlanItem
from attachments.models import Attachment
from branches.models import Organization, PartnerOrganization
from rectifications.models import Checklist, Step
from responsibilities.models import Milestone, Responsibility

from . import document
from .models import AnnualReport, ReportSection

CACHE_SECONDS = 24 * 60 * 60

# Records the report draws on that the HQ board does not count, and where their branch is.
BRANCH_OF = {
    Activity: "branch_id",
    Honour: "branch_id",
    Responsibility: "branch_id",
    Checklist: "branch_id",
    Attachment: "branch_id",
    StudyPlanItem: "plan__branch_id",
    Milestone: "responsibility__branch_id",
    Step: "item__branch_id",
    AnnualReport: "branch_id",
    ReportSection: "report__branch_id",
}


def current_digest(report):
    """The digest of `report` as it would render now (a saved report, with its branch)."""
    as_of = timezone.localdate() if report.year >= timezone.localdate().year else ""
    key = f"report:{report.pk}:{report.branch.ledger_version}:{as_of}"
    digest = cache.get(key)
    if digest is None:
        digest = document.digest(document.html(report))
        cache.set(key, digest, CACHE_SECONDS)
    return digest


def _record_changed(sender, instance, **kwargs):
    path = BRANCH_OF[sender]
    if "__" not in path:
        raise_versions([getattr(instance, path)])
        return
    # Deleted with its parent, the record may be the last trace of the branch it had.
    parent_path, field = path.rsplit("__", 1)
    parent = instance
    for step in parent_path.split("__"):
        parent = getattr(parent, step, None)
    if parent is not None:
        raise_versions([getattr(parent, field)])


def _photos_chosen(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        raise_versions([instance.branch_id])


def _partner_changed(sender, instance, **kwargs):
    raise_versions(Organization.objects.filter(partners=instance).values("pk"))


def connect():
    """Called once from ReportsConfig.ready()."""
    for model in BRANCH_OF:
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"report-{model}")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"report-d{model}")
    m2m_changed.connect(
        _photos_chosen, sender=AnnualReport.photos.through, dispatch_uid="report-photos"
    )
    post_save.connect(_partner_changed, sender=PartnerOrganization, dispatch_uid="report-partner")
