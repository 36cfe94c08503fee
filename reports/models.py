from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attachments.models import Attachment
from branches.models import LedgerRecord, Organization
from core.filenames import safe_filename
from core.models import TimeStamped, Versioned

# The blocks of figures the ledger writes into the report, in the order a sub-section
# prints them, and the sub-section of 二、经验做法及取得的成效 each goes under unless the
# secretary moves it: as the case studies tell them, achievements go with production
# and innovation, honours from residents with the volunteer work that earned them.
BLOCKS = [
    ("meetings", _("Three meetings and one lecture, theme party days, attendance"), 1),
    ("study", _("Study plan, study visits and invited lectures"), 1),
    ("rectification", _("Problems found and rectified"), 1),
    ("posts", _("Pioneer posts, responsibility zones, teams and key nodes"), 2),
    ("achievements", _("Achievements: QC results, patents, papers, schedule gains"), 2),
    ("safety", _("Safety hazards found and rectified"), 2),
    ("volunteer", _("Volunteer service and help for residents"), 3),
    ("honours", _("Honours: letters of commendation, banners, medals, certificates"), 3),
    ("joint", _("Joint activities with partner organizations"), 3),
]
BLOCK_LABELS = {key: label for key, label, _section in BLOCKS}


class Render(models.TextChoices):
    NONE = "", _("Not rendered")
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Shown(models.TextChoices):
    """A report's state as every page shows it (reports.rendering.shown_state)."""

    NOT_STARTED = "not_started", _("Not started")
    NOT_RENDERED = "none", _("Not rendered")
    QUEUED = Render.QUEUED.value, Render.QUEUED.label
    RENDERING = Render.RENDERING.value, Render.RENDERING.label
    FAILED = Render.FAILED.value, Render.FAILED.label
    CURRENT = "done", _("Up to date")
    OUT_OF_DATE = "out_of_date", _("Out of date: render again")


class RenderState(models.Model):
    """Where a PDF (or zip) stands: queued, rendering with progress, done or failed."""

    render_status = models.CharField(
        _("status"), max_length=10, choices=Render.choices, default=Render.NONE, blank=True
    )
    render_progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    render_error = models.CharField(_("reason"), max_length=300, blank=True)
    render_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    render_started_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_busy(self):
        return self.render_status in (Render.QUEUED, Render.RENDERING)

    def stale_reason(self, now=None):
        """Why a render under way is taken to have failed (no worker finished it in time),
        or None."""
        now = now or timezone.now()
        limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
        if self.render_status == Render.RENDERING and self.render_started_at < now - limit:
            return _("The render did not finish in time (a worker may have stopped).")
        if self.render_status == Render.QUEUED and self.render_requested_at < now - limit * 3:
            return _("No worker took the render in time.")
        return None

    def show_stale_as_failed(self):
        """For a page: a stale render shows as failed with the reason, so nothing shows
        “rendering” forever and it can be asked for again. Nothing is written: the next
        render asked for (a POST) records it."""
        reason = self.stale_reason()
        if reason is not None:
            self.render_status, self.render_error = Render.FAILED, str(reason)
        return self

    def give_up_if_stale(self):
        """Record a stale render as failed, before asking for a new one."""
        reason = self.stale_reason()
        if reason is None:
            return False
        stale = type(self)._default_manager.filter(
            pk=self.pk, render_status=self.render_status, render_started_at=self.render_started_at
        )
        stale.update(render_status=Render.FAILED, render_error=str(reason))
        self.render_status, self.render_error = Render.FAILED, str(reason)
        return True


class AnnualReport(LedgerRecord, Versioned, RenderState, TimeStamped):
    """年度工作总结: the secretary's narrative, woven with the figures the ledger computes,
    and its rendered PDF, kept until one of its inputs changes."""

    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
        limit_choices_to={"kind": Organization.Kind.BRANCH},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=100)
    subtitle = models.CharField(_("subtitle"), max_length=100, blank=True)
    overview = models.TextField(
        _("overview"),
        blank=True,
        help_text=_("Part 1, the overview: it follows the project facts and the member count."),
    )
    lessons = models.TextField(_("lessons learnt"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    # {block key: number of the sub-section it goes under, 0 to leave it out}
    placements = models.JSONField(_("figures by sub-section"), default=dict, blank=True)
    photos = models.ManyToManyField(
        Attachment, verbose_name=_("photos in the appendix"), blank=True, related_name="+"
    )
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True, editable=False)
    pdf_digest = models.CharField(max_length=64, blank=True, editable=False)
    page_count = models.PositiveSmallIntegerField(default=0, editable=False)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(
        m2m_fields=[photos],
        excluded_fields=[
            "render_status",
            "render_progress",
            "render_error",
            "render_requested_at",
            "render_started_at",
            "pdf",
            "pdf_digest",
            "page_count",
            "rendered_at",
        ],
    )

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "branch"]
        constraints = [models.UniqueConstraint(fields=["branch", "year"], name="one_report_a_year")]

    def __str__(self):
        return f"{self.branch.display_name} {self.year}"

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.branch_id, self.year])

    def placement(self, block):
        default = next(section for key, _label, section in BLOCKS if key == block)
        return self.placements.get(block, default)

    def pdf_filename(self):
        title = gettext("%(year)s annual party-building report") % {"year": self.year}
        return safe_filename(self.branch.display_name, self.branch_id, title, extension=".pdf")


class ReportSection(LedgerRecord):
    """A sub-section (一)(二)(三)… of 二、经验做法及取得的成效."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_section_per_number")
        ]

    @property
    def ledger_branch_id(self):
        return self.report.branch_id

    def __str__(self):
        return self.title


class ReportBundle(RenderState, TimeStamped):
    """All branches' reports of one year, asked for by an HQ officer, as one zip."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="report_bundles",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reports = models.ManyToManyField(AnnualReport, verbose_name=_("reports"), related_name="+")
    zip = models.FileField(_("zip file"), upload_to="reports/bundles/", blank=True)

    class Meta:
        verbose_name = _("report bundle")
        verbose_name_plural = _("report bundles")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.year} · {self.requested_by}"

    def get_absolute_url(self):
        return reverse("reports:bundle", args=[self.pk])
