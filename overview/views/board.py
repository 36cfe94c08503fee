from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from branches.access import AccessRequest
from core.periods import Frequency, Period
from core.years import offered_years, parse_year_and_month

from ..board import SORTS, board_page

MONTH, QUARTER, YEAR = Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR


@require_safe
@login_required
def board(request: AccessRequest) -> HttpResponse:
    """HQ's board: every branch it oversees, one row each, the ones behind first."""
    today = timezone.localdate()
    year, month = parse_year_and_month(request.GET, today)
    if year > today.year:  # never offered; it would be counted for every branch, for good
        year, month = today.year, today.month
    month_period = Period(MONTH, year, month)
    quarter_period = Period.containing(QUARTER, month_period.start)
    year_period = Period(YEAR, year)
    branches = request.access.branches().only("name", "short_name", "path", "founded_on")
    sort = request.GET.get("sort", "")
    if sort not in SORTS:
        sort = "behind"
    page = board_page(
        branches, (month_period, quarter_period, year_period), today, sort, request.GET.get("page")
    )
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
            # Only the earliest founded of them decides the years offered.
            "years": offered_years(branches.exclude(founded_on=None).order_by("founded_on")[:1]),
            "month_numbers": range(1, 13),
        },
    )
