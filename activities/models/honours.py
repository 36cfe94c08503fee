from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attachments.models import Attachment
from branches.models import LedgerRecord, Member, Organization
from core import dates
from core.models import TimeStamped, Versioned


class Honour(LedgerRecord, Versioned, TimeStamped):
    """An honour the branch received or an achievement it can show (荣誉 / 成果).

    One record may stand for several of a kind received together ("表扬信4篇"): the
    count is `quantity`.
    """

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter of commendation")
        BANNER = "banner", _("Silk banner")
        MEDAL = "medal", _("Medal")
        CERTIFICATE = "certificate", _("Certificate of merit")
        QC_RESULT = "qc_result", _("QC result")
        PATENT = "patent", _("Patent")
        PAPER = "paper", _("Journal paper")
        SCHEDULE_GAIN = "schedule_gain", _("Schedule gain")
        OTHER = "other", _("Other honour")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        DISTRICT = "district", _("District")
        COMPANY = "company", _("Company")
        CLIENT = "client", _("Client")

    # The unit a Chinese summary counts each kind in: 表扬信4篇, 锦旗3面, 专利4项 …
    UNITS = {
        Kind.LETTER: _("letters"),
        Kind.BANNER: _("banners"),
        Kind.MEDAL: _("medals"),
        Kind.CERTIFICATE: _("certificates"),
        Kind.QC_RESULT: _("results"),
        Kind.PATENT: _("patents"),
        Kind.PAPER: _("papers"),
        Kind.SCHEDULE_GAIN: _("gains"),
        Kind.OTHER: _("items"),
    }

    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="honours",
        limit_choices_to={"kind": Organization.Kind.BRANCH},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    grade = models.CharField(
        _("grade"), max_length=50, blank=True, help_text=_("e.g. 二等奖, 实用新型, 核心期刊")
    )
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    awarded_on = models.DateField(_("date"), validators=[dates.happened])
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    days_gained = models.PositiveSmallIntegerField(
        _("days gained"),
        null=True,
        blank=True,
        help_text=_("For a schedule gain: how many days ahead of plan."),
    )
    members = models.ManyToManyField(
        Member, verbose_name=_("members credited"), blank=True, related_name="honours"
    )
    description = models.TextField(_("description"), blank=True)
    attachments = GenericRelation(
        Attachment, content_type_field="target_type", object_id_field="target_id"
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("honour or achievement")
        verbose_name_plural = _("honours and achievements")
        ordering = ["-awarded_on", "-pk"]
        indexes = [models.Index(fields=["branch", "awarded_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:honour_detail", args=[self.pk])

    def clean(self):
        if self.awarded_on and self.awarded_on > timezone.localdate():
            raise ValidationError({"awarded_on": _("The date cannot be in the future.")})

    @property
    def unit(self):
        return self.UNITS[self.kind]
