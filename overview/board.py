"""The HQ board's rows, one per branch, cached under the branch's `ledger_version` like
its compliance record (activities.ledger_cache) and for the day."""

from django.core.cache import cache

from activities.compliance import load_records
from activities.ledger_cache import CACHE_SECONDS
from rectifications.models import Item


def board_rows(branches, periods, today):
    """A row per branch: the summaries of `periods` (month, quarter, year), the month
    statuses, the year's attendance rate, open and overdue rectification items."""
    month, quarter, year = periods
    keys = {
        branch.pk: f"board:{branch.pk}:{branch.ledger_version}:{month.year}:{month.number}:{today}"
        for branch in branches
    }
    cached = cache.get_many(keys.values())
    missing = [branch for branch in branches if keys[branch.pk] not in cached]
    if missing:
        records = load_records(missing, year.year)
        items = Item.objects.filter(branch__in=[b.pk for b in missing]).open_and_overdue_by_branch(
            today
        )
        fresh = {}
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
