"""Months, quarters and years: the periods obligations are counted in."""

import datetime
from dataclasses import dataclass
from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTH = "month", _("per month")
    QUARTER = "quarter", _("per quarter")
    YEAR = "year", _("per year")


MONTHS_IN: dict[str, int] = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.YEAR: 12}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int = 1  # the month (1–12) or the quarter (1–4); 1 for a year

    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> Self:
        months = MONTHS_IN[kind]
        return cls(kind, day.year, (day.month - 1) // months + 1)

    @property
    def months(self) -> range:
        length = MONTHS_IN[self.kind]
        first = (self.number - 1) * length + 1
        return range(first, first + length)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.months[0], 1)

    @property
    def end(self) -> datetime.date:
        last = self.months[-1]
        if last == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, last + 1, 1) - datetime.timedelta(days=1)

    def is_over(self, today: datetime.date) -> bool:
        return self.end < today

    def parts(self, kind: str) -> list["Period"]:
        """The periods of `kind` that make up this one (a quarter's three months …)."""
        length = MONTHS_IN[kind]
        if length > MONTHS_IN[self.kind]:
            return []
        return [
            Period(kind, self.year, (month - 1) // length + 1) for month in self.months[::length]
        ]

    def __str__(self) -> str:
        if self.kind == Frequency.MONTH:
            return _("%(year)s, month %(number)s") % {"year": self.year, "number": self.number}
        if self.kind == Frequency.QUARTER:
            return _("Q%(number)s %(year)s") % {"year": self.year, "number": self.number}
        return str(self.year)
