"""The HQ board's rows, one per branch, cached under the branch's `ledger_version` like
its compliance record (activities.ledger_cache) and for the day."""

from collections.abc import Sequence
from datetime import date
from typing import TypedDict

from django.core.cache import cache

from activities.compliance import load_records
from activities.ledger_cache import CACHE_SECONDS
from branches.models import Organization
from core.periods import Period
from rectifications.models import Item

# done / due / missed obligations of a period (activities.compliance.BranchRecord.summary).
Summary = dict[str, int]


class Figures(TypedDict):
    """What the board shows of a branch, as cached."""

    month: Summary
    quarter: Summary
    year: Summary
    summaries: list[Summary]
    months: list[str | None]  # each month's worst status, None where nothing applies
    attendance: float | None
    open_items: int
    overdue_items: int


class BoardRow(Figures):
    branch: Organization


def board_rows(
    branches: Sequence[Organization], periods: tuple[Period, Period, Period], today: date
) -> list[BoardRow]:
    """A row per branch: the summaries of `periods` (month, quarter, year), the month
    statuses, the year's attendance rate, open and overdue rectification items."""
    month, quarter, year = periods
    keys = {
        branch.pk: f"board:{branch.pk}:{branch.ledger_version}:{month.year}:{month.number}:{today}"
        for branch in branches
    }
    cached: dict[str, Figures] = cache.get_many(keys.values())
    missing = [branch for branch in branches if keys[branch.pk] not in cached]
    if missing:
        records = load_records(missing, year.year)
        items = Item.objects.filter(branch__in=[b.pk for b in missing]).open_and_overdue_by_branch(
            today
        )
        fresh: dict[str, Figures] = {}
        for record in records.values():
            summaries = [record.summary(period, today) for period in periods]
            open_items, overdue_items = items.get(record.branch.pk, (0, 0))
            fresh[keys[record.branch.pk]] = {
                "month": summaries[0],
                "quarter": summaries[1],
                "year": summaries[2],
                "summaries": summaries,
                "months": record.month_statuses(today),
                "attendance": record.attendance_rate(year),
                "open_items": open_items,
                "overdue_items": overdue_items,
            }
        cache.set_many(fresh, CACHE_SECONDS)
        cached.update(fresh)
    return [{**cached[keys[branch.pk]], "branch": branch} for branch in branches]
