from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import LedgerRecord, Member, Organization
from core.models import TimeStamped, Versioned


class StudyPlan(TimeStamped):
    """年度党员教育计划: what the branch plans to study, month by month, in a year."""

    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="study_plans",
        limit_choices_to={"kind": Organization.Kind.BRANCH},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["branch", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="one_study_plan_a_year")
        ]

    def __str__(self):
        return f"{self.branch.display_name} {self.year}"

    def get_absolute_url(self):
        return reverse("activities:study_plan", args=[self.branch_id, self.year])


class StudyPlanItemQuerySet(models.QuerySet):
    def with_fulfilment(self):
        return self.annotate(
            meeting_count=models.Count("meetings", distinct=True),
            activity_count=models.Count("activities", distinct=True),
        )


class StudyPlanItem(LedgerRecord, Versioned, TimeStamped):
    class Form(models.TextChoices):
        GROUP_STUDY = "group_study", _("Group study")
        LECTURE = "lecture", _("Party lecture")
        SEMINAR = "seminar", _("Seminar")
        STUDY_TRIP = "study_trip", _("Study visit (going out)")
        INVITED_LECTURE = "invited_lecture", _("Invited lecture (inviting in)")
        ONLINE = "online", _("Online study")
        PRACTICE = "practice", _("On-site practice")

    plan = models.ForeignKey(
        StudyPlan, verbose_name=_("study plan"), on_delete=models.CASCADE, related_name="items"
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    topic = models.CharField(_("topic"), max_length=200)
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    owner = models.ForeignKey(
        Member,
        verbose_name=_("responsible"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = StudyPlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("study plan item")
        verbose_name_plural = _("study plan items")
        ordering = ["plan", "month", "pk"]

    @property
    def ledger_branch_id(self):
        return self.plan.branch_id

    def __str__(self):
        return _("Month %(month)s: %(topic)s") % {"month": self.month, "topic": self.topic}

    def clean(self):
        if self.owner_id and self.owner.branch_id != self.plan.branch_id:
            raise ValidationError({"owner": _("Choose a member of this branch.")})

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    @property
    def branch(self):
        return self.plan.branch

    @property
    def is_fulfilled(self):
        """Done when a meeting or activity records it (needs with_fulfilment())."""
        return bool(self.meeting_count or self.activity_count)
