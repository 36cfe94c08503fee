from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from ..compliance import Period, Status, load_records
from ..models import ComplianceRule

Frequency = ComplianceRule.Frequency
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
    "attendance": lambda row: (
        row["attendance"] if row["attendance"] is not None else 2,
        row["branch"].path,
    ),
}


def _selected_period(request):
    """The year and month asked for; the current ones by default."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month if year == today.year else 12))
    except ValueError:
        year, month = today.year, today.month
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        year, month = today.year, today.month
    return today, year, month


@login_required
def board(request):
    """HQ's board: every branch it oversees, one row each, the ones behind first."""
    today, year, month = _selected_period(request)
    month_period = Period(MONTH, year, month)
    quarter_period = Period.containing(QUARTER, month_period.start)
    year_period = Period(YEAR, year)
    branches = request.access.branches().select_related("parent")
    records = load_records(branches, year)
    rows = [
        {
            "branch": record.branch,
            "month": record.summary(month_period, today),
            "quarter": record.summary(quarter_period, today),
            "year": record.summary(year_period, today),
            "months": record.month_statuses(today),
            "attendance": record.attendance_rate(year_period),
        }
        for record in records.values()
    ]
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "behind"
    rows.sort(key=SORTS[sort])
    return render(
        request,
        "activities/board.html",
        {
            "rows": rows,
            "year": year,
            "month": month,
            "month_period": month_period,
            "quarter_period": quarter_period,
            "sort": sort,
            "years": range(today.year, today.year - 6, -1),
            "month_numbers": range(1, 13),
            "Status": Status,
        },
    )


@login_required
def branch_compliance(request, branch_pk):
    """One branch's year: every rule against every month, quarter and the year."""
    branch = request.access.branch_or_404(branch_pk)
    today, year, _month = _selected_period(request)
    record = load_records([branch], year)[branch.pk]
    year_period = Period(YEAR, year)
    lines = {}
    for obligation in record.obligations(year_period, today):
        key = (obligation.meeting_kind, obligation.scope, obligation.subject)
        line = lines.setdefault(key, {"label": obligation.label, "cells": []})
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
            "years": range(today.year, today.year - 6, -1),
            "month_numbers": range(1, 13),
        },
    )
