from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import LedgerRecord, Organization
from core import dates
from core.models import TimeStamped, Versioned


class Checklist(LedgerRecord, Versioned, TimeStamped):
    """问题清单: the problems one source found, kept as a ledger until each is closed."""

    class Source(models.TextChoices):
        LIFE_MEETING = "life_meeting", _("Organizational life meeting")
        INSPECTION = "inspection", _("Inspection")
        SAFETY_CHECK = "safety_check", _("Safety check")
        SELF_EXAMINATION = "self_examination", _("Self-examination")
        THEME_EDUCATION = "theme_education", _("Theme education")

    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="checklists",
        limit_choices_to={"kind": Organization.Kind.BRANCH},
    )
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    starts_on = models.DateField(_("period from"), validators=[dates.planned])
    ends_on = models.DateField(_("period until"), null=True, blank=True, validators=[dates.planned])
    meeting = models.ForeignKey(
        "activities.Meeting",
        verbose_name=_("from the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklists",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("from the activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklists",
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["branch", "starts_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("rectifications:checklist_detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})
        for field in ("meeting", "activity"):
            record = getattr(self, field)
            if record is not None and record.branch_id != self.branch_id:
                raise ValidationError({field: _("Choose a record of this branch.")})

    @transaction.atomic
    def add_items(self, items, user):
        """Save new items, numbered on from the checklist's last one (序号)."""
        # Lock the checklist so two secretaries adding at once never share a number.
        Checklist.objects.select_for_update().filter(pk=self.pk).exists()
        last = self.items.aggregate(last=models.Max("number"))["last"] or 0
        for number, item in enumerate(items, start=last + 1):
            item.checklist, item.number = self, number
            item.updated_by = user
            item.save()
        return items
