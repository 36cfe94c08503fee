"""Whether a stored PDF is still current, told the same way on every page that shows a
report: the digest of the report as it would render now, against the one its PDF was
made from (reports.rendering).

Working out that digest builds the whole document (some 30 ms), too slow for a list of
hundreds of branches on every request. So it is cached under everything that can change
it: the branch's `ledger_version`, raised in the same transaction by every write to a
record the report draws on, the report's own text, sections and photos included (the
signal handlers below, besides those of activities.ledger_cache), and, for the year
under way, the day: its figures stand as of today. Storing a rendered PDF writes by
UPDATE, which raises nothing: a render does not make itself out of date. The cache is
each process's own (settings.CACHES), so a deploy, which restarts the processes, starts
it afresh with the new templates and code.
"""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from activities.ledger_cache import raise_versions
from activities.models import Activity, Honour, Meeting, StudyPlanItem
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


# Many-to-many links the report reads (photos chosen, partners, who took part), which a
# form saves after the record itself, when it may be outside the record's transaction.
LINKS = [
    AnnualReport.photos,
    Activity.partners,
    Activity.members,
    Meeting.partners,
    Honour.members,
    Responsibility.members,
]


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        raise_versions([instance.branch_id])
    elif pk_set:  # changed from the other side (a member's, a partner's): `model` the record's
        raise_versions(model.objects.filter(pk__in=pk_set).values("branch"))


def _partner_changed(sender, instance, **kwargs):
    """A partner's name is printed by the reports of branches it works with."""
    raise_versions(Organization.objects.filter(partners=instance).values("pk"))
    for model in (Meeting, Activity):
        raise_versions(model.objects.filter(partners=instance).values("branch"))


def connect():
    """Called once from ReportsConfig.ready()."""
    for model in BRANCH_OF:
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"report-{model}")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"report-d{model}")
    for link in LINKS:
        m2m_changed.connect(_links_changed, sender=link.through, dispatch_uid=f"report-{link}")
    post_save.connect(_partner_changed, sender=PartnerOrganization, dispatch_uid="report-partner")
    # Before the delete, while the records still name it.
    pre_delete.connect(_partner_changed, sender=PartnerOrganization, dispatch_uid="report-d-p")
