from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from branches.access import AccessRequest
from core.periods import Frequency, Period
from core.years import offered_years, parse_year_and_month

from ..board import board_rows

MONTH, QUARTER, YEAR = Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR
# The branches behind come first; the rest are a click away.
BRANCHES_PER_PAGE = 50
SORTS = {
    # Behind first: most missed obligations this year, then this quarter, then due.
    "behind": lambda row: (
        -row["year"]["missed"],
        -row["quarter"]["missed"],
        -row["month"]["missed"],
        -row["year"]["due"],
        row["branch"].path,
    ),
    "name": lambda row: row["branch"].path,
    # Most overdue rectification items first, then most open ones.
    "rectification": lambda row: (-row["overdue_items"], -row["open_items"], row["branch"].path),
    "attendance": lambda row: (
        row["attendance"] if row["attendance"] is not None else 2,
        row["branch"].path,
    ),
}


@require_safe
@login_required
def board(request: AccessRequest) -> HttpResponse:
    """HQ's board: every branch it oversees, one row each, the ones behind first."""
    today = timezone.localdate()
    year, month = parse_year_and_month(request.GET, today)
    month_period = Period(MONTH, year, month)
    quarter_period = Period.containing(QUARTER, month_period.start)
    year_period = Period(YEAR, year)
    branches = list(
        request.access.branches().only("name", "short_name", "path", "founded_on", "ledger_version")
    )
    rows = board_rows(branches, (month_period, quarter_period, year_period), today)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "behind"
    rows.sort(key=SORTS[sort])  # type: ignore[index]  # `sort` is one of SORTS
    page = Paginator(rows, BRANCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "overview/board.html",
        {
            "page": page,
            "year": year,
            "month": month,
            "month_period": month_period,
            "quarter_period": quarter_period,
            "sort": sort,
            "years": offered_years(branches),
            "month_numbers": range(1, 13),
        },
    )
