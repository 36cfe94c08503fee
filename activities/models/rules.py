from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Organization
from core.models import TimeStamped, Watched
from core.periods import Frequency

from .meetings import Meeting


class ComplianceRule(Watched, TimeStamped):
    """How often a kind of meeting must be held (DESIGN §4).

    The defaults of the 2018 支部工作条例 (`DEFAULT_RULES`) apply to every branch. A rule
    set on an organization replaces the default of the same meeting kind and scope for
    every branch below it, the nearest organization winning; a minimum of 0 drops it.
    """

    Frequency = Frequency

    class Scope(models.TextChoices):
        BRANCH = "branch", _("by the branch")
        EACH_GROUP = "each_group", _("by each party group")
        SECRETARY = "secretary", _("given by the secretary")
        EACH_PAIR = "each_pair", _("between each committee member and each member")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="compliance_rules",
    )
    meeting_kind = models.CharField(_("meeting kind"), max_length=20, choices=Meeting.Kind.choices)
    scope = models.CharField(
        _("counted"), max_length=20, choices=Scope.choices, default=Scope.BRANCH
    )
    period = models.CharField(_("period"), max_length=10, choices=Frequency.choices)
    minimum = models.PositiveSmallIntegerField(_("at least"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compliance rule")
        verbose_name_plural = _("compliance rules")
        ordering = ["organization", "meeting_kind", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "meeting_kind", "scope"], name="one_rule_per_kind_and_scope"
            )
        ]

    def changed(self):
        """A rule set on an organization applies to every branch below it."""
        Organization.objects.within(self.organization).ledger_changed(self)

    def __str__(self):
        return _("%(kind)s %(scope)s: at least %(minimum)s %(period)s") % {
            "kind": self.get_meeting_kind_display(),
            "scope": self.get_scope_display(),
            "minimum": self.minimum,
            "period": self.get_period_display(),
        }

    @classmethod
    def defaults(cls):
        return [
            cls(meeting_kind=kind, scope=scope, period=period, minimum=minimum)
            for kind, scope, period, minimum in DEFAULT_RULES
        ]


Kind, Scope, Frequency = Meeting.Kind, ComplianceRule.Scope, ComplianceRule.Frequency
DEFAULT_RULES = [
    (Kind.GENERAL, Scope.BRANCH, Frequency.QUARTER, 1),
    (Kind.COMMITTEE, Scope.BRANCH, Frequency.MONTH, 1),
    (Kind.GROUP, Scope.EACH_GROUP, Frequency.MONTH, 1),
    (Kind.LECTURE, Scope.BRANCH, Frequency.QUARTER, 1),
    (Kind.LECTURE, Scope.SECRETARY, Frequency.YEAR, 1),
    (Kind.THEME_DAY, Scope.BRANCH, Frequency.MONTH, 1),
    (Kind.LIFE_MEETING, Scope.BRANCH, Frequency.YEAR, 1),
    (Kind.APPRAISAL, Scope.BRANCH, Frequency.YEAR, 1),
    (Kind.TALK, Scope.EACH_PAIR, Frequency.YEAR, 1),
]
