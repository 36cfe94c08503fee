"""Years typed into addresses and filters. The ledger holds nothing before 2000."""

from collections.abc import Iterable
from datetime import date
from typing import Protocol, overload

from django.http import QueryDict
from django.utils import timezone

FIRST_YEAR = 2000
LAST_YEAR = 2100
RECENT_YEARS = 6  # offered whatever a branch's age: this year and the five before


@overload
def parse_year(value: str | int | None, default: int, last: int = LAST_YEAR) -> int: ...
@overload
def parse_year(
    value: str | int | None, default: None = None, last: int = LAST_YEAR
) -> int | None: ...
def parse_year(
    value: str | int | None, default: int | None = None, last: int = LAST_YEAR
) -> int | None:
    """`value` as a year from FIRST_YEAR to `last`, or `default` for anything else."""
    if value is None:
        return default
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= last else default


class Founded(Protocol):
    """A branch, as far as its years go (core imports no project app)."""

    @property
    def founded_on(self) -> date | None: ...


def offered_years(branches: Iterable[Founded] = (), ahead: int = 0) -> range:
    """The years a page about `branches` offers, the latest first: this year (and `ahead`
    more) back to the year the first of them was founded, and at least RECENT_YEARS, so
    that a branch's early years stay a click away however long it keeps its ledger."""
    this_year = timezone.localdate().year
    founded = [branch.founded_on.year for branch in branches if branch.founded_on]
    earliest = min([this_year - RECENT_YEARS + 1, *founded])
    return range(this_year + ahead, max(earliest, FIRST_YEAR) - 1, -1)


def parse_year_and_month(query: QueryDict, today: date) -> tuple[int, int]:
    """The year and month a page's query asks for: this month by default, December of
    another year when only the year is given."""
    year = parse_year(query.get("year"))
    if year is None:
        return today.year, today.month
    default_month = today.month if year == today.year else 12
    try:
        month = int(query.get("month", default_month))
    except ValueError:
        month = default_month
    return year, month if 1 <= month <= 12 else default_month
