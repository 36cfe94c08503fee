from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import LedgerRecord, Member, Organization
from core import dates
from core.models import TimeStamped


class ResponsibilityQuerySet(models.QuerySet):
    def current(self, today=None):
        """Not yet ended, or ended with key nodes still open."""
        today = today or timezone.localdate()
        open_milestones = Milestone.objects.open().filter(responsibility=OuterRef("pk"))
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today) | Exists(open_milestones)
        )

    def with_next_milestone_due(self):
        return self.annotate(
            next_due_on=Min("milestones__due_on", filter=Q(milestones__done_on__isnull=True))
        )


class Responsibility(LedgerRecord, TimeStamped):
    """A pioneer post, responsibility zone or team: work that named members answer for."""

    class Kind(models.TextChoices):
        PIONEER_POST = "pioneer_post", _("Pioneer post")
        RESPONSIBILITY_ZONE = "responsibility_zone", _("Responsibility zone")
        VANGUARD_TEAM = "vanguard_team", _("Vanguard team")
        COMMANDO_TEAM = "commando_team", _("Commando team")

    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="responsibilities",
        limit_choices_to={"kind": Organization.Kind.BRANCH},
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    targets = models.TextField(_("targets and tasks"), blank=True)
    commitment = models.TextField(_("commitment"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True, validators=[dates.planned])
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[dates.planned])
    members = models.ManyToManyField(
        Member, verbose_name=_("members assigned"), related_name="responsibilities", blank=True
    )
    # "党员身边无事故": safety zones count the days since the last accident near a member.
    is_safety_zone = models.BooleanField(_("safety zone"), default=False)
    accident_free_since = models.DateField(
        _("accident-free since"), null=True, blank=True, validators=[dates.happened]
    )
    history = HistoricalRecords(m2m_fields=[members])

    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("pioneer posts, zones and teams")
        ordering = ["branch", "kind", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("responsibilities:detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})
        if self.accident_free_since and not self.is_safety_zone:
            raise ValidationError(
                {"accident_free_since": _("Only a safety zone counts accident-free days.")}
            )

    def next_milestone(self):
        """The earliest key node not yet done (uses prefetched milestones when present)."""
        return next((m for m in self.milestones.all() if not m.done_on), None)

    def accident_free_days(self, today=None):
        if not (self.is_safety_zone and self.accident_free_since):
            return None
        return ((today or timezone.localdate()) - self.accident_free_since).days


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def open(self) -> Self:
        return self.filter(done_on__isnull=True)


class Milestone(LedgerRecord, TimeStamped):
    """A key node (关键节点): a dated milestone of a post, zone or team."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        DONE_LATE = "done_late", _("Done late")
        LATE = "late", _("Late")

    responsibility = models.ForeignKey(
        Responsibility,
        verbose_name=_("responsibility"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("key node"), max_length=200)
    due_on = models.DateField(_("due on"), validators=[dates.planned])
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[dates.happened])
    done_note = models.TextField(_("completion note"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("key node")
        verbose_name_plural = _("key nodes")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["responsibility", "due_on"])]

    @property
    def ledger_branch_id(self):
        return self.responsibility.branch_id

    def __str__(self):
        return self.title

    def status(self, today=None):
        if self.done_on:
            return self.Status.DONE if self.done_on <= self.due_on else self.Status.DONE_LATE
        if self.due_on < (today or timezone.localdate()):
            return self.Status.LATE
        return self.Status.PLANNED

    @property
    def is_late(self):
        return self.status() == self.Status.LATE

    def get_status_display(self):
        return self.Status(self.status()).label

    def mark_done(self, user, note, on_date=None):
        self.done_on = on_date or timezone.localdate()
        self.done_note = note
        self.done_by = user
        self.save()
