from datetime import date
from typing import Self

from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Cast, Coalesce, NullIf

from branches.models import Organization
from core.periods import Period

# Obligations of a row not met, by the length of their period.
OUTSTANDING = {
    length: F(f"{length}_obligations") - F(f"{length}_met")
    for length in ("month", "quarter", "year")
}


class MonthTallyQuerySet(models.QuerySet["MonthTally"]):
    def standing(self, today: date, month: Period, quarter: Period) -> Self:
        """A row per branch (`branch`, `path`) with what the board sorts by: obligations
        missed in the year, the quarter and the month, those still due in the year, and
        the attendance rate (None without an attendance sheet). Filter the rows to one
        year first."""
        over = Q(ends_on__lt=today)
        in_quarter = Q(month__in=quarter.months)
        year_outstanding = OUTSTANDING["month"] + OUTSTANDING["quarter"] + OUTSTANDING["year"]
        return (
            self.order_by()
            .values("branch", path=F("branch__path"))
            .annotate(
                year_missed=Coalesce(Sum(year_outstanding, filter=over), 0),
                year_due=Coalesce(Sum(year_outstanding, filter=~over), 0),
                quarter_missed=Coalesce(
                    Sum(OUTSTANDING["month"] + OUTSTANDING["quarter"], filter=over & in_quarter), 0
                ),
                month_missed=Coalesce(
                    Sum(OUTSTANDING["month"], filter=over & Q(month=month.number)), 0
                ),
                attendance=Cast(Sum("present"), models.FloatField()) / NullIf(Sum("expected"), 0),
            )
        )


class MonthTally(models.Model):
    """One branch's month as the compliance pages count it: the meetings held, their
    attendance, and how the obligations whose period ends with the month stand.

    Kept in step with the records in the transaction that writes them (activities.tallies),
    so that the board reads counts instead of working out every branch's year. Whether an
    unmet obligation is missed or still due depends on the day asked: it is read off
    `ends_on` then.
    """

    branch = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    ends_on = models.DateField()

    # Meetings held, one count per Meeting.Kind.
    held_general = models.PositiveIntegerField(default=0)
    held_committee = models.PositiveIntegerField(default=0)
    held_group = models.PositiveIntegerField(default=0)
    held_lecture = models.PositiveIntegerField(default=0)
    held_theme_day = models.PositiveIntegerField(default=0)
    held_life_meeting = models.PositiveIntegerField(default=0)
    held_appraisal = models.PositiveIntegerField(default=0)
    held_talk = models.PositiveIntegerField(default=0)
    # Attendance rows of the meetings that take attendance, and of them those present.
    expected = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    # Obligations whose month, quarter or year ends with this month, and how many are met.
    month_obligations = models.PositiveSmallIntegerField(default=0)
    month_met = models.PositiveSmallIntegerField(default=0)
    quarter_obligations = models.PositiveSmallIntegerField(default=0)
    quarter_met = models.PositiveSmallIntegerField(default=0)
    year_obligations = models.PositiveSmallIntegerField(default=0)
    year_met = models.PositiveSmallIntegerField(default=0)

    objects = MonthTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["branch", "year", "month"], name="one_tally_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.branch_id} {self.year}-{self.month:02d}"

    def outstanding(self, length: str) -> int:
        return getattr(self, f"{length}_obligations") - getattr(self, f"{length}_met")
