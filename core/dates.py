"""Dates a person types, checked for what can be true before they reach the ledger.

Every date field of a model carries one of these validators, so a meeting on 0001-01-01,
a member born in 2090 or a key node due in year 1 is refused with a clear message
wherever the date comes from: a form, an import, the admin.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from .years import FIRST_YEAR

PARTY_FOUNDED = datetime.date(1921, 7, 1)  # no branch, group or member is older
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
# Records of the ledger: none before the first year a page or filter can choose.
LEDGER_START = datetime.date(FIRST_YEAR, 1, 1)
# Plans (deadlines, key nodes, terms, contracts) reach this far ahead at most.
YEARS_AHEAD = 20
ADULT_AGE = 18  # the Party Constitution admits members from 18


@deconstructible
class PlausibleDate:
    """Not before `earliest`; not after today for something that has happened
    (`happened=True`), nor more than YEARS_AHEAD years ahead for a plan."""

    def __init__(self, earliest: datetime.date = LEDGER_START, happened: bool = False) -> None:
        self.earliest = earliest
        self.happened = happened

    def __call__(self, value: datetime.date) -> None:
        today = timezone.localdate()
        if value < self.earliest:
            raise ValidationError(
                _("%(date)s is too early: nothing here is dated before %(earliest)s.")
                % {"date": _format(value), "earliest": _format(self.earliest)},
                code="too_early",
            )
        if self.happened and value > today:
            raise ValidationError(
                _("%(date)s is still to come: give the day it happened, today at the latest.")
                % {"date": _format(value)},
                code="in_the_future",
            )
        if value.year > today.year + YEARS_AHEAD:
            raise ValidationError(
                _("%(date)s is more than %(years)s years ahead: check the year.")
                % {"date": _format(value), "years": YEARS_AHEAD},
                code="too_far_ahead",
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleDate) and (self.earliest, self.happened) == (
            other.earliest,
            other.happened,
        )


def years_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole years from `earlier` to `later` (an age)."""
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def _format(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


happened = PlausibleDate(happened=True)
planned = PlausibleDate()
happened_in_history = PlausibleDate(earliest=PARTY_FOUNDED, happened=True)
planned_in_history = PlausibleDate(earliest=PARTY_FOUNDED)
born = PlausibleDate(earliest=EARLIEST_BIRTH, happened=True)
