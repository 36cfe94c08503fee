from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attachments.models import Attachment
from branches.models import LedgerRecord, Member, Organization, PartnerOrganization
from core import dates
from core.models import TimeStamped, Versioned


class Activity(LedgerRecord, Versioned, TimeStamped):
    """Branch work outside the meetings: joint building, volunteering, visits, study trips,
    invited lectures and site safety checks."""

    class Kind(models.TextChoices):
        JOINT = "joint", _("Joint party building")
        VOLUNTEER = "volunteer", _("Volunteer service")
        PRACTICAL_HELP = "practical_help", _("Practical help for residents")
        VISIT = "visit", _("Visit to members or families in need")
        STUDY = "study", _("Study session")
        STUDY_TRIP = "study_trip", _("Study visit (going out)")
        INVITED_LECTURE = "invited_lecture", _("Invited lecture (inviting in)")
        SAFETY_CHECK = "safety_check", _("Site safety check")
        CULTURAL = "cultural", _("Cultural event")
        OTHER = "other", _("Other activity")

    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="activities",
        limit_choices_to={"kind": Organization.Kind.BRANCH},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"), validators=[dates.happened])
    ends_on = models.DateField(_("until"), null=True, blank=True, validators=[dates.planned])
    place = models.CharField(_("place"), max_length=100, blank=True)
    partners = models.ManyToManyField(
        PartnerOrganization,
        verbose_name=_("partner organizations"),
        blank=True,
        related_name="activities",
    )
    members = models.ManyToManyField(
        Member, verbose_name=_("members taking part"), blank=True, related_name="activities"
    )
    participant_count = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("Everyone taking part, members and others; leave empty to count members."),
    )
    people_served = models.PositiveIntegerField(_("people served"), null=True, blank=True)
    volunteer_hours = models.DecimalField(
        _("volunteer hours"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    description = models.TextField(_("what was done"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    study_plan_item = models.ForeignKey(
        "StudyPlanItem",
        verbose_name=_("study plan item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    attachments = GenericRelation(
        Attachment, content_type_field="target_type", object_id_field="target_id"
    )
    history = HistoricalRecords(m2m_fields=[partners, members])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["branch", "held_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:activity_detail", args=[self.pk])

    @property
    def participants(self):
        """The count typed in, or else the members ticked (uses prefetched members)."""
        if self.participant_count is not None:
            return self.participant_count
        return len(self.members.all())

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("Record an activity once it has taken place.")})
        if self.ends_on and self.held_on and self.ends_on < self.held_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})
