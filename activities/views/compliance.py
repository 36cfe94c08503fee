from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from core.years import offered_years, parse_year

from ..compliance import Period
from ..ledger_cache import board_rows, branch_record
from ..models import ComplianceRule

Frequency = ComplianceRule.Frequency
# The branches behind come first; the rest are a click away.
BRANCHES_PER_PAGE = 50
MONTH, QUARTER, YEAR = Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR
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


def _selected_period(request):
    """The year and month asked for; the current ones by default."""
    today = timezone.localdate()
    year = parse_year(request.GET.get("year"))
    if year is None:
        return today, today.year, today.month
    default_month = today.month if year == today.year else 12
    try:
        month = int(request.GET.get("month", default_month))
    except ValueError:
        month = default_month
    return today, year, month if 1 <= month <= 12 else default_month


@login_required
def board(request):
    """HQ's board: every branch it oversees, one row each, the ones behind first."""
    today, year, month = _selected_period(request)
    month_period = Period(MONTH, year, month)
    quarter_period = Period.containing(QUARTER, month_period.start)
    year_period = Period(YEAR, year)
    branches = list(
        request.access.branches().only("name", "short_name", "path", "founded_on", "ledger_version")
    )
    rows = board_rows(branches, (month_period, quarter_period, year_period), today)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "behind"
    rows.sort(key=SORTS[sort])
    page = Paginator(rows, BRANCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/board.html",
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


@login_required
def branch_compliance(request, branch_pk):
    """One branch's year: every rule against every month, quarter and the year."""
    branch = request.access.branch_or_404(branch_pk)
    today, year, asked_month = _selected_period(request)
    record = branch_record(branch, year)
    year_period = Period(YEAR, year)
    lines = {}
    for obligation in record.obligations(year_period, today):
        key = (obligation.meeting_kind, obligation.scope, obligation.subject)
        line = lines.setdefault(key, {"label": obligation.label, "cells": []})
        first_month = obligation.period.months[0]
        if not line["cells"] and first_month > 1:
            # Founded (or its group set up) during the year: nothing owed before, and the
            # first cell still stands under its own month.
            line["cells"].append((None, first_month - 1))
        line["cells"].append((obligation, len(obligation.period.months)))
    return render(
        request,
        "activities/branch_compliance.html",
        {
            "branch": branch,
            "year": year,
            "lines": lines.values(),
            "summary": record.summary(year_period, today),
            "attendance": [
                record.attendance_rate(Period(MONTH, year, month)) for month in range(1, 13)
            ],
            "year_attendance": record.attendance_rate(year_period),
            "years": offered_years([branch]),
            "month_numbers": range(1, 13),
            # The month a chip of the board opens, marked out in the grid.
            "selected_month": asked_month if "month" in request.GET else None,
        },
    )
