"""The HQ board: a row per branch, read off the counts kept as records are written
(activities.tallies), sorted and cut into pages by the database."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, OrderBy, QuerySet

from activities import tallies
from activities.models import MonthTally
from branches.models import Organization
from core.periods import Period
from rectifications.models import Item

# The branches behind come first; the rest are a click away.
BRANCHES_PER_PAGE = 50
SORTS: dict[str, Sequence[str | OrderBy]] = {
    # Behind first: most missed obligations this year, then this quarter, then due.
    "behind": ("-year_missed", "-quarter_missed", "-month_missed", "-year_due", "path"),
    "name": ("path",),
    # Most overdue rectification items first, then most open ones.
    "rectification": ("-overdue_items", "-open_items", "path"),
    # The lowest attendance first; branches without an attendance sheet last.
    "attendance": (F("attendance").asc(nulls_last=True), "path"),
}


class BoardRow(tallies.Figures):
    branch: Organization
    open_items: int
    overdue_items: int


def board_page(
    branches: QuerySet[Organization],
    periods: tuple[Period, Period, Period],
    today: date,
    sort: str,
    number: str | None,
) -> Page[BoardRow]:
    """Page `number` of `branches` sorted by `sort` (one of SORTS), a BoardRow each: the
    summaries of `periods` (a month, its quarter, the year), the month statuses, the
    year's attendance rate, open and overdue rectification items. The same queries for
    any number of branches."""
    month, quarter, year = periods
    tallies.cover(branches, year.year)
    standing = MonthTally.objects.filter(branch__in=branches, year=year.year).standing(
        today, month, quarter
    )
    if sort == "rectification":
        standing = standing.annotate(**Item.objects.counts_of_branch("branch", today))
    # Its pages hold the rows of `standing`, and are handed back holding BoardRows.
    paginator: Paginator[Any] = Paginator(standing.order_by(*SORTS[sort]), BRANCHES_PER_PAGE)
    page = paginator.get_page(number)
    ids = [row["branch"] for row in page.object_list]
    shown = branches.in_bulk(ids)
    months = defaultdict(list)
    for tally in MonthTally.objects.filter(branch__in=ids, year=year.year).order_by("month"):
        months[tally.branch_id].append(tally)
    items = Item.objects.filter(branch__in=ids).open_and_overdue_by_branch(today)
    rows: list[BoardRow] = []
    for pk in ids:
        open_items, overdue_items = items.get(pk, (0, 0))
        rows.append(
            {
                **tallies.figures(months[pk], periods, today),
                "branch": shown[pk],
                "open_items": open_items,
                "overdue_items": overdue_items,
            }
        )
    return Page(rows, page.number, page.paginator)
